//! The senders' common shape, and a dispatcher holding one sender per configured channel.

use std::future::Future;

use crate::SendError;
use crate::email::SmtpSender;
use crate::gateway::{SmsSender, ZnsSender};
use crate::message::{DeliveryReceipt, Outgoing};

/// Something that hands messages to a peer (an SMTP server, an SMS gateway, Zalo).
///
/// A sender given a message of another channel answers with the permanent error
/// `channel_mismatch`.
pub trait Sender: Send + Sync {
    /// Hands `msg` over. `Ok` means the peer accepted it (not that the person read it).
    fn send(&self, msg: &Outgoing) -> impl Future<Output = Result<DeliveryReceipt, SendError>> + Send;
}

/// One sender per channel, each optional: the worker's single entry point.
#[derive(Debug, Default)]
pub struct Senders {
    /// E-mail, if configured.
    pub email: Option<SmtpSender>,
    /// SMS, if configured.
    pub sms: Option<SmsSender>,
    /// Zalo ZNS, if configured.
    pub zns: Option<ZnsSender>,
}

impl Sender for Senders {
    /// Sends through the message's channel; a channel without a sender is the permanent
    /// error `channel_not_configured`.
    async fn send(&self, msg: &Outgoing) -> Result<DeliveryReceipt, SendError> {
        let not_configured = || {
            SendError::permanent(
                "channel_not_configured",
                format!("no {} sender is configured", msg.channel().as_str()),
            )
        };
        match msg {
            Outgoing::Email(_) => self.email.as_ref().ok_or_else(not_configured)?.send(msg).await,
            Outgoing::Sms(_) => self.sms.as_ref().ok_or_else(not_configured)?.send(msg).await,
            Outgoing::Zns(_) => self.zns.as_ref().ok_or_else(not_configured)?.send(msg).await,
        }
    }
}

pub(crate) fn mismatch(expected: &str, msg: &Outgoing) -> SendError {
    SendError::permanent(
        "channel_mismatch",
        format!("the {expected} sender was given a {} message", msg.channel().as_str()),
    )
}
