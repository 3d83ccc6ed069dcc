//! Return by post: the delivery address and where the parcel is, each change written with
//! its history line (the dossier's timeline), an outbox event and the audit record in one
//! transaction, compared-and-set on the row's version.

use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::{Date, OffsetDateTime};

use motcua_domain::dossier::{HistoryAction, HistoryDetail};
use motcua_domain::ids::{DossierId, UserId};
use motcua_domain::postal::{DeliveryAddress, PostalEvent, PostalState, PostalStatus};

use crate::dossiers::stored::parse_date;
use crate::dossiers::{HistoryLine, history_in, outbox_in};
use crate::{DossierRecord, Result, StorageError, Store, audit, from_ms, to_ms};

/// A dossier's postal delivery as stored.
#[derive(Clone, PartialEq, Eq)]
pub struct PostalRecord {
    pub dossier_id: DossierId,
    pub address: DeliveryAddress,
    pub state: PostalState,
    pub delivered_on: Option<Date>,
    pub returned_on: Option<Date>,
    pub requested_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

impl std::fmt::Debug for PostalRecord {
    // The address is personal: keep it out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostalRecord")
            .field("dossier_id", &self.dossier_id)
            .field("status", &self.state.status)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// The applicant's choice of the post, or a new address.
pub struct PostalChoice<'a> {
    pub dossier: &'a DossierRecord,
    pub actor: UserId,
    pub address: &'a DeliveryAddress,
    /// The version of the postal row the applicant saw; none when there was none.
    pub version: Option<i64>,
    pub now: OffsetDateTime,
}

/// An officer's record of a postal step.
pub struct PostalStep<'a> {
    pub dossier: &'a DossierRecord,
    pub actor: UserId,
    pub version: i64,
    pub event: &'a PostalEvent,
    /// The state after the event (decided by `motcua_domain::postal::apply`).
    pub after: &'a PostalState,
    pub now: OffsetDateTime,
}

fn status_text(s: PostalStatus) -> &'static str {
    match s {
        PostalStatus::Requested => "requested",
        PostalStatus::HandedToPost => "handed_to_post",
        PostalStatus::Delivered => "delivered",
        PostalStatus::ReturnedUndelivered => "returned_undelivered",
    }
}

fn parse_status(s: &str) -> Result<PostalStatus> {
    PostalStatus::ALL
        .into_iter()
        .find(|x| status_text(*x) == s)
        .ok_or_else(|| StorageError::Corrupt(format!("postal status {s}")))
}

fn day(r: &AnyRow, col: &str) -> Result<Option<Date>> {
    Ok(r.try_get::<Option<String>, _>(col)?.as_deref().and_then(parse_date))
}

fn from_row(r: &AnyRow) -> Result<PostalRecord> {
    Ok(PostalRecord {
        dossier_id: DossierId(r.try_get("dossier_id")?),
        address: DeliveryAddress {
            recipient: r.try_get("recipient")?,
            phone: r.try_get("phone")?,
            street: r.try_get("street")?,
            commune_code: r.try_get("commune_code")?,
        },
        state: PostalState {
            status: parse_status(&r.try_get::<String, _>("status")?)?,
            handed_on: day(r, "handed_on")?,
            tracking_number: r.try_get("tracking_number")?,
        },
        delivered_on: day(r, "delivered_on")?,
        returned_on: day(r, "returned_on")?,
        requested_at: from_ms(r.try_get("requested_at")?),
        updated_at: from_ms(r.try_get("updated_at")?),
        version: r.try_get("version")?,
    })
}

/// The timeline line, outbox event and audit record of a postal change.
async fn tell(
    conn: &mut AnyConnection,
    d: &DossierRecord,
    actor: UserId,
    status: PostalStatus,
    detail: &HistoryDetail,
    now: OffsetDateTime,
) -> Result<()> {
    let line = HistoryLine {
        dossier_id: d.id,
        actor: Some(actor),
        action: HistoryAction::Postal(status),
        from: Some(&d.state),
        to: &d.state,
        detail,
        now,
    };
    history_in(conn, line).await?;
    let payload = json!({"code": d.code, "postal": status_text(status)});
    outbox_in(conn, "dossier.postal", &d.code, payload, now).await?;
    audit::record(
        conn,
        Some(actor),
        "dossier.postal",
        ("dossier", &d.code),
        json!({"postal": status_text(status)}),
    )
    .await
}

impl Store {
    /// A dossier's postal delivery, if the post was chosen.
    pub async fn postal_of(&self, dossier: DossierId) -> Result<Option<PostalRecord>> {
        let row = sqlx::query(
            "SELECT dossier_id, status, recipient, phone, street, commune_code, tracking_number, handed_on, \
             delivered_on, returned_on, requested_at, updated_at, version FROM dossier_postal WHERE dossier_id = $1",
        )
        .bind(dossier.get())
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Records the applicant's choice of the post (or a new address while the result is
    /// not with the post). A changed row, or one not `requested` any more, is
    /// `Conflict("version")` and writes nothing.
    pub async fn choose_post(&self, c: &PostalChoice<'_>) -> Result<()> {
        let a = c.address;
        let now = to_ms(c.now);
        let mut tx = self.write.begin().await?;
        match c.version {
            None => {
                sqlx::query(
                    "INSERT INTO dossier_postal (dossier_id, status, recipient, phone, street, commune_code, \
                     requested_at, updated_at, version) VALUES ($1, 'requested', $2, $3, $4, $5, $6, $6, 1)",
                )
                .bind(c.dossier.id.get())
                .bind(a.recipient.as_str())
                .bind(a.phone.as_str())
                .bind(a.street.as_str())
                .bind(a.commune_code.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::unique("version"))?;
            }
            Some(v) => {
                let done = sqlx::query(
                    "UPDATE dossier_postal SET recipient = $1, phone = $2, street = $3, commune_code = $4, \
                     updated_at = $5, version = version + 1 \
                     WHERE dossier_id = $6 AND version = $7 AND status = 'requested'",
                )
                .bind(a.recipient.as_str())
                .bind(a.phone.as_str())
                .bind(a.street.as_str())
                .bind(a.commune_code.as_str())
                .bind(now)
                .bind(c.dossier.id.get())
                .bind(v)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StorageError::Conflict("version"));
                }
            }
        }
        let detail = HistoryDetail::default();
        tell(&mut tx, c.dossier, c.actor, PostalStatus::Requested, &detail, c.now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a postal step seen at `version`. A stale version writes nothing:
    /// `Conflict("version")`.
    pub async fn record_postal(&self, s: &PostalStep<'_>) -> Result<()> {
        let on = s.event.on().to_string();
        let column = match s.event {
            PostalEvent::HandedToPost { .. } => "handed_on",
            PostalEvent::Delivered { .. } => "delivered_on",
            PostalEvent::ReturnedUndelivered { .. } => "returned_on",
        };
        let sql = format!(
            "UPDATE dossier_postal SET status = $1, tracking_number = $2, {column} = $3, updated_at = $4, \
             version = version + 1 WHERE dossier_id = $5 AND version = $6"
        );
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(status_text(s.after.status))
            .bind(s.after.tracking_number.as_deref())
            .bind(on.as_str())
            .bind(to_ms(s.now))
            .bind(s.dossier.id.get())
            .bind(s.version)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::Conflict("version"));
        }
        let detail = HistoryDetail {
            tracking_number: match s.event {
                PostalEvent::HandedToPost { .. } => s.after.tracking_number.clone(),
                _ => None,
            },
            event_date: Some(s.event.on()),
            reason: match s.event {
                PostalEvent::ReturnedUndelivered { note, .. } if !note.trim().is_empty() => Some(note.clone()),
                _ => None,
            },
            ..HistoryDetail::default()
        };
        tell(&mut tx, s.dossier, s.actor, s.after.status, &detail, s.now).await?;
        tx.commit().await?;
        Ok(())
    }
}
