//! Satisfaction ratings: one per dossier, with the officers who handled it (and the agency
//! and unit they acted in), read per officer and per agency or unit.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use motcua_domain::ids::{AgencyId, DossierId, ProcedureId, UnitId, UserId};
use motcua_domain::rating::Rating;

use crate::dossiers::outbox_in;
use crate::{Result, StorageError, Store, audit, from_ms, to_ms};

/// A stored rating with its dossier's code and procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingRecord {
    pub dossier_id: DossierId,
    pub dossier_code: String,
    pub procedure_id: ProcedureId,
    pub applicant_id: UserId,
    /// The agency that received the dossier.
    pub agency_id: AgencyId,
    pub rating: Rating,
    /// When it was first given (the seven days to change it count from here).
    pub rated_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

/// An officer who acted on a rated dossier, in the agency and unit they acted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RatingHandler {
    pub user_id: UserId,
    pub agency_id: AgencyId,
    pub unit_id: Option<UnitId>,
}

/// A first rating to store.
#[derive(Debug, Clone)]
pub struct NewRating<'a> {
    pub dossier_id: DossierId,
    pub dossier_code: &'a str,
    pub applicant_id: UserId,
    pub agency_id: AgencyId,
    pub rating: &'a Rating,
    pub handlers: &'a [RatingHandler],
    pub now: OffsetDateTime,
}

/// A change to a rating.
#[derive(Debug, Clone)]
pub struct RatingChange<'a> {
    pub dossier_id: DossierId,
    pub dossier_code: &'a str,
    pub actor: UserId,
    /// The version the applicant saw.
    pub version: i64,
    pub rating: &'a Rating,
    /// Only a rating first given after this instant may change.
    pub rated_after: OffsetDateTime,
    pub now: OffsetDateTime,
}

/// Which ratings to read: every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct RatingFilter {
    /// Ratings of dossiers this officer acted on.
    pub officer: Option<UserId>,
    /// Ratings of dossiers received by this agency or acted on in it …
    pub agency: Option<AgencyId>,
    /// … and, with a unit, acted on in that unit of the agency.
    pub unit: Option<UnitId>,
    /// Given at or after.
    pub from: Option<OffsetDateTime>,
    /// Given before.
    pub until: Option<OffsetDateTime>,
    /// At most this many, newest first.
    pub limit: i64,
}

fn flag(b: Option<bool>) -> Option<i64> {
    b.map(i64::from)
}

fn read_flag(r: &AnyRow, col: &str) -> Result<Option<bool>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(|v| v != 0))
}

const COLUMNS: &str = "r.dossier_id, d.code, d.procedure_id, r.applicant_id, r.agency_id, r.satisfied, r.time_ok, \
    r.attitude_ok, r.clarity_ok, r.comment, r.rated_at, r.updated_at, r.version";

fn from_row(r: &AnyRow) -> Result<RatingRecord> {
    Ok(RatingRecord {
        dossier_id: DossierId(r.try_get("dossier_id")?),
        dossier_code: r.try_get("code")?,
        procedure_id: ProcedureId(r.try_get("procedure_id")?),
        applicant_id: UserId(r.try_get("applicant_id")?),
        agency_id: AgencyId(r.try_get("agency_id")?),
        rating: Rating {
            satisfied: r.try_get::<i64, _>("satisfied")? != 0,
            time: read_flag(r, "time_ok")?,
            attitude: read_flag(r, "attitude_ok")?,
            clarity: read_flag(r, "clarity_ok")?,
            comment: r.try_get("comment")?,
        },
        rated_at: from_ms(r.try_get("rated_at")?),
        updated_at: from_ms(r.try_get("updated_at")?),
        version: r.try_get("version")?,
    })
}

fn payload(code: &str, r: &Rating) -> serde_json::Value {
    json!({"code": code, "satisfied": r.satisfied})
}

impl Store {
    /// The rating of a dossier, if it has one.
    pub async fn rating_of(&self, dossier: DossierId) -> Result<Option<RatingRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM dossier_ratings r JOIN dossiers d ON d.id = r.dossier_id WHERE r.dossier_id = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(dossier.get())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Stores a dossier's first rating with its handlers, an outbox event and the audit
    /// record, in one transaction. A dossier rated meanwhile is `Conflict("rating")`.
    pub async fn add_rating(&self, n: &NewRating<'_>) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let r = n.rating;
        sqlx::query(
            "INSERT INTO dossier_ratings (dossier_id, applicant_id, agency_id, satisfied, time_ok, attitude_ok, \
             clarity_ok, comment, rated_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1)",
        )
        .bind(n.dossier_id.get())
        .bind(n.applicant_id.get())
        .bind(n.agency_id.get())
        .bind(i64::from(r.satisfied))
        .bind(flag(r.time))
        .bind(flag(r.attitude))
        .bind(flag(r.clarity))
        .bind(r.comment.as_str())
        .bind(to_ms(n.now))
        .execute(&mut *tx)
        .await
        .map_err(StorageError::unique("rating"))?;
        for h in n.handlers {
            sqlx::query(
                "INSERT INTO dossier_rating_handlers (dossier_id, user_id, agency_id, unit_id) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(n.dossier_id.get())
            .bind(h.user_id.get())
            .bind(h.agency_id.get())
            .bind(h.unit_id.map(UnitId::get))
            .execute(&mut *tx)
            .await?;
        }
        outbox_in(
            &mut tx,
            "dossier.rated",
            n.dossier_code,
            payload(n.dossier_code, r),
            n.now,
        )
        .await?;
        audit::record(
            &mut tx,
            Some(n.applicant_id),
            "rating.add",
            ("dossier", n.dossier_code),
            json!({"satisfied": r.satisfied, "handlers": n.handlers.len()}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes a rating seen at `version`, if it was first given after `rated_after` (the
    /// start of the window in which it may change). A stale version or a closed window
    /// writes nothing: `Conflict("version")`.
    pub async fn change_rating(&self, c: &RatingChange<'_>) -> Result<()> {
        let (dossier, code, actor, version, rating, rated_after, now) = (
            c.dossier_id,
            c.dossier_code,
            c.actor,
            c.version,
            c.rating,
            c.rated_after,
            c.now,
        );
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE dossier_ratings SET satisfied = $1, time_ok = $2, attitude_ok = $3, clarity_ok = $4, comment = $5, \
             updated_at = $6, version = version + 1 WHERE dossier_id = $7 AND version = $8 AND rated_at > $9",
        )
        .bind(i64::from(rating.satisfied))
        .bind(flag(rating.time))
        .bind(flag(rating.attitude))
        .bind(flag(rating.clarity))
        .bind(rating.comment.as_str())
        .bind(to_ms(now))
        .bind(dossier.get())
        .bind(version)
        .bind(to_ms(rated_after))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::Conflict("version"));
        }
        outbox_in(&mut tx, "dossier.rating_changed", code, payload(code, rating), now).await?;
        audit::record(
            &mut tx,
            Some(actor),
            "rating.change",
            ("dossier", code),
            json!({"satisfied": rating.satisfied, "version": version + 1}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The officers recorded with a dossier's rating.
    pub async fn rating_handlers(&self, dossier: DossierId) -> Result<Vec<RatingHandler>> {
        let rows = sqlx::query(
            "SELECT user_id, agency_id, unit_id FROM dossier_rating_handlers WHERE dossier_id = $1 \
             ORDER BY agency_id, user_id",
        )
        .bind(dossier.get())
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(handler).collect()
    }

    /// The handlers of the ratings of `agency` (for a breakdown by unit): dossier and handler.
    pub async fn rating_handlers_in(&self, agency: AgencyId) -> Result<Vec<(DossierId, RatingHandler)>> {
        let rows = sqlx::query(
            "SELECT dossier_id, user_id, agency_id, unit_id FROM dossier_rating_handlers WHERE agency_id = $1",
        )
        .bind(agency.get())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((DossierId(r.try_get("dossier_id")?), handler(r)?)))
            .collect()
    }

    /// Ratings matching `f`, newest first.
    pub async fn ratings(&self, f: &RatingFilter) -> Result<Vec<RatingRecord>> {
        let mut conds: Vec<String> = Vec::new();
        let mut binds: Vec<i64> = Vec::new();
        let next = |v: i64, binds: &mut Vec<i64>| {
            binds.push(v);
            format!("${}", binds.len())
        };
        if let Some(o) = f.officer {
            let p = next(o.get(), &mut binds);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM dossier_rating_handlers h WHERE h.dossier_id = r.dossier_id AND h.user_id = {p})"
            ));
        }
        match (f.agency, f.unit) {
            (Some(a), Some(u)) => {
                let pa = next(a.get(), &mut binds);
                let pu = next(u.get(), &mut binds);
                conds.push(format!(
                    "EXISTS (SELECT 1 FROM dossier_rating_handlers h WHERE h.dossier_id = r.dossier_id \
                     AND h.agency_id = {pa} AND h.unit_id = {pu})"
                ));
            }
            (Some(a), None) => {
                let pa = next(a.get(), &mut binds);
                conds.push(format!(
                    "(r.agency_id = {pa} OR EXISTS (SELECT 1 FROM dossier_rating_handlers h \
                     WHERE h.dossier_id = r.dossier_id AND h.agency_id = {pa}))"
                ));
            }
            _ => {}
        }
        if let Some(t) = f.from {
            let p = next(to_ms(t), &mut binds);
            conds.push(format!("r.rated_at >= {p}"));
        }
        if let Some(t) = f.until {
            let p = next(to_ms(t), &mut binds);
            conds.push(format!("r.rated_at < {p}"));
        }
        let limit = next(f.limit.max(0), &mut binds);
        let filter = if conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conds.join(" AND "))
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM dossier_ratings r JOIN dossiers d ON d.id = r.dossier_id {filter} \
             ORDER BY r.rated_at DESC, r.dossier_id DESC LIMIT {limit}"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter().map(from_row).collect()
    }
}

fn handler(r: &AnyRow) -> Result<RatingHandler> {
    Ok(RatingHandler {
        user_id: UserId(r.try_get("user_id")?),
        agency_id: AgencyId(r.try_get("agency_id")?),
        unit_id: r.try_get::<Option<i64>, _>("unit_id")?.map(UnitId),
    })
}

#[cfg(feature = "test-support")]
impl Store {
    /// Tests only: moves the time a dossier was first rated (the seven days in which the
    /// rating may change are counted from it).
    pub async fn backdate_rating(&self, dossier: DossierId, rated_at: OffsetDateTime) -> Result<()> {
        sqlx::query("UPDATE dossier_ratings SET rated_at = $1 WHERE dossier_id = $2")
            .bind(to_ms(rated_at))
            .bind(dossier.get())
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
