//! The days whose officers' digest is done, so that processes do not compute it again (the
//! digest's idempotency keys already make a second run store nothing).

use sqlx::Row;
use time::{Date, OffsetDateTime};

use crate::{Result, Store, to_ms};

fn day_text(day: Date) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), u8::from(day.month()), day.day())
}

impl Store {
    /// Whether the digest of `day` (a Vietnam-time day) is done.
    pub async fn digest_done(&self, day: Date) -> Result<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM notification_digests WHERE day = $1")
            .bind(day_text(day))
            .fetch_optional(&self.read)
            .await?;
        Ok(row.map(|r| r.try_get::<i64, _>("one")).transpose()?.is_some())
    }

    /// Notes that the digest of `day` is done (twice is a no-op).
    pub async fn mark_digest_done(&self, day: Date, now: OffsetDateTime) -> Result<()> {
        sqlx::query("INSERT INTO notification_digests (day, done_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING")
            .bind(day_text(day))
            .bind(to_ms(now))
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
