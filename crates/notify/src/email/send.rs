//! Sending one e-mail, and telling a retryable failure from a final one.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{SmtpConfig, SmtpSecurity};
use crate::SendError;
use crate::message::{Channel, DeliveryReceipt, EmailMessage, Outgoing};
use crate::sender::{Sender, mismatch};

/// Sends e-mail through one SMTP server: one connection per message, closed after it.
///
/// lettre's connection pool is deliberately not used: a send cut short by the deadline
/// would return a connection in the middle of a transaction to the pool. Notification
/// volumes (a few messages a second at most) do not need the reuse.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    /// The right-hand side of `Message-ID`s.
    id_domain: String,
    deadline: Duration,
    shown: String,
}

impl std::fmt::Debug for SmtpSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSender")
            .field("server", &self.shown)
            .finish_non_exhaustive()
    }
}

fn mailbox(field: &str, value: &str) -> Result<Mailbox, SendError> {
    value
        .trim()
        .parse::<Mailbox>()
        .map_err(|e| SendError::config(format!("{field}: {e}")))
}

impl SmtpSender {
    /// Checks `config` and prepares the transport (nothing is connected yet).
    pub fn new(config: &SmtpConfig) -> Result<Self, SendError> {
        let host = config.host.trim();
        if host.is_empty() {
            return Err(SendError::config("smtp host is empty"));
        }
        let from = mailbox("from", &config.from)?;
        let reply_to = config.reply_to.as_deref().map(|r| mailbox("reply_to", r)).transpose()?;
        let id_domain = from.email.domain().to_owned();
        let credentials = match (&config.username, &config.password) {
            (Some(user), Some(password)) => Some(Credentials::new(user.clone(), password.expose().to_owned())),
            (None, None) => None,
            _ => return Err(SendError::config("smtp username and password go together")),
        };
        if config.security == SmtpSecurity::PlainLocalRelay && credentials.is_some() {
            return Err(SendError::config(
                "credentials are never sent over plain SMTP; use start_tls or tls",
            ));
        }
        if config.timeout_seconds == 0 {
            return Err(SendError::config("smtp timeout_seconds must be positive"));
        }
        let port = config.port.unwrap_or(config.security.default_port());
        let tls = match config.security {
            SmtpSecurity::PlainLocalRelay => Tls::None,
            SmtpSecurity::StartTls => Tls::Required(tls_parameters(host, config)?),
            SmtpSecurity::Tls => Tls::Wrapper(tls_parameters(host, config)?),
        };
        let hello = config.hello_name.clone().unwrap_or_else(|| id_domain.clone());
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .tls(tls)
            .hello_name(ClientId::Domain(hello))
            .timeout(Some(Duration::from_secs(config.timeout_seconds)));
        if let Some(c) = credentials {
            builder = builder.credentials(c);
        }
        Ok(SmtpSender {
            transport: builder.build(),
            from,
            reply_to,
            id_domain,
            deadline: Duration::from_secs(config.timeout_seconds),
            shown: format!("{host}:{port} ({:?})", config.security),
        })
    }

    /// Builds the MIME message (public so the application can show or archive it).
    pub fn build(&self, msg: &EmailMessage) -> Result<Message, SendError> {
        let address: Address = msg
            .to
            .parse()
            .map_err(|e| SendError::permanent("recipient_invalid", format!("e-mail address: {e}")))?;
        let to = Mailbox::new(msg.to_name.clone(), address);
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(msg.subject.as_str())
            .message_id(Some(self.message_id(msg)))
            .date_now();
        if let Some(r) = &self.reply_to {
            builder = builder.reply_to(r.clone());
        }
        builder
            .multipart(MultiPart::alternative_plain_html(msg.text.clone(), msg.html.clone()))
            .map_err(|e| SendError::permanent("message_invalid", e.to_string()))
    }

    /// `<motcua.{key}@{domain of From}>`: the same delivery always has the same id, so a
    /// copy sent again after a crash can be recognised.
    pub fn message_id(&self, msg: &EmailMessage) -> String {
        format!("<motcua.{}@{}>", msg.key, self.id_domain)
    }
}

impl Sender for SmtpSender {
    async fn send(&self, msg: &Outgoing) -> Result<DeliveryReceipt, SendError> {
        let Outgoing::Email(email) = msg else {
            return Err(mismatch("e-mail", msg));
        };
        let message = self.build(email)?;
        // lettre's own time-out covers connecting, not a server that stops talking.
        let response = tokio::time::timeout(self.deadline, self.transport.send(message))
            .await
            .map_err(|_| {
                SendError::transient(
                    "smtp_timeout",
                    format!("no answer within {} s", self.deadline.as_secs()),
                )
            })?
            .map_err(classify)?;
        Ok(DeliveryReceipt {
            channel: Channel::Email,
            key: email.key.clone(),
            provider_id: Some(self.message_id(email)),
            response: summary(&response),
        })
    }
}

fn tls_parameters(host: &str, config: &SmtpConfig) -> Result<TlsParameters, SendError> {
    let mut builder = TlsParameters::builder(host.to_owned());
    if let Some(pem) = &config.extra_root_certificates_pem {
        let cert = Certificate::from_pem(pem.as_bytes())
            .map_err(|e| SendError::config(format!("extra_root_certificates_pem: {e}")))?;
        builder = builder.add_root_certificate(cert);
    }
    builder
        .build_rustls()
        .map_err(|e| SendError::config(format!("smtp tls: {e}")))
}

fn summary(response: &Response) -> String {
    let first = response.message().next().unwrap_or_default();
    let mut s = format!("{} {first}", response.code());
    s.truncate(200);
    s
}

/// SMTP 4xx, time-outs and broken connections are worth retrying; 5xx, TLS failures
/// (an untrusted certificate, no common protocol) and client-side refusals (a server
/// without STARTTLS when it is required) are not.
fn classify(e: lettre::transport::smtp::Error) -> SendError {
    let detail = e.to_string();
    if e.is_permanent() {
        SendError::permanent("smtp_rejected", detail)
    } else if e.is_transient() {
        SendError::transient("smtp_transient", detail)
    } else if e.is_tls() || caused_by_tls(&e) {
        SendError::permanent("smtp_tls", detail)
    } else if e.is_timeout() {
        SendError::transient("smtp_timeout", detail)
    } else if e.is_client() {
        SendError::permanent("smtp_client", detail)
    } else {
        SendError::transient("smtp_unreachable", detail)
    }
}

/// Whether a rustls error is among the causes; lettre reports a failed handshake as a
/// connection error whose I/O error wraps it.
fn caused_by_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cause {
        if err.is::<rustls::Error>() {
            return true;
        }
        let wrapped = err.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref());
        if wrapped.is_some_and(|inner| inner.is::<rustls::Error>()) {
            return true;
        }
        cause = err.source();
    }
    false
}
