//! A rendered message as a delivery row keeps it (the row's `message` JSON), and back: the
//! recipient is the row's own column, and the idempotency key is rebuilt from the stored
//! source and checked against the row's key.

use std::collections::BTreeMap;

use motcua_domain::ids::UserId;
use motcua_notify::{Channel, EventSource, IdempotencyKey, Outgoing, Rendered, SendError, TemplateKind, VnPhone};
use motcua_storage::{ClaimedDelivery, DeliveryChannel};
use serde::{Deserialize, Serialize};
use time::Date;

/// What caused a delivery, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Source {
    Outbox(i64),
    Digest { officer: UserId, day: Date },
}

impl Source {
    pub(crate) fn event(self) -> EventSource {
        match self {
            Source::Outbox(id) => EventSource::Outbox(id),
            Source::Digest { officer, day } => EventSource::Digest { officer, day },
        }
    }

    pub(crate) fn outbox_id(self) -> Option<i64> {
        match self {
            Source::Outbox(id) => Some(id),
            Source::Digest { .. } => None,
        }
    }
}

/// One channel's message, without its recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "channel", rename_all = "snake_case")]
enum Body {
    Email {
        to_name: Option<String>,
        subject: String,
        text: String,
        html: String,
    },
    Sms {
        text: String,
    },
    Zns {
        template: TemplateKind,
        params: BTreeMap<String, String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct StoredMessage {
    source: Source,
    #[serde(flatten)]
    body: Body,
}

pub(crate) fn storage_channel(c: Channel) -> Option<DeliveryChannel> {
    match c {
        Channel::Email => Some(DeliveryChannel::Email),
        Channel::Sms => Some(DeliveryChannel::Sms),
        Channel::Zns => Some(DeliveryChannel::Zns),
        Channel::Portal => None,
    }
}

fn notify_channel(c: DeliveryChannel) -> Channel {
    match c {
        DeliveryChannel::Email => Channel::Email,
        DeliveryChannel::Sms => Channel::Sms,
        DeliveryChannel::Zns => Channel::Zns,
    }
}

/// The JSON to store for `rendered` sent on `channel` (`to_name` for e-mail).
pub(crate) fn message_json(source: Source, channel: Channel, rendered: &Rendered, to_name: Option<&str>) -> String {
    let body = match channel {
        Channel::Sms => Body::Sms {
            text: rendered.sms.clone(),
        },
        Channel::Zns => Body::Zns {
            template: rendered.template,
            params: rendered.zns_params.clone(),
        },
        Channel::Email | Channel::Portal => Body::Email {
            to_name: to_name.map(str::to_owned),
            subject: rendered.subject.clone(),
            text: rendered.text.clone(),
            html: rendered.html.clone(),
        },
    };
    serde_json::to_string(&StoredMessage { source, body }).unwrap_or_default()
}

fn corrupt(detail: impl Into<String>) -> SendError {
    SendError::permanent("message_invalid", detail)
}

/// The message a claimed row holds, ready for its outlet.
pub(crate) fn outgoing(d: &ClaimedDelivery) -> Result<Outgoing, SendError> {
    let stored: StoredMessage =
        serde_json::from_str(&d.message).map_err(|e| corrupt(format!("stored message: {e}")))?;
    let channel = notify_channel(d.channel);
    let key = IdempotencyKey::new(stored.source.event(), channel, &d.recipient);
    if key.as_str() != d.key {
        return Err(corrupt("the stored key does not match its source and recipient"));
    }
    Ok(match (stored.body, channel) {
        (
            Body::Email {
                to_name,
                subject,
                text,
                html,
            },
            Channel::Email,
        ) => Outgoing::Email(motcua_notify::EmailMessage {
            to: d.recipient.clone(),
            to_name,
            subject,
            text,
            html,
            key,
        }),
        (Body::Sms { text }, Channel::Sms) => Outgoing::Sms(motcua_notify::SmsMessage {
            phone: VnPhone::parse(&d.recipient)?,
            text,
            key,
        }),
        (Body::Zns { template, params }, Channel::Zns) => Outgoing::Zns(motcua_notify::ZnsMessage {
            phone: VnPhone::parse(&d.recipient)?,
            template,
            params,
            key,
        }),
        _ => return Err(corrupt("the stored message is for another channel")),
    })
}
