//! The overdue job's write: once per dossier, a history line and an outbox event.

use serde_json::json;
use time::OffsetDateTime;

use motcua_domain::dossier::{HistoryAction, HistoryDetail};

use super::history::{HistoryLine, history_in, outbox_in};
use super::row::{COLUMNS, from_row};
use super::stored;
use crate::{Result, Store, to_ms};

impl Store {
    /// Records, once per dossier, that dossiers passed their appointment: a history line
    /// and an outbox event each. Safe to run on several nodes at once. Returns how many.
    pub async fn record_overdue(&self, now: OffsetDateTime, limit: i64) -> Result<usize> {
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE status IN ('received', 'processed') AND due_at < $1 \
             AND overdue_recorded_at IS NULL ORDER BY due_at LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(to_ms(now))
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        let mut recorded = 0;
        for d in rows.iter().map(from_row) {
            let d = d?;
            let mut tx = self.write.begin().await?;
            let claimed = sqlx::query(
                "UPDATE dossiers SET overdue_recorded_at = $1 WHERE id = $2 AND overdue_recorded_at IS NULL",
            )
            .bind(to_ms(now))
            .bind(d.id.get())
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() != 1 {
                continue; // another node got it first
            }
            let detail = HistoryDetail {
                due_at: d.state.due_at,
                ..HistoryDetail::default()
            };
            let line = HistoryLine {
                dossier_id: d.id,
                actor: None,
                action: HistoryAction::Overdue,
                from: Some(&d.state),
                to: &d.state,
                detail: &detail,
                now,
            };
            history_in(&mut tx, line).await?;
            outbox_in(
                &mut tx,
                "dossier.overdue",
                &d.code,
                json!({"code": d.code, "status": stored::status(d.state.status)}),
                now,
            )
            .await?;
            tx.commit().await?;
            recorded += 1;
        }
        Ok(recorded)
    }
}
