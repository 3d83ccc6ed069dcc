//! What the use cases and jobs need to know about the deployment.

use std::time::Duration;

use motcua_domain::feedback::workflow::Deadlines;

#[derive(Debug, Clone)]
pub struct Settings {
    /// Idle lifetime of a session.
    pub session_ttl: Duration,
    /// Lifetime of API tokens.
    pub api_token_ttl: Duration,
    /// Sign-in attempts allowed per minute for one address and one account.
    pub login_attempts_per_minute: u32,
    /// Largest uploaded file, in bytes.
    pub max_upload_bytes: usize,
    /// How often to look for catalogue, calendar and feedback-setup changes made by other
    /// nodes (and purge expired sessions).
    pub catalogue_poll: Duration,
    /// How often to look for dossiers that passed their appointment.
    pub overdue_scan: Duration,
    /// PDF forms rendered at once (each on a blocking thread).
    pub pdf_workers: usize,
    pub feedback: FeedbackRules,
    /// Online payment through the gateway (none: fees are paid at the counter only).
    pub payments: Option<PaymentSettings>,
    /// Signing electronic results: each agency's signer, the trusted roots, a time-stamp
    /// authority (none: results cannot be signed).
    pub signing: Option<SigningSettings>,
    /// The portal's address as citizens reach it (`https://dichvucong.tinh.gov.vn`), without a
    /// trailing slash: QR codes on receipts and links in messages point there.
    pub public_url: String,
    /// How notifications are delivered (portal name, batches, leases, back-off, digest).
    pub notifications: crate::notifications::NotificationSettings,
}

/// Rules of citizen feedback that are settings.
#[derive(Debug, Clone)]
pub struct FeedbackRules {
    /// Working-day limits (refuse 2, ask 5, answer 15, publish 2 by default).
    pub deadlines: Deadlines,
    /// Photos per report.
    pub max_photos: usize,
    /// Radius of the "has this already been reported?" search, in metres.
    pub nearby_radius_m: f64,
}

impl Default for FeedbackRules {
    fn default() -> Self {
        Self {
            deadlines: Deadlines::default(),
            max_photos: 5,
            nearby_radius_m: 200.0,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(8 * 3600),
            api_token_ttl: Duration::from_secs(24 * 3600),
            login_attempts_per_minute: 10,
            max_upload_bytes: 10 * 1024 * 1024,
            catalogue_poll: Duration::from_secs(5),
            overdue_scan: Duration::from_secs(60),
            pdf_workers: 2,
            feedback: FeedbackRules::default(),
            public_url: "http://localhost:8080".into(),
            notifications: crate::notifications::NotificationSettings::default(),
            payments: None,
            signing: None,
        }
    }
}

/// The merchant's terminal at the payment gateway (VNPay 2.1.0).
#[derive(Debug, Clone)]
pub struct PaymentSettings {
    /// The gateway's base URL (`https://pay.vnpay.vn`, or the demo's sandbox).
    pub gateway_url: String,
    /// The terminal code and hash secret (the secret is never printed).
    pub keys: motcua_vnpay::MerchantKeys,
    /// How long payers have, when the gateway is asked again, when attempts expire.
    pub expiry: motcua_domain::payment::ExpiryPolicy,
}

/// How electronic results are signed (PAdES).
#[derive(Clone)]
pub struct SigningSettings {
    /// Each agency's signer (its key and certificate chain), by agency code.
    pub signers: std::collections::HashMap<String, std::sync::Arc<dyn motcua_signing::Signer>>,
    /// The roots signatures are checked against on the public page.
    pub trusted_roots: std::sync::Arc<Vec<motcua_signing::Certificate>>,
    /// A time-stamp authority (RFC 3161) for PAdES B-T; none: B-B.
    pub timestamp: Option<motcua_signing::TimestampClient>,
    /// The certificates are the demo CA's: results say so.
    pub demo: bool,
}

impl std::fmt::Debug for SigningSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut agencies: Vec<&String> = self.signers.keys().collect();
        agencies.sort();
        f.debug_struct("SigningSettings")
            .field("agencies", &agencies)
            .field("trusted_roots", &self.trusted_roots.len())
            .field("timestamp", &self.timestamp.as_ref().map(|t| t.url().to_owned()))
            .field("demo", &self.demo)
            .finish()
    }
}
