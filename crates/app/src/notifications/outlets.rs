//! Where messages go: one outlet per channel, each optional. E-mail goes to an SMTP server,
//! or (the demo without one) into a folder as `.eml` files; SMS and Zalo through their HTTP
//! senders. A channel without an outlet gets no deliveries (the fan-out skips it).

use std::path::{Path, PathBuf};

use motcua_notify::{
    Channel, DeliveryReceipt, Outgoing, SendError, Sender, SmsSender, SmtpConfig, SmtpSecurity, SmtpSender, ZnsSender,
};

/// E-mail's outlet.
#[derive(Debug)]
pub enum EmailOutlet {
    /// A real SMTP server.
    Smtp(SmtpSender),
    /// Files in a folder, one `.eml` per message (for the demo; nothing leaves the machine).
    Folder(MailFolder),
}

/// Writes each e-mail as `{idempotency key}.eml` into a folder: the exact MIME message an
/// SMTP server would receive (same headers, same `Message-ID`). Writing a message again
/// replaces its file, so a repeated delivery leaves one file.
#[derive(Debug)]
pub struct MailFolder {
    dir: PathBuf,
    builder: SmtpSender,
}

impl MailFolder {
    /// A folder outlet writing messages from `from` (created if missing).
    pub fn new(dir: &Path, from: &str) -> Result<MailFolder, SendError> {
        std::fs::create_dir_all(dir).map_err(|e| SendError::config(format!("mail folder {}: {e}", dir.display())))?;
        // Only its message builder is used: nothing is ever connected.
        let builder = SmtpSender::new(&SmtpConfig {
            security: SmtpSecurity::PlainLocalRelay,
            ..SmtpConfig::new("localhost", from)
        })?;
        Ok(MailFolder {
            dir: dir.to_owned(),
            builder,
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    async fn write(&self, msg: &Outgoing) -> Result<DeliveryReceipt, SendError> {
        let Outgoing::Email(email) = msg else {
            return Err(SendError::permanent(
                "channel_mismatch",
                "the mail folder takes e-mail only",
            ));
        };
        let bytes = self.builder.build(email)?.formatted();
        let name = format!("{}.eml", email.key);
        let tmp = self.dir.join(format!("{name}.tmp"));
        let io = |e: std::io::Error| SendError::transient("mail_folder_unwritable", e.to_string());
        tokio::fs::write(&tmp, &bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, self.dir.join(&name)).await.map_err(io)?;
        Ok(DeliveryReceipt {
            channel: Channel::Email,
            key: email.key.clone(),
            provider_id: Some(self.builder.message_id(email)),
            response: format!("written to {name}"),
        })
    }
}

/// The configured outlets (the CLI builds them from the configuration at startup).
#[derive(Debug, Default)]
pub struct Outlets {
    pub email: Option<EmailOutlet>,
    pub sms: Option<SmsSender>,
    pub zns: Option<ZnsSender>,
}

impl Outlets {
    /// Whether `channel` can be delivered (the inbox always can).
    pub fn has(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email.is_some(),
            Channel::Sms => self.sms.is_some(),
            Channel::Zns => self.zns.is_some(),
            Channel::Portal => true,
        }
    }

    /// Hands `msg` to its channel's outlet; a channel without one is the permanent error
    /// `channel_not_configured`.
    pub async fn send(&self, msg: &Outgoing) -> Result<DeliveryReceipt, SendError> {
        let missing = || {
            SendError::permanent(
                "channel_not_configured",
                format!("no {} outlet is configured", msg.channel().as_str()),
            )
        };
        match msg {
            Outgoing::Email(_) => match self.email.as_ref().ok_or_else(missing)? {
                EmailOutlet::Smtp(s) => s.send(msg).await,
                EmailOutlet::Folder(f) => f.write(msg).await,
            },
            Outgoing::Sms(_) => self.sms.as_ref().ok_or_else(missing)?.send(msg).await,
            Outgoing::Zns(_) => self.zns.as_ref().ok_or_else(missing)?.send(msg).await,
        }
    }
}
