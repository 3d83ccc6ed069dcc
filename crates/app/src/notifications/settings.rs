//! The delivery settings, with defaults that suit one province.

use std::time::Duration;

/// How notifications are delivered.
#[derive(Debug, Clone)]
pub struct NotificationSettings {
    /// The portal's name in Vietnamese: messages are signed with it.
    pub portal_name: String,
    /// Its English name (the Vietnamese one if unset).
    pub portal_name_en: Option<String>,
    /// How long the delivery job sleeps when it found nothing to do.
    pub poll: Duration,
    /// Outbox events fanned out, and deliveries claimed, per round.
    pub batch: usize,
    /// Messages one process hands to peers at once.
    pub concurrency: usize,
    /// How long a claim holds: longer than the slowest send (senders give up after their
    /// own time-out, 30 s by default), so a live process never loses a row it is sending.
    pub lease: Duration,
    /// Attempts before a transiently failing delivery is given up.
    pub max_attempts: u32,
    /// The wait after the first failed attempt; it doubles with each one…
    pub backoff_base: Duration,
    /// …up to this.
    pub backoff_cap: Duration,
    /// The Vietnam-time hour from which officers' daily digests go out.
    pub digest_hour: u8,
    /// "Due soon" in the digest: due within this many hours.
    pub digest_due_within_hours: i64,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            portal_name: "Cổng Dịch vụ công".into(),
            portal_name_en: Some("Public Service Portal".into()),
            poll: Duration::from_secs(1),
            batch: 50,
            concurrency: 8,
            lease: Duration::from_secs(120),
            max_attempts: 10,
            backoff_base: Duration::from_secs(30),
            backoff_cap: Duration::from_secs(3600),
            digest_hour: 7,
            digest_due_within_hours: 48,
        }
    }
}
