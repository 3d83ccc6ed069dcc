//! SMTP settings.

use serde::Deserialize;

use crate::secret::Secret;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587 by default).
    #[default]
    StartTls,
    /// TLS from the first byte (port 465 by default).
    Tls,
    /// No encryption (port 25 by default): only for a relay on the same host or a closed
    /// network segment that forwards mail itself. Refused together with credentials.
    PlainLocalRelay,
}

impl SmtpSecurity {
    pub(crate) fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::PlainLocalRelay => 25,
        }
    }
}

/// Where and how to send e-mail. `Debug` hides the password.
#[derive(Debug, Clone, Deserialize)]
pub struct SmtpConfig {
    /// The server's host name (also the name its TLS certificate must carry).
    pub host: String,
    /// The port (default by `security`: 587, 465 or 25).
    #[serde(default)]
    pub port: Option<u16>,
    /// How the connection is protected.
    #[serde(default)]
    pub security: SmtpSecurity,
    /// The account to authenticate as, if the server asks for one.
    #[serde(default)]
    pub username: Option<String>,
    /// Its password.
    #[serde(default)]
    pub password: Option<Secret>,
    /// The sender, e.g. `Cổng Dịch vụ công <no-reply@dichvucong.daklak.gov.vn>`; its domain
    /// also names the `Message-ID`s and, by default, the `EHLO` greeting.
    pub from: String,
    /// Where replies go, if not to `from`.
    #[serde(default)]
    pub reply_to: Option<String>,
    /// The name given in `EHLO` (default: the domain of `from`).
    #[serde(default)]
    pub hello_name: Option<String>,
    /// Seconds one e-mail may take in all: connecting, TLS, the SMTP dialogue (default 30).
    #[serde(default = "default_timeout_seconds")]
    pub timeout_seconds: u64,
    /// PEM certificates of a private certificate authority to trust besides the system's.
    #[serde(default)]
    pub extra_root_certificates_pem: Option<String>,
}

fn default_timeout_seconds() -> u64 {
    30
}

impl SmtpConfig {
    /// A configuration with the defaults for `host` and `from`.
    pub fn new(host: impl Into<String>, from: impl Into<String>) -> Self {
        SmtpConfig {
            host: host.into(),
            port: None,
            security: SmtpSecurity::default(),
            username: None,
            password: None,
            from: from.into(),
            reply_to: None,
            hello_name: None,
            timeout_seconds: default_timeout_seconds(),
            extra_root_certificates_pem: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_password_and_serde_reads_the_defaults() {
        let c: SmtpConfig = serde_json::from_value(serde_json::json!({
            "host": "smtp.example.vn",
            "from": "Cổng DVC <no-reply@example.vn>",
            "username": "mailer",
            "password": "s3cr3t-pw",
        }))
        .unwrap();
        assert_eq!(c.security, SmtpSecurity::StartTls);
        assert_eq!(c.timeout_seconds, 30);
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cr3t-pw"), "{shown}");
        assert!(shown.contains("Secret(***)"));
    }
}
