//! Configuration: defaults → `motcua.toml` → `MOTCUA_*` environment → command-line flags.
//! Secrets may come from files: `database_url_file` (or `MOTCUA_DATABASE_URL_FILE`),
//! `s3_secret_access_key_file`, `feedback_channels[].secret_file`, `smtp_password_file`,
//! `sms_gateway.auth.value_file` / `password_file`, `zns.access_token_file`.

mod files;
mod notify;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

pub use files::FilesBackend;

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    /// Folder for the SQLite database and stored files.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; default: SQLite in `data_dir`.
    pub database_url: Option<String>,
    /// File holding the database URL (a secret), read when `database_url` is unset.
    pub database_url_file: Option<PathBuf>,
    pub database_max_connections: u32,
    pub listen: String,
    /// The portal's address as citizens reach it (QR codes on receipts, links in messages);
    /// default: `http://` and the `listen` address.
    pub public_url: Option<String>,
    /// Mark cookies Secure; turn off only for plain-HTTP localhost.
    pub secure_cookies: bool,
    pub session_ttl_minutes: u64,
    pub login_attempts_per_minute: u32,
    pub trusted_origins: Vec<String>,
    pub trust_forwarded_for: bool,
    /// The reverse proxies in front (addresses or CIDR networks) whose `X-Forwarded-For`
    /// entries are believed; empty: the peer is the one proxy.
    pub trusted_proxies: Vec<String>,
    pub max_body_bytes: usize,
    /// `text` or `json`.
    pub log_format: String,
    /// An Open311 API key accepted without being stored (demo only).
    pub open311_demo_key: Option<String>,
    /// Answer Open311 POSTs with a token instead of the request id.
    pub open311_respond_with_token: bool,
    pub open311_jurisdiction_id: Option<String>,
    /// Other names accepted as `jurisdiction_id` (ASCII case aside).
    pub open311_jurisdiction_aliases: Vec<String>,
    /// Accept any `jurisdiction_id` (one jurisdiction per server: the specification allows it).
    pub open311_ignore_jurisdiction: bool,
    pub open311_contact: String,
    /// Inbound chat channels for feedback (signed webhooks).
    pub feedback_channels: Vec<ChannelConfig>,
    /// Map tiles for feedback pages (a server the province runs); none: a plain background.
    pub map_tile_url: Option<String>,
    pub map_attribution: String,
    /// Where attachment and photo bytes go: `local` (`data_dir/files`) or `s3`.
    pub files_backend: FilesBackend,
    /// The S3-compatible server (e.g. `https://s3.tinh.gov.vn`, path-style requests);
    /// unset: AWS itself.
    pub s3_endpoint: Option<String>,
    pub s3_bucket: Option<String>,
    pub s3_region: String,
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<String>,
    /// File holding the secret access key, read when `s3_secret_access_key` is unset.
    pub s3_secret_access_key_file: Option<PathBuf>,
    /// Allow a plain-HTTP endpoint (a server on the same host or private network).
    pub s3_allow_http: bool,
    /// Keys go under this prefix (several installations sharing a bucket).
    pub s3_prefix: Option<String>,
    /// The portal's name in messages (Vietnamese, and English if given).
    pub portal_name: String,
    pub portal_name_en: Option<String>,
    /// The SMTP server notifications are sent through (none: see `mail_folder`).
    pub smtp_host: Option<String>,
    /// Default by `smtp_security`: 587, 465 or 25.
    pub smtp_port: Option<u16>,
    /// `start_tls` (default), `tls`, or `plain_local_relay` (no encryption, no credentials:
    /// only for a relay on this host or a closed network).
    pub smtp_security: String,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<String>,
    /// File holding the SMTP password, read when `smtp_password` is unset.
    pub smtp_password_file: Option<PathBuf>,
    /// The sender, e.g. `Cổng Dịch vụ công <no-reply@dichvucong.tinh.gov.vn>`.
    pub smtp_from: Option<String>,
    pub smtp_reply_to: Option<String>,
    pub smtp_timeout_seconds: u64,
    /// Without an SMTP server, e-mails are written here as `.eml` files (the demo's default:
    /// `data_dir/mail`); without either, no e-mail is sent.
    pub mail_folder: Option<PathBuf>,
    /// An SMS HTTP gateway (`motcua_notify::SmsGatewayConfig` as a table).
    pub sms_gateway: Option<serde_json::Value>,
    /// Zalo ZNS (`motcua_notify::ZnsConfig` as a table).
    pub zns: Option<serde_json::Value>,
    /// The payment gateway's base URL (VNPay 2.1.0); unset: fees are paid at the counter.
    /// With `payment_sandbox`, default: the sandbox mounted on this portal.
    pub payment_gateway_url: Option<String>,
    /// The merchant's terminal code at the gateway (`vnp_TmnCode`).
    pub payment_tmn_code: Option<String>,
    /// The terminal's hash secret (prefer `payment_hash_secret_file`).
    pub payment_hash_secret: Option<String>,
    /// File holding the hash secret, read when `payment_hash_secret` is unset.
    pub payment_hash_secret_file: Option<PathBuf>,
    /// Mount the sandbox payment gateway under `/cong-thanh-toan-thu` (the demo does).
    pub payment_sandbox: bool,
    /// Each agency's signing credentials for electronic results (see `signing.rs`).
    pub result_signers: Vec<crate::signing::SignerConfig>,
    /// PEM file of the roots the signing certificates chain to (required with signers).
    pub result_trusted_roots: Option<PathBuf>,
    /// An RFC 3161 time-stamp authority for PAdES B-T signatures; unset: B-B.
    pub timestamp_url: Option<String>,
    /// Make and use the demo CA in `data_dir/demo-ca` (the demo does; never in production).
    pub demo_ca: bool,
}

/// One inbound chat channel; the secret may come from a file.
#[derive(Clone, Serialize, Deserialize)]
pub struct ChannelConfig {
    pub name: String,
    #[serde(default)]
    pub secret: Option<String>,
    #[serde(default)]
    pub secret_file: Option<PathBuf>,
    /// Category for messages that name none.
    pub default_category: String,
}

impl std::fmt::Debug for Config {
    // The database URL may hold a password: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("listen", &self.listen)
            .field("files_backend", &self.files_backend)
            .finish_non_exhaustive()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./data"),
            database_url: None,
            database_url_file: None,
            database_max_connections: 16,
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            secure_cookies: true,
            session_ttl_minutes: 8 * 60,
            login_attempts_per_minute: 10,
            trusted_origins: Vec::new(),
            trust_forwarded_for: false,
            trusted_proxies: Vec::new(),
            max_body_bytes: 2 * 1024 * 1024,
            log_format: "text".into(),
            open311_demo_key: None,
            open311_respond_with_token: false,
            open311_jurisdiction_id: None,
            open311_jurisdiction_aliases: Vec::new(),
            open311_ignore_jurisdiction: false,
            open311_contact: "Trung tâm Phục vụ hành chính công".into(),
            feedback_channels: Vec::new(),
            map_tile_url: None,
            map_attribution: String::new(),
            files_backend: FilesBackend::Local,
            s3_endpoint: None,
            s3_bucket: None,
            s3_region: "us-east-1".into(),
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_secret_access_key_file: None,
            s3_allow_http: false,
            s3_prefix: None,
            portal_name: "Cổng Dịch vụ công".into(),
            portal_name_en: None,
            smtp_host: None,
            smtp_port: None,
            smtp_security: "start_tls".into(),
            smtp_username: None,
            smtp_password: None,
            smtp_password_file: None,
            smtp_from: None,
            smtp_reply_to: None,
            smtp_timeout_seconds: 30,
            mail_folder: None,
            sms_gateway: None,
            zns: None,
            payment_gateway_url: None,
            payment_tmn_code: None,
            payment_hash_secret: None,
            payment_hash_secret_file: None,
            payment_sandbox: false,
            result_signers: Vec::new(),
            result_trusted_roots: None,
            timestamp_url: None,
            demo_ca: false,
        }
    }
}

/// Values set by command-line flags (the last layer).
#[derive(Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secure_cookies: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open311_demo_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open311_ignore_jurisdiction: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_channels: Option<Vec<ChannelConfig>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mail_folder: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_tmn_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_hash_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_sandbox: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo_ca: Option<bool>,
}

/// The demo's Open311 key and chat-channel secret (stated in the README; demo only).
pub const DEMO_OPEN311_KEY: &str = "demo-open311-key";
pub const DEMO_CHANNEL_SECRET: &str = "demo-channel-secret";
/// The demo merchant at the sandbox payment gateway (stated in the README; demo only).
pub const DEMO_TMN_CODE: &str = "MOTCUA01";
pub const DEMO_HASH_SECRET: &str = "demo-vnpay-secret";

impl Overrides {
    /// The demo serves plain HTTP on localhost, where Secure cookies would never be sent.
    pub fn demo(data: &Path, listen: &str) -> Self {
        Overrides {
            data_dir: Some(data.to_owned()),
            listen: Some(listen.to_owned()),
            secure_cookies: Some(false),
            open311_demo_key: Some(DEMO_OPEN311_KEY.into()),
            // One province per demo server: any jurisdiction_id a client sends is accepted.
            open311_ignore_jurisdiction: Some(true),
            feedback_channels: Some(vec![ChannelConfig {
                name: "zalo".into(),
                secret: Some(DEMO_CHANNEL_SECRET.into()),
                secret_file: None,
                default_category: "rac-thai".into(),
            }]),
            // E-mail stays on this machine unless an SMTP server is configured.
            mail_folder: Some(data.join("mail")),
            payment_tmn_code: Some(DEMO_TMN_CODE.into()),
            payment_hash_secret: Some(DEMO_HASH_SECRET.into()),
            payment_sandbox: Some(true),
            demo_ca: Some(true),
        }
    }
}

impl Config {
    pub fn load(file: Option<&Path>, overrides: Overrides) -> anyhow::Result<Config> {
        Self::figment(file, overrides)
            .extract::<Config>()
            .context("reading configuration")?
            .resolve_secrets()
    }

    fn figment(file: Option<&Path>, overrides: Overrides) -> Figment {
        let path = file.map_or_else(|| PathBuf::from("motcua.toml"), Path::to_path_buf);
        Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::file(path))
            .merge(Env::prefixed("MOTCUA_").ignore(&["config", "log"]).split("__"))
            .merge(Serialized::defaults(overrides))
    }

    fn resolve_secrets(mut self) -> anyhow::Result<Config> {
        if self.database_url.is_none()
            && let Some(f) = &self.database_url_file
        {
            let url =
                std::fs::read_to_string(f).with_context(|| format!("reading database_url_file {}", f.display()))?;
            self.database_url = Some(url.trim().to_owned());
        }
        self.resolve_s3_secret()?;
        if self.payment_hash_secret.is_none()
            && let Some(f) = &self.payment_hash_secret_file
        {
            let secret = std::fs::read_to_string(f)
                .with_context(|| format!("reading payment_hash_secret_file {}", f.display()))?;
            self.payment_hash_secret = Some(secret.trim().to_owned());
        }
        for c in &mut self.feedback_channels {
            if c.secret.is_none()
                && let Some(f) = &c.secret_file
            {
                let secret =
                    std::fs::read_to_string(f).with_context(|| format!("reading the secret of channel {}", c.name))?;
                c.secret = Some(secret.trim().to_owned());
            }
            if c.secret.as_deref().is_none_or(|s| s.len() < 16) {
                anyhow::bail!("channel {}: a secret of at least 16 characters is required", c.name);
            }
        }
        Ok(self)
    }

    /// The database URL in force: configured, or SQLite in the data folder.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("motcua.sqlite3").display()))
    }

    /// Where citizens reach the portal, without a trailing slash.
    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(u) if !u.trim().is_empty() => u.trim().trim_end_matches('/').to_owned(),
            // The address the README and the start-up line give, so that links, QR codes and
            // the payment gateway's return reach the host the session cookie belongs to.
            _ => format!("http://{}", self.listen.replace("0.0.0.0", "127.0.0.1")),
        }
    }

    /// The use cases' settings.
    pub fn app_settings(&self) -> motcua_app::Settings {
        motcua_app::Settings {
            session_ttl: Duration::from_secs(self.session_ttl_minutes.saturating_mul(60)),
            login_attempts_per_minute: self.login_attempts_per_minute,
            public_url: self.public_url(),
            notifications: motcua_app::notifications::NotificationSettings {
                portal_name: self.portal_name.clone(),
                portal_name_en: self.portal_name_en.clone(),
                ..Default::default()
            },
            payments: self.payment_settings(),
            ..motcua_app::Settings::default()
        }
    }

    /// The result signers: configured ones, or (demo) the demo CA's for `agencies`.
    pub fn signing_settings(
        &self,
        agencies: &[(String, String)],
    ) -> anyhow::Result<Option<motcua_app::SigningSettings>> {
        if self.demo_ca && self.result_signers.is_empty() {
            return crate::signing::demo(&self.data_dir.join("demo-ca"), agencies, self.timestamp_url.as_deref())
                .map(Some);
        }
        crate::signing::configured(
            &self.result_signers,
            self.result_trusted_roots.as_deref(),
            self.timestamp_url.as_deref(),
        )
    }

    /// The merchant's keys, when a terminal code and a secret are configured.
    fn merchant_keys(&self) -> Option<motcua_vnpay::MerchantKeys> {
        let tmn = self.payment_tmn_code.as_deref()?;
        let secret = self.payment_hash_secret.as_deref()?;
        Some(motcua_vnpay::MerchantKeys {
            tmn_code: motcua_vnpay::TmnCode::parse(tmn).ok()?,
            secret: motcua_vnpay::HashSecret::new(secret).ok()?,
        })
    }

    /// Online payment, when a gateway (or the sandbox) and the merchant's keys are set.
    pub fn payment_settings(&self) -> Option<motcua_app::PaymentSettings> {
        let keys = self.merchant_keys()?;
        let gateway_url = match &self.payment_gateway_url {
            Some(u) => u.trim_end_matches('/').to_owned(),
            None if self.payment_sandbox => format!("{}{}", self.public_url(), motcua_web::sandbox::PREFIX),
            None => return None,
        };
        Some(motcua_app::PaymentSettings {
            gateway_url,
            keys,
            expiry: motcua_domain::payment::ExpiryPolicy::default(),
        })
    }

    /// Checks the payment settings that are given: a terminal code without a valid secret
    /// (or the reverse) is a mistake to report at start, not a silent "counter only".
    pub fn check_payments(&self) -> anyhow::Result<()> {
        match (&self.payment_tmn_code, &self.payment_hash_secret) {
            (None, None) => Ok(()),
            (Some(t), Some(s)) => {
                motcua_vnpay::TmnCode::parse(t).map_err(|e| anyhow::anyhow!("payment_tmn_code: {}", e.code()))?;
                motcua_vnpay::HashSecret::new(s.as_str())
                    .map_err(|e| anyhow::anyhow!("payment_hash_secret: {}", e.code()))?;
                if self.payment_gateway_url.is_none() && !self.payment_sandbox {
                    anyhow::bail!("payment_gateway_url is required with a terminal code (or payment_sandbox = true)");
                }
                Ok(())
            }
            _ => anyhow::bail!("payment_tmn_code and payment_hash_secret (or its file) go together"),
        }
    }

    /// Checks `trusted_proxies`: an entry that is not an address or a network is a mistake to
    /// report at start (ignoring it would let clients choose their address).
    pub fn check_proxies(&self) -> anyhow::Result<()> {
        for p in &self.trusted_proxies {
            motcua_web::ProxyNet::parse(p).map_err(|e| anyhow::anyhow!("trusted_proxies: {e}"))?;
        }
        Ok(())
    }

    /// The HTTP layer's settings.
    pub fn web_settings(&self) -> motcua_web::WebSettings {
        motcua_web::WebSettings {
            secure_cookies: self.secure_cookies,
            trusted_origins: self.trusted_origins.clone(),
            max_body_bytes: self.max_body_bytes,
            trust_forwarded_for: self.trust_forwarded_for,
            trusted_proxies: self
                .trusted_proxies
                .iter()
                .filter_map(|p| motcua_web::ProxyNet::parse(p).ok())
                .collect(),
            feedback: self.feedback_settings(),
            payment_sandbox: self
                .payment_sandbox
                .then(|| self.merchant_keys())
                .flatten()
                .map(|keys| motcua_web::sandbox::SandboxSettings {
                    keys,
                    ipn_url: format!("{}/thanh-toan/vnpay/ipn", self.public_url()),
                }),
        }
    }
}

impl Config {
    fn feedback_settings(&self) -> motcua_web::FeedbackSettings {
        let defaults = motcua_web::FeedbackSettings::default();
        motcua_web::FeedbackSettings {
            open311: motcua_web::Open311Settings {
                demo_key: self.open311_demo_key.clone(),
                respond_with_token: self.open311_respond_with_token,
                jurisdiction_id: self.open311_jurisdiction_id.clone(),
                jurisdiction_aliases: self.open311_jurisdiction_aliases.clone(),
                ignore_jurisdiction: self.open311_ignore_jurisdiction,
                contact: self.open311_contact.clone(),
            },
            channels: self
                .feedback_channels
                .iter()
                .map(|c| motcua_web::ChannelSettings {
                    name: c.name.clone(),
                    secret: c.secret.clone().unwrap_or_default(),
                    default_category: c.default_category.clone(),
                })
                .collect(),
            map: motcua_web::MapSettings {
                tile_url: self.map_tile_url.clone(),
                attribution: self.map_attribution.clone(),
                ..defaults.map
            },
        }
    }
}

/// Logs as text or JSON; level from `MOTCUA_LOG` (default `info`). Log lines carry ids and
/// routes, never names, e-mails, phone numbers or request bodies.
pub fn init_logging(cfg: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MOTCUA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tantivy=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if cfg.log_format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

#[cfg(test)]
#[allow(
    clippy::result_large_err,
    reason = "figment's Jail closures return figment::Error, which is large"
)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn layers_apply_in_order() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "motcua.toml",
                "listen = \"0.0.0.0:9000\"\nlogin_attempts_per_minute = 3\nlog_format = \"json\"",
            )?;
            jail.set_env("MOTCUA_LOGIN_ATTEMPTS_PER_MINUTE", "7");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(cfg.listen, "0.0.0.0:9000", "file beats defaults");
            assert_eq!(cfg.login_attempts_per_minute, 7, "environment beats file");
            assert_eq!(cfg.log_format, "json");
            assert_eq!(cfg.session_ttl_minutes, 480, "default kept");
            let flagged = Config::load(
                None,
                Overrides {
                    listen: Some("127.0.0.1:1".into()),
                    ..Default::default()
                },
            )
            .map_err(|e| e.to_string())?;
            assert_eq!(flagged.listen, "127.0.0.1:1", "flags beat everything");
            Ok(())
        });
    }

    #[test]
    fn open311_jurisdictions_come_from_the_file_and_the_demo_ignores_them() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "motcua.toml",
                "open311_jurisdiction_id = \"daklak\"\nopen311_jurisdiction_aliases = [\"dak-lak\", \"daklak.gov.vn\"]",
            )?;
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            let o = cfg.web_settings().feedback.open311;
            assert!(!o.ignore_jurisdiction, "the parameter is checked by default");
            assert!(o.accepts_jurisdiction("daklak") && o.accepts_jurisdiction("DakLak.gov.vn"));
            assert!(!o.accepts_jurisdiction("hanoi"));
            let demo = Config::load(None, Overrides::demo(Path::new("/tmp/d"), "127.0.0.1:8080"))
                .map_err(|e| e.to_string())?;
            assert!(
                demo.web_settings().feedback.open311.ignore_jurisdiction,
                "the demo ignores it"
            );
            Ok(())
        });
    }

    #[test]
    fn database_url_defaults_to_sqlite_in_data_dir_and_reads_secret_files() {
        Jail::expect_with(|jail| {
            jail.set_env("MOTCUA_DATA_DIR", "/srv/motcua");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(cfg.database_url(), "sqlite:///srv/motcua/motcua.sqlite3");
            jail.create_file("db-url", "postgres://motcua:secret@db/motcua\n")?;
            jail.set_env("MOTCUA_DATABASE_URL_FILE", "db-url");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(cfg.database_url(), "postgres://motcua:secret@db/motcua");
            assert!(!format!("{cfg:?}").contains("secret"), "Debug hides the URL");
            jail.set_env("MOTCUA_DATABASE_URL", "sqlite://other.db");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(
                cfg.database_url(),
                "sqlite://other.db",
                "an explicit URL wins over the file"
            );
            Ok(())
        });
    }

    #[test]
    fn a_config_file_named_on_the_command_line_is_used() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "prod.toml",
                "secure_cookies = false\ntrusted_origins = [\"https://dvc.daklak.gov.vn\"]",
            )?;
            let cfg = Config::load(Some(Path::new("prod.toml")), Overrides::default()).map_err(|e| e.to_string())?;
            assert!(!cfg.secure_cookies);
            assert_eq!(cfg.trusted_origins, vec!["https://dvc.daklak.gov.vn".to_owned()]);
            Ok(())
        });
    }
}
