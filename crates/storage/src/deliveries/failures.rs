//! What administrators see of deliveries: the failed ones (with the error's code), counts by
//! state, one delivery, and putting a failed delivery back in the queue.

use motcua_domain::ids::{DeliveryId, UserId};
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::{DeliveryRecord, DeliveryState, stored};
use crate::{Result, Store, audit, from_ms, to_ms};

const COLUMNS: &str = "id, idempotency_key, outbox_id, channel, kind, state, attempts, last_error, last_error_detail, \
                       created_at, updated_at, next_try_at, sent_at, receipt, lease_owner";

fn record(r: &AnyRow) -> Result<DeliveryRecord> {
    Ok(DeliveryRecord {
        id: DeliveryId(r.try_get("id")?),
        key: r.try_get("idempotency_key")?,
        outbox_id: r.try_get("outbox_id")?,
        channel: stored::parse_channel(&r.try_get::<String, _>("channel")?)?,
        kind: r.try_get("kind")?,
        state: stored::parse_state(&r.try_get::<String, _>("state")?)?,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        last_error_detail: r.try_get("last_error_detail")?,
        created_at: from_ms(r.try_get("created_at")?),
        updated_at: from_ms(r.try_get("updated_at")?),
        next_try_at: from_ms(r.try_get("next_try_at")?),
        sent_at: r.try_get::<Option<i64>, _>("sent_at")?.map(from_ms),
        receipt: r.try_get("receipt")?,
        owner: r.try_get("lease_owner")?,
    })
}

impl Store {
    /// Deliveries in `state`, most recently changed first.
    pub async fn deliveries_in(&self, state: DeliveryState, limit: i64) -> Result<Vec<DeliveryRecord>> {
        let sql =
            format!("SELECT {COLUMNS} FROM deliveries WHERE state = $1 ORDER BY updated_at DESC, id DESC LIMIT $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(stored::state(state))
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(record).collect()
    }

    /// One delivery.
    pub async fn delivery(&self, id: DeliveryId) -> Result<Option<DeliveryRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM deliveries WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.get())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(record).transpose()
    }

    /// The delivery stored under an idempotency key.
    pub async fn delivery_by_key(&self, key: &str) -> Result<Option<DeliveryRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM deliveries WHERE idempotency_key = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(key)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(record).transpose()
    }

    /// How many deliveries are in each state (states without any are left out).
    pub async fn delivery_counts(&self) -> Result<Vec<(DeliveryState, i64)>> {
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state ORDER BY state")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((stored::parse_state(&r.try_get::<String, _>("state")?)?, r.try_get("n")?)))
            .collect()
    }

    /// Puts a failed delivery back in the queue, due now with its attempts counted from zero,
    /// and records who did it. `false` when it is not (or no longer) failed.
    pub async fn retry_delivery(&self, id: DeliveryId, actor: UserId, now: OffsetDateTime) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE deliveries SET state = 'pending', attempts = 0, next_try_at = $2, lease_owner = NULL, \
             lease_until = NULL, updated_at = $2 WHERE id = $1 AND state = 'failed'",
        )
        .bind(id.get())
        .bind(to_ms(now))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        audit::record(
            &mut tx,
            Some(actor),
            "notification.retried",
            ("delivery", &id.to_string()),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
