//! The append-only history, the form-05 rows and the outbox, read and (outside the hot
//! path) written.

use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use motcua_domain::dossier::{DossierState, HistoryAction, HistoryDetail, ResultMethod};
use motcua_domain::ids::{AgencyId, DossierId, UserId};

use super::row::opt_time;
use super::{HandOverRow, HistoryEntry, stored};
use crate::{Result, StorageError, Store, from_ms, to_ms};

/// One line to append to a dossier's history.
pub(crate) struct HistoryLine<'a> {
    pub dossier_id: DossierId,
    pub actor: Option<UserId>,
    pub action: HistoryAction,
    pub from: Option<&'a DossierState>,
    pub to: &'a DossierState,
    pub detail: &'a HistoryDetail,
    pub now: OffsetDateTime,
}

fn step(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

pub(crate) async fn history_in(conn: &mut AnyConnection, h: HistoryLine<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(h.dossier_id.get())
    .bind(to_ms(h.now))
    .bind(h.actor.map(UserId::get))
    .bind(stored::action(h.action))
    .bind(h.from.map(|s| stored::status(s.status)))
    .bind(stored::status(h.to.status))
    .bind(h.from.map(|s| step(s.step)))
    .bind(step(h.to.step))
    .bind(h.to.agency_id.get())
    .bind(stored::detail(h.action, h.detail))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn outbox_in(
    conn: &mut AnyConnection,
    topic: &str,
    code: &str,
    payload: serde_json::Value,
    now: OffsetDateTime,
) -> Result<()> {
    sqlx::query("INSERT INTO outbox (created_at, topic, aggregate_id, payload) VALUES ($1, $2, $3, $4)")
        .bind(to_ms(now))
        .bind(topic)
        .bind(code)
        .bind(payload.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

fn index(n: i64) -> Result<usize> {
    usize::try_from(n).map_err(|_| StorageError::Corrupt(format!("step {n}")))
}

impl Store {
    /// The dossier's history, oldest first.
    pub async fn dossier_history(&self, dossier_id: DossierId) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail \
             FROM dossier_history WHERE dossier_id = $1 ORDER BY id",
        )
        .bind(dossier_id.get())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let from_status: Option<String> = r.try_get("from_status")?;
                Ok(HistoryEntry {
                    at: from_ms(r.try_get("at")?),
                    actor_id: r.try_get::<Option<i64>, _>("actor_id")?.map(UserId),
                    action: stored::parse_action(&r.try_get::<String, _>("action")?)?,
                    from_status: from_status.as_deref().map(stored::parse_status).transpose()?,
                    to_status: stored::parse_status(&r.try_get::<String, _>("to_status")?)?,
                    from_step: r.try_get::<Option<i64>, _>("from_step")?.map(index).transpose()?,
                    to_step: index(r.try_get("to_step")?)?,
                    agency_id: AgencyId(r.try_get("agency_id")?),
                    detail: stored::parse_detail(&r.try_get::<String, _>("detail")?)?,
                })
            })
            .collect()
    }

    /// The process-control rows (form 05), oldest first.
    pub async fn dossier_handovers(&self, dossier_id: DossierId) -> Result<Vec<HandOverRow>> {
        let rows = sqlx::query(
            "SELECT step, agency_id, started_at, finished_at, due_at, timeliness FROM dossier_handovers \
             WHERE dossier_id = $1 ORDER BY id",
        )
        .bind(dossier_id.get())
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HandOverRow {
                    step: r.try_get("step")?,
                    agency_id: AgencyId(r.try_get("agency_id")?),
                    started_at: from_ms(r.try_get("started_at")?),
                    finished_at: from_ms(r.try_get("finished_at")?),
                    due_at: opt_time(r, "due_at")?,
                    timeliness: stored::parse_timeliness(&r.try_get::<String, _>("timeliness")?)?,
                })
            })
            .collect()
    }

    /// How the results of these dossiers were returned (those returned), in one query per
    /// thousand dossiers (the tracking book's "how returned" column).
    pub async fn result_methods(
        &self,
        ids: &[DossierId],
    ) -> Result<std::collections::HashMap<DossierId, ResultMethod>> {
        let mut out = std::collections::HashMap::new();
        for chunk in ids.chunks(1000) {
            // Integers only: safe to write into the statement.
            let list = chunk.iter().map(|i| i.get().to_string()).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "SELECT dossier_id, detail FROM dossier_history WHERE action = 'return_result' AND dossier_id IN ({list})"
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.read).await?;
            for r in &rows {
                let detail = stored::parse_detail(&r.try_get::<String, _>("detail")?)?;
                if let Some(m) = detail.method {
                    out.insert(DossierId(r.try_get("dossier_id")?), m);
                }
            }
        }
        Ok(out)
    }

    /// Outbox events not yet delivered, oldest first: (id, topic, aggregate, payload).
    pub async fn pending_outbox(&self, limit: i64) -> Result<Vec<(i64, String, String, String)>> {
        let rows = sqlx::query(
            "SELECT id, topic, aggregate_id, payload FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("topic")?,
                    r.try_get("aggregate_id")?,
                    r.try_get("payload")?,
                ))
            })
            .collect()
    }
}
