//! E-mail over SMTP (lettre): STARTTLS or implicit TLS through rustls, or plain SMTP to a
//! local relay only; a `multipart/alternative` message with a plain-text and an HTML part,
//! `Message-ID` from the delivery's idempotency key, `Date`, `From`, `Reply-To`, and the
//! subject encoded per RFC 2047.

mod config;
mod send;

pub use config::{SmtpConfig, SmtpSecurity};
pub use send::SmtpSender;
