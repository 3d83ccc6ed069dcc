//! The delivery loop's writes. A process claims a batch (a lease: owner + expiry), then for
//! each row: `begin_delivery` (compare-and-set on the lease; counts the attempt and marks
//! the row `sending` BEFORE the message is handed over), the send, and one of
//! `record_sent`, `record_retry`, `record_failure`. A row left `sending` by a process that
//! died is claimed again once its lease expires, and the claimant sees that state.

use motcua_domain::ids::DeliveryId;
use sqlx::Row;
use time::OffsetDateTime;

use super::{ClaimedDelivery, skip_locked, stored};
use crate::{Result, Store, to_ms};

/// The longest error detail kept (a peer's reply, shortened).
const DETAIL_MAX: usize = 500;

fn shorten(detail: &str) -> String {
    detail.chars().take(DETAIL_MAX).collect()
}

impl Store {
    /// Claims up to `limit` deliveries due by `now` (pending, or left `sending` by a process
    /// whose lease expired) that nobody else holds, for `owner` until `until`.
    pub async fn claim_deliveries(
        &self,
        owner: &str,
        now: OffsetDateTime,
        until: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<ClaimedDelivery>> {
        let sql = format!(
            "UPDATE deliveries SET lease_owner = $1, lease_until = $2, updated_at = $3 \
             WHERE id IN (SELECT id FROM deliveries WHERE state IN ('pending', 'sending') AND next_try_at <= $3 \
             AND (lease_until IS NULL OR lease_until < $3) ORDER BY next_try_at, id LIMIT $4{}) \
             RETURNING id, idempotency_key, channel, kind, recipient, message, state, attempts",
            skip_locked(self.backend())
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner)
            .bind(to_ms(until))
            .bind(to_ms(now))
            .bind(limit)
            .fetch_all(&self.write)
            .await?;
        let mut claimed = rows
            .iter()
            .map(|r| {
                Ok(ClaimedDelivery {
                    id: DeliveryId(r.try_get("id")?),
                    key: r.try_get("idempotency_key")?,
                    channel: stored::parse_channel(&r.try_get::<String, _>("channel")?)?,
                    kind: r.try_get("kind")?,
                    recipient: r.try_get("recipient")?,
                    message: r.try_get("message")?,
                    state: stored::parse_state(&r.try_get::<String, _>("state")?)?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        claimed.sort_by_key(|d| d.id);
        Ok(claimed)
    }

    /// Begins an attempt on a row `owner` still holds: marks it `sending`, counts the attempt
    /// and renews the lease until `until`. `false`: the lease was lost (expired and taken by
    /// another process) and nothing may be sent.
    pub async fn begin_delivery(
        &self,
        id: DeliveryId,
        owner: &str,
        now: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE deliveries SET state = 'sending', attempts = attempts + 1, lease_until = $3, updated_at = $4 \
             WHERE id = $1 AND lease_owner = $2 AND lease_until > $4 AND state IN ('pending', 'sending')",
        )
        .bind(id.get())
        .bind(owner)
        .bind(to_ms(until))
        .bind(to_ms(now))
        .execute(&self.write)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The peer took the message from `owner`: `sent`, whoever holds the lease now (a
    /// message that went out is recorded as sent). `lease_owner` keeps who sent it.
    pub async fn record_sent(&self, id: DeliveryId, owner: &str, receipt: &str, now: OffsetDateTime) -> Result<()> {
        sqlx::query(
            "UPDATE deliveries SET state = 'sent', sent_at = $2, receipt = $3, lease_owner = $4, \
             lease_until = NULL, last_error = NULL, last_error_detail = NULL, updated_at = $2 WHERE id = $1",
        )
        .bind(id.get())
        .bind(to_ms(now))
        .bind(shorten(receipt))
        .bind(owner)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// A transient failure: back to `pending`, to be tried at `next_try_at`.
    pub async fn record_retry(
        &self,
        id: DeliveryId,
        owner: &str,
        error: (&str, &str),
        next_try_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE deliveries SET state = 'pending', next_try_at = $3, last_error = $4, last_error_detail = $5, \
             lease_owner = NULL, lease_until = NULL, updated_at = $6 WHERE id = $1 AND lease_owner = $2",
        )
        .bind(id.get())
        .bind(owner)
        .bind(to_ms(next_try_at))
        .bind(error.0)
        .bind(shorten(error.1))
        .bind(to_ms(now))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Given up (a permanent error, too many transient ones, or an outcome nobody knows):
    /// `failed`, shown to administrators with the error's code.
    pub async fn record_failure(
        &self,
        id: DeliveryId,
        owner: &str,
        error: (&str, &str),
        now: OffsetDateTime,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE deliveries SET state = 'failed', last_error = $3, last_error_detail = $4, \
             lease_owner = NULL, lease_until = NULL, updated_at = $5 WHERE id = $1 AND lease_owner = $2",
        )
        .bind(id.get())
        .bind(owner)
        .bind(error.0)
        .bind(shorten(error.1))
        .bind(to_ms(now))
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Gives a claimed row back untouched (a process stopping before it began the attempt).
    pub async fn release_delivery(&self, id: DeliveryId, owner: &str) -> Result<()> {
        sqlx::query("UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
            .bind(id.get())
            .bind(owner)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
