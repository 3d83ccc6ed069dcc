/// What the HTTP layer needs to know about its deployment (the use cases' own settings
/// are `motcua_app::Settings`).
#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` (true behind HTTPS; false only for plain-HTTP localhost demos).
    pub secure_cookies: bool,
    /// Origins accepted on state-changing requests besides the request's own host.
    pub trusted_origins: Vec<String>,
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Trust `X-Forwarded-For` for the client address (only behind a reverse proxy).
    pub trust_forwarded_for: bool,
    /// The reverse proxies whose `X-Forwarded-For` entries are believed (addresses or
    /// CIDR networks); empty: the peer is the one proxy.
    pub trusted_proxies: Vec<crate::auth::forwarded::ProxyNet>,
    /// Citizen feedback's interfaces: Open311, chat channels, the map.
    pub feedback: FeedbackSettings,
    /// The sandbox payment gateway, mounted under `/cong-thanh-toan-thu` (demo only,
    /// unless configured).
    pub payment_sandbox: Option<crate::sandbox::SandboxSettings>,
}

/// Settings of citizen feedback's interfaces (the rules are `motcua_app::FeedbackRules`).
#[derive(Debug, Clone, Default)]
pub struct FeedbackSettings {
    pub open311: Open311Settings,
    /// Inbound chat channels (webhooks), by name.
    pub channels: Vec<ChannelSettings>,
    pub map: MapSettings,
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
    /// Other names accepted for the jurisdiction (`dak-lak`, `daklak.gov.vn`…).
    pub jurisdiction_aliases: Vec<String>,
    /// Accept any `jurisdiction_id` (a server with one jurisdiction may ignore it).
    pub ignore_jurisdiction: bool,
    /// Contact shown in discovery.
    pub contact: String,
}

impl Open311Settings {
    /// Whether `id` names the configured jurisdiction or one of its aliases (ASCII case
    /// and surrounding spaces aside).
    pub fn accepts_jurisdiction(&self, id: &str) -> bool {
        let id = id.trim();
        self.jurisdiction_id
            .iter()
            .chain(&self.jurisdiction_aliases)
            .any(|j| j.trim().eq_ignore_ascii_case(id))
    }
}

impl std::fmt::Debug for Open311Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Open311Settings")
            .field("demo_key", &self.demo_key.as_ref().map(|_| "***"))
            .field("respond_with_token", &self.respond_with_token)
            .field("jurisdiction_id", &self.jurisdiction_id)
            .field("jurisdiction_aliases", &self.jurisdiction_aliases)
            .field("ignore_jurisdiction", &self.ignore_jurisdiction)
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

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            trusted_origins: Vec::new(),
            max_body_bytes: 2 * 1024 * 1024,
            trust_forwarded_for: false,
            trusted_proxies: Vec::new(),
            feedback: FeedbackSettings::default(),
            payment_sandbox: None,
        }
    }
}
