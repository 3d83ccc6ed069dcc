//! What is sent: one message shape per channel, and what a peer gives back.

use std::collections::BTreeMap;

use motcua_domain::ids::UserId;
use serde::{Deserialize, Serialize};

use crate::key::IdempotencyKey;
use crate::phone::VnPhone;
use crate::render::Lang;
use crate::templates::TemplateKind;

/// A way of reaching someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// E-mail over SMTP.
    Email,
    /// SMS through an HTTP gateway.
    Sms,
    /// Zalo Notification Service template messages.
    Zns,
    /// The portal's own inbox (stored in the database by the application).
    Portal,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 4] = [Channel::Email, Channel::Sms, Channel::Zns, Channel::Portal];

    /// Stable name, as in configuration and idempotency keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Zns => "zns",
            Channel::Portal => "portal",
        }
    }
}

/// An e-mail: a plain-text and an HTML version of the same content.
#[derive(Clone, PartialEq, Eq)]
pub struct EmailMessage {
    /// The recipient's address.
    pub to: String,
    /// The recipient's name, if known.
    pub to_name: Option<String>,
    /// The subject (UTF-8; encoded per RFC 2047 on the wire).
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body (already escaped).
    pub html: String,
    /// This delivery's key; becomes the `Message-ID`.
    pub key: IdempotencyKey,
}

/// An SMS; the sender folds diacritics if its gateway is configured so.
#[derive(Clone, PartialEq, Eq)]
pub struct SmsMessage {
    /// The recipient.
    pub phone: VnPhone,
    /// The text as written (with diacritics).
    pub text: String,
    /// This delivery's key.
    pub key: IdempotencyKey,
}

/// A Zalo ZNS template message: the province registers one ZNS template per message kind
/// with Zalo, and the sender's configuration maps each kind to its template id.
#[derive(Clone, PartialEq, Eq)]
pub struct ZnsMessage {
    /// The recipient (the Zalo account registered with this number).
    pub phone: VnPhone,
    /// Which message this is.
    pub template: TemplateKind,
    /// The template's named parameters.
    pub params: BTreeMap<String, String>,
    /// This delivery's key; sent as `tracking_id`.
    pub key: IdempotencyKey,
}

/// A message for the portal's inbox. The application stores it; this crate only shapes it.
#[derive(Clone, PartialEq, Eq)]
pub struct PortalMessage {
    /// The account it is for.
    pub recipient: UserId,
    /// Which message this is.
    pub template: TemplateKind,
    /// The language it was rendered in.
    pub lang: Lang,
    /// A one-line title (the e-mail's subject).
    pub title: String,
    /// Plain text.
    pub body: String,
    /// Where the message leads, if anywhere.
    pub link: Option<String>,
    /// This delivery's key (unique in the inbox table makes a re-delivery a no-op).
    pub key: IdempotencyKey,
}

/// A message for a sender.
#[derive(Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// For [`crate::SmtpSender`].
    Email(EmailMessage),
    /// For [`crate::SmsSender`].
    Sms(SmsMessage),
    /// For [`crate::ZnsSender`].
    Zns(ZnsMessage),
}

impl Outgoing {
    /// The channel it goes through.
    pub fn channel(&self) -> Channel {
        match self {
            Outgoing::Email(_) => Channel::Email,
            Outgoing::Sms(_) => Channel::Sms,
            Outgoing::Zns(_) => Channel::Zns,
        }
    }

    /// Its idempotency key.
    pub fn key(&self) -> &IdempotencyKey {
        match self {
            Outgoing::Email(m) => &m.key,
            Outgoing::Sms(m) => &m.key,
            Outgoing::Zns(m) => &m.key,
        }
    }
}

/// Messages hold addresses and phone numbers: `Debug` shows the channel and key only.
macro_rules! debug_without_recipient {
    ($($t:ty),*) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($t)).field("key", &self.key).finish_non_exhaustive()
            }
        }
    )*};
}
debug_without_recipient!(EmailMessage, SmsMessage, ZnsMessage, PortalMessage);

impl std::fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outgoing")
            .field("channel", &self.channel())
            .field("key", self.key())
            .finish()
    }
}

/// What the peer said when it took the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryReceipt {
    /// The channel used.
    pub channel: Channel,
    /// The delivery's key.
    pub key: IdempotencyKey,
    /// The peer's id for the message, when it gives one (the `Message-ID` for e-mail,
    /// ZNS `msg_id`, an SMS gateway's configured field).
    pub provider_id: Option<String>,
    /// The peer's answer, shortened (an SMTP reply line, the HTTP status).
    pub response: String,
}
