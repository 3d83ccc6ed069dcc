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
        }
    }
}
