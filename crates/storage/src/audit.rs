//! The append-only audit trail. Every write path records what happened here, in the same
//! transaction as the change. The database refuses UPDATE and DELETE on the table.

use motcua_domain::ids::UserId;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::{Result, Store, now_ms};

/// One recorded action, as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<UserId>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub detail: String,
}

/// Appends an entry inside the caller's transaction. `detail` must hold no personal data.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    actor_id: Option<UserId>,
    action: &str,
    object: (&str, &str),
    detail: serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(now_ms())
    .bind(actor_id.map(UserId::get))
    .bind(action)
    .bind(object.0)
    .bind(object.1)
    .bind(detail.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Records an action that has no other write (a sign-in, a refused sign-in).
    pub async fn audit(
        &self,
        actor_id: Option<UserId>,
        action: &str,
        object: (&str, &str),
        detail: serde_json::Value,
    ) -> Result<()> {
        let mut conn = self.write.acquire().await?;
        record(&mut conn, actor_id, action, object, detail).await
    }

    /// The most recent entries, newest first.
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, action, object_type, object_id, detail FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor_id: r.try_get::<Option<i64>, _>("actor_id")?.map(UserId),
                    action: r.try_get("action")?,
                    object_type: r.try_get("object_type")?,
                    object_id: r.try_get("object_id")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }
}
