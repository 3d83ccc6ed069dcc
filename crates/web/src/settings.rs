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
    /// Citizen feedback: deadlines, photos, Open311, chat channels, the map.
    pub feedback: FeedbackSettings,
}

/// Settings of citizen feedback.
#[derive(Debug, Clone)]
pub struct FeedbackSettings {
    /// Working-day limits (refuse 2, ask 5, answer 15, publish 2 by default).
    pub deadlines: motcua_domain::feedback::workflow::Deadlines,
    /// Photos per report.
    pub max_photos: usize,
    /// Radius of the "has this already been reported?" search, in metres.
    pub nearby_radius_m: f64,
    pub open311: Open311Settings,
    /// Inbound chat channels (webhooks), by name.
    pub channels: Vec<ChannelSettings>,
    pub map: MapSettings,
}

impl Default for FeedbackSettings {
    fn default() -> Self {
        Self {
            deadlines: motcua_domain::feedback::workflow::Deadlines::default(),
            max_photos: 5,
            nearby_radius_m: 200.0,
            open311: Open311Settings::default(),
            channels: Vec::new(),
            map: MapSettings::default(),
        }
    }
}

/// Open311 GeoReport v2.
#[derive(Clone, Default)]
pub struct Open311Settings {
    /// An API key accepted without being stored (the demo's `demo-open311-key`); production
    /// keys are created by administrators and stored hashed.
    pub demo_key: Option<String>,
    /// Answer POST with a `token` (the id comes later) instead of the `service_request_id`.
    pub respond_with_token: bool,
    /// The jurisdiction this server answers for; requests naming another are refused.
    pub jurisdiction_id: Option<String>,
    /// Contact shown in discovery.
    pub contact: String,
}

impl std::fmt::Debug for Open311Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Open311Settings")
            .field("demo_key", &self.demo_key.as_ref().map(|_| "***"))
            .field("respond_with_token", &self.respond_with_token)
            .field("jurisdiction_id", &self.jurisdiction_id)
            .finish_non_exhaustive()
    }
}

/// An inbound chat channel: requests are signed with its secret.
#[derive(Clone)]
pub struct ChannelSettings {
    pub name: String,
    pub secret: String,
    /// Category given to messages that name none.
    pub default_category: String,
}

impl std::fmt::Debug for ChannelSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChannelSettings")
            .field("name", &self.name)
            .field("secret", &"***")
            .finish_non_exhaustive()
    }
}

/// The map on feedback pages. Tiles come from a server the province runs (or none: the map
/// then shows the reports on a plain background); the library itself is bundled.
#[derive(Debug, Clone)]
pub struct MapSettings {
    /// Tile URL template (`https://tiles.example.gov.vn/{z}/{x}/{y}.png`), or none.
    pub tile_url: Option<String>,
    pub attribution: String,
    /// Initial centre (latitude, longitude) and zoom.
    pub center: (f64, f64),
    pub zoom: u8,
}

impl Default for MapSettings {
    fn default() -> Self {
        Self {
            tile_url: None,
            attribution: String::new(),
            center: (12.6667, 108.05),
            zoom: 12,
        }
    }
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
            feedback: FeedbackSettings::default(),
        }
    }
}
