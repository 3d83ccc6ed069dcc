use std::time::Duration;

/// What the HTTP layer needs to know about its deployment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark cookies `Secure` (true behind HTTPS; false only for plain-HTTP localhost demos).
    pub secure_cookies: bool,
    /// Idle lifetime of a session.
    pub session_ttl: Duration,
    /// Lifetime of API tokens issued by `POST /api/v1/auth/token`.
    pub api_token_ttl: Duration,
    /// Sign-in attempts allowed per minute for one address and one account.
    pub login_attempts_per_minute: u32,
    /// Origins accepted on state-changing requests besides the request's own host.
    pub trusted_origins: Vec<String>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Largest uploaded file, in bytes.
    pub max_upload_bytes: usize,
    /// Trust `X-Forwarded-For` for the client address (only behind a reverse proxy).
    pub trust_forwarded_for: bool,
    /// How often to look for catalogue changes made by other nodes.
    pub catalogue_poll: Duration,
    /// How often to look for dossiers that passed their appointment.
    pub overdue_scan: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            session_ttl: Duration::from_secs(8 * 3600),
            api_token_ttl: Duration::from_secs(24 * 3600),
            login_attempts_per_minute: 10,
            trusted_origins: Vec::new(),
            max_body_bytes: 2 * 1024 * 1024,
            max_upload_bytes: 10 * 1024 * 1024,
            trust_forwarded_for: false,
            catalogue_poll: Duration::from_secs(5),
            overdue_scan: Duration::from_secs(60),
        }
    }
}
