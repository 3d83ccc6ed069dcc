//! The fan-out's side of the outbox: claim events not yet fanned out (a lease, so that one
//! process at a time works on an event), then store an event's deliveries and inbox
//! messages and mark it fanned out (`delivered_at`), in one transaction.

use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::{FanOutCount, NewDelivery, NewInboxItem, OutboxEvent, skip_locked, stored};
use crate::{Result, StorageError, Store, from_ms, to_ms};

impl Store {
    /// Claims up to `limit` events not yet fanned out and not leased by another process
    /// (or whose lease expired), oldest first, for `owner` until `until`.
    pub async fn claim_outbox(
        &self,
        owner: &str,
        now: OffsetDateTime,
        until: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<OutboxEvent>> {
        let sql = format!(
            "UPDATE outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NULL \
             AND (lease_until IS NULL OR lease_until < $3) ORDER BY id LIMIT $4{}) \
             RETURNING id, created_at, topic, aggregate_id, payload, attempts",
            skip_locked(self.backend())
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner)
            .bind(to_ms(until))
            .bind(to_ms(now))
            .bind(limit)
            .fetch_all(&self.write)
            .await?;
        let mut events = rows
            .iter()
            .map(|r| {
                let payload: String = r.try_get("payload")?;
                Ok(OutboxEvent {
                    id: r.try_get("id")?,
                    created_at: from_ms(r.try_get("created_at")?),
                    topic: r.try_get("topic")?,
                    aggregate_id: r.try_get("aggregate_id")?,
                    // A malformed payload must not stop the others: it reads as null.
                    payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        events.sort_by_key(|e| e.id);
        Ok(events)
    }

    /// Stores what an event (or, with `outbox_id` `None`, a scheduled digest) gives: its
    /// deliveries and inbox messages (keys stored before are skipped), and marks the event
    /// fanned out — one transaction. An event that tells nobody is marked with empty lists.
    pub async fn record_fan_out(
        &self,
        outbox_id: Option<i64>,
        deliveries: &[NewDelivery],
        inbox: &[NewInboxItem],
        now: OffsetDateTime,
    ) -> Result<FanOutCount> {
        let mut tx = self.write.begin().await?;
        let mut count = FanOutCount::default();
        for d in deliveries {
            count.deliveries += insert_delivery(&mut tx, d, now).await?;
        }
        for m in inbox {
            count.inbox += insert_inbox(&mut tx, m, now).await?;
        }
        if let Some(id) = outbox_id {
            mark_fanned_out(&mut tx, id, now).await?;
        }
        tx.commit().await?;
        Ok(count)
    }

    /// How many outbox events wait for the fan-out.
    pub async fn outbox_backlog(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE delivered_at IS NULL")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("n")?)
    }
}

async fn mark_fanned_out(conn: &mut AnyConnection, id: i64, now: OffsetDateTime) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET delivered_at = $1, lease_owner = NULL, lease_until = NULL \
         WHERE id = $2 AND delivered_at IS NULL",
    )
    .bind(to_ms(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_delivery(conn: &mut AnyConnection, d: &NewDelivery, now: OffsetDateTime) -> Result<u64> {
    if d.key.is_empty() {
        return Err(StorageError::Corrupt("a delivery without a key".into()));
    }
    let done = sqlx::query(
        "INSERT INTO deliveries (idempotency_key, outbox_id, channel, kind, recipient, user_id, message, state, \
         attempts, next_try_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8, $8) ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&d.key)
    .bind(d.outbox_id)
    .bind(stored::channel(d.channel))
    .bind(&d.kind)
    .bind(&d.recipient)
    .bind(d.user_id.map(|u| u.get()))
    .bind(&d.message)
    .bind(to_ms(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn insert_inbox(conn: &mut AnyConnection, m: &NewInboxItem, now: OffsetDateTime) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO notifications (idempotency_key, user_id, kind, title, body, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(&m.key)
    .bind(m.user_id.get())
    .bind(&m.kind)
    .bind(&m.title)
    .bind(&m.body)
    .bind(m.link.as_deref())
    .bind(to_ms(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
