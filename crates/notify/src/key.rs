//! Idempotency keys: one per (event, channel, recipient), so that a worker that crashed after
//! handing a message to a peer and before recording it can tell, on its next attempt, that
//! this exact delivery was already made.

use motcua_domain::ids::UserId;
use sha2::{Digest, Sha256};
use time::Date;

use crate::message::Channel;

/// What caused a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    /// A row of the `outbox` table (its id).
    Outbox(i64),
    /// An officer's daily digest for a day (digests are scheduled, not outbox events).
    Digest {
        /// The officer.
        officer: UserId,
        /// The Vietnam-time day the digest is for.
        day: Date,
    },
}

/// A delivery's idempotency key: ASCII letters, digits and `-`, at most 56 characters, no
/// personal data (the recipient enters only as a truncated SHA-256). It is stable: the same
/// event, channel and recipient always give the same key.
///
/// It is sent along with the message where the peer has a place for it (the e-mail's
/// `Message-ID`, ZNS `tracking_id`, an SMS gateway's `{id}` placeholder), and the worker stores
/// it with each delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key of delivering `source` on `channel` to `recipient` (an e-mail address, a phone
    /// number in any written form, or an account id as text). E-mail addresses are compared
    /// case-insensitively and phone numbers by their digits, so `0912 345 678` and
    /// `+84912345678` give the same key.
    pub fn new(source: EventSource, channel: Channel, recipient: &str) -> Self {
        let normalised = normalise_recipient(recipient);
        let digest = Sha256::digest(normalised.as_bytes());
        let short = hex::encode(digest.get(..8).unwrap_or_default());
        let source = match source {
            EventSource::Outbox(id) => format!("ob{id}"),
            EventSource::Digest { officer, day } => {
                format!(
                    "dg{}-{:04}{:02}{:02}",
                    officer.get(),
                    day.year(),
                    u8::from(day.month()),
                    day.day()
                )
            }
        };
        IdempotencyKey(format!("{source}-{}-{short}", channel.as_str()))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn normalise_recipient(recipient: &str) -> String {
    let trimmed = recipient.trim();
    if trimmed.contains('@') {
        return trimmed.to_lowercase();
    }
    match crate::phone::VnPhone::parse(trimmed) {
        Ok(phone) => phone.format(crate::phone::PhoneFormat::International),
        Err(_) => trimmed.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn same_delivery_same_key_and_different_otherwise() {
        let k = IdempotencyKey::new(EventSource::Outbox(42), Channel::Email, "An@Example.vn");
        assert_eq!(
            k,
            IdempotencyKey::new(EventSource::Outbox(42), Channel::Email, " an@example.vn ")
        );
        assert!(k.as_str().starts_with("ob42-email-"), "{k}");
        assert_ne!(
            k,
            IdempotencyKey::new(EventSource::Outbox(43), Channel::Email, "an@example.vn")
        );
        assert_ne!(
            k,
            IdempotencyKey::new(EventSource::Outbox(42), Channel::Email, "binh@example.vn")
        );
        assert_ne!(
            k,
            IdempotencyKey::new(EventSource::Outbox(42), Channel::Sms, "an@example.vn")
        );
    }

    #[test]
    fn phone_numbers_in_any_form_give_one_key() {
        let a = IdempotencyKey::new(EventSource::Outbox(7), Channel::Sms, "0912 345 678");
        let b = IdempotencyKey::new(EventSource::Outbox(7), Channel::Sms, "+84912345678");
        assert_eq!(a, b);
    }

    #[test]
    fn keys_are_short_ascii_and_carry_no_personal_data() {
        let day = date!(2026 - 03 - 09);
        let k = IdempotencyKey::new(
            EventSource::Digest {
                officer: UserId(12),
                day,
            },
            Channel::Zns,
            "0912345678",
        );
        assert!(k.as_str().starts_with("dg12-20260309-zns-"), "{k}");
        let worst = IdempotencyKey::new(EventSource::Outbox(i64::MIN), Channel::Portal, "x");
        let worst_digest = IdempotencyKey::new(
            EventSource::Digest {
                officer: UserId(i64::MIN),
                day: date!(9999 - 12 - 31),
            },
            Channel::Portal,
            "x",
        );
        for key in [&k, &worst, &worst_digest] {
            assert!(key.as_str().len() <= 56, "{key}");
            assert!(
                key.as_str().chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "{key}"
            );
            assert!(!key.as_str().contains("912345678"));
        }
    }
}
