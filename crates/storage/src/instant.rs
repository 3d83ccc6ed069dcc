//! Instants in the database: unix milliseconds (`BIGINT`), the one representation both
//! backends read and write the same way.

use time::OffsetDateTime;

/// An instant as stored.
pub fn to_ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// A stored instant (an out-of-range value reads as the epoch, never a panic).
pub fn from_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Unix time in milliseconds, the one instant representation in the database.
pub fn now_ms() -> i64 {
    to_ms(OffsetDateTime::now_utc())
}
