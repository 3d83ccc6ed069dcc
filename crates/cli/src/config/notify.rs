//! Where notifications go: e-mail through an SMTP server (`smtp_*`) or, without one, into a
//! folder as `.eml` files (`mail_folder`; the demo's default), SMS through an HTTP gateway
//! (`[sms_gateway]`) and Zalo ZNS (`[zns]`), each in the shape `motcua-notify` reads.
//! Secrets may come from files: `smtp_password_file`, `sms_gateway.auth.value_file` or
//! `…password_file`, `zns.access_token_file`.

use std::path::Path;

use anyhow::Context;
use motcua_app::notifications::{EmailOutlet, MailFolder, Outlets};
use motcua_notify::{Secret, SmsGatewayConfig, SmsSender, SmtpConfig, SmtpSecurity, SmtpSender, ZnsConfig, ZnsSender};
use serde_json::Value;

use super::Config;

fn read_secret(file: &Path, what: &str) -> anyhow::Result<String> {
    let s = std::fs::read_to_string(file).with_context(|| format!("reading {what} from {}", file.display()))?;
    Ok(s.trim().to_owned())
}

/// Replaces `{key}_file` in `table` by `{key}` holding the file's content (a secret).
fn secret_from_file(table: &mut Value, key: &str, what: &str) -> anyhow::Result<()> {
    let file_key = format!("{key}_file");
    let Some(obj) = table.as_object_mut() else {
        return Ok(());
    };
    if let Some(file) = obj.remove(&file_key) {
        let path = file
            .as_str()
            .with_context(|| format!("{what}: {file_key} must be a path"))?;
        if !obj.contains_key(key) {
            obj.insert(key.to_owned(), Value::String(read_secret(Path::new(path), what)?));
        }
    }
    Ok(())
}

impl Config {
    /// The sender's address (`smtp_from`, or the portal's name at `no-reply@localhost`).
    fn mail_from(&self) -> String {
        self.smtp_from
            .clone()
            .unwrap_or_else(|| format!("{} <no-reply@localhost>", self.portal_name))
    }

    fn smtp(&self) -> anyhow::Result<Option<SmtpConfig>> {
        let Some(host) = self.smtp_host.clone().filter(|h| !h.trim().is_empty()) else {
            return Ok(None);
        };
        let from = self.smtp_from.clone().context("smtp_host needs smtp_from")?;
        let security: SmtpSecurity = serde_json::from_value(Value::String(self.smtp_security.clone()))
            .context("smtp_security: start_tls, tls or plain_local_relay")?;
        let password = match (&self.smtp_password, &self.smtp_password_file) {
            (Some(p), _) => Some(Secret::new(p.clone())),
            (None, Some(f)) => Some(Secret::new(read_secret(f, "smtp_password_file")?)),
            (None, None) => None,
        };
        Ok(Some(SmtpConfig {
            port: self.smtp_port,
            security,
            username: self.smtp_username.clone(),
            password,
            reply_to: self.smtp_reply_to.clone(),
            timeout_seconds: self.smtp_timeout_seconds,
            ..SmtpConfig::new(host, from)
        }))
    }

    fn sms_gateway(&self) -> anyhow::Result<Option<SmsGatewayConfig>> {
        let Some(mut table) = self.sms_gateway.clone() else {
            return Ok(None);
        };
        if let Some(auth) = table.get_mut("auth") {
            secret_from_file(auth, "value", "sms_gateway.auth.value_file")?;
            secret_from_file(auth, "password", "sms_gateway.auth.password_file")?;
        }
        Ok(Some(serde_json::from_value(table).context("sms_gateway")?))
    }

    fn zns(&self) -> anyhow::Result<Option<ZnsConfig>> {
        let Some(mut table) = self.zns.clone() else {
            return Ok(None);
        };
        secret_from_file(&mut table, "access_token", "zns.access_token_file")?;
        Ok(Some(serde_json::from_value(table).context("zns")?))
    }

    /// The notification outlets this configuration describes (checked: a wrong setting
    /// stops `serve`, `worker` and `demo` at startup, with the key named).
    pub fn outlets(&self) -> anyhow::Result<Outlets> {
        let email = match (self.smtp()?, &self.mail_folder) {
            (Some(c), _) => Some(EmailOutlet::Smtp(SmtpSender::new(&c).context("smtp settings")?)),
            (None, Some(dir)) => Some(EmailOutlet::Folder(
                MailFolder::new(dir, &self.mail_from()).context("mail_folder")?,
            )),
            (None, None) => None,
        };
        let sms = match self.sms_gateway()? {
            Some(c) => Some(SmsSender::new(c).context("sms_gateway")?),
            None => None,
        };
        let zns = match self.zns()? {
            Some(c) => Some(ZnsSender::new(c).context("zns")?),
            None => None,
        };
        Ok(Outlets { email, sms, zns })
    }

    /// What `outlets` gives, in words for the log (no addresses, no secrets).
    pub fn outlets_summary(&self) -> String {
        let email = match (&self.smtp_host, &self.mail_folder) {
            (Some(h), _) => format!("e-mail by SMTP ({h})"),
            (None, Some(d)) => format!("e-mail as .eml files in {}", d.display()),
            (None, None) => "no e-mail".to_owned(),
        };
        let on = |b: bool, name: &str| if b { name.to_owned() } else { format!("no {name}") };
        format!(
            "{email}, {}, {}, portal inbox",
            on(self.sms_gateway.is_some(), "SMS"),
            on(self.zns.is_some(), "Zalo ZNS")
        )
    }
}

#[cfg(test)]
#[allow(
    clippy::result_large_err,
    reason = "figment's Jail closures return figment::Error, which is large"
)]
mod tests {
    use super::super::Overrides;
    use super::*;
    use figment::Jail;
    use std::path::PathBuf;

    #[test]
    fn outlets_come_from_the_file_with_secrets_from_files() {
        Jail::expect_with(|jail| {
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            let none = cfg.outlets().map_err(|e| e.to_string())?;
            assert!(none.email.is_none() && none.sms.is_none() && none.zns.is_none());
            jail.create_file("smtp-pw", "mat-khau-smtp\n")?;
            jail.create_file("sms-key", "khoa-sms\n")?;
            jail.create_file("zalo-token", "zalo-token\n")?;
            jail.create_file(
                "motcua.toml",
                r#"
portal_name = "Cổng Dịch vụ công tỉnh Đắk Lắk"
smtp_host = "smtp.daklak.gov.vn"
smtp_port = 587
smtp_username = "motcua"
smtp_password_file = "smtp-pw"
smtp_from = "Cổng Dịch vụ công <no-reply@dichvucong.daklak.gov.vn>"

[sms_gateway]
url = "https://sms.example.vn/send"
body = { format = "json", template = '{"to": "{phone}", "text": "{text}"}' }
auth = { kind = "header", name = "X-Api-Key", value_file = "sms-key" }

[zns]
access_token_file = "zalo-token"
templates = { dossier_received = "231001" }
"#,
            )?;
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            let smtp = cfg.smtp().map_err(|e| e.to_string())?.expect("smtp configured");
            assert_eq!(smtp.password.as_ref().map(Secret::expose), Some("mat-khau-smtp"));
            assert_eq!(smtp.security, SmtpSecurity::StartTls);
            let sms = cfg.sms_gateway().map_err(|e| e.to_string())?.expect("sms configured");
            assert!(format!("{:?}", sms.auth).contains("Secret(***)"));
            let zns = cfg.zns().map_err(|e| e.to_string())?.expect("zns configured");
            assert_eq!(zns.access_token.expose(), "zalo-token");
            let outlets = cfg.outlets().map_err(|e| e.to_string())?;
            assert!(matches!(outlets.email, Some(EmailOutlet::Smtp(_))));
            assert!(outlets.sms.is_some() && outlets.zns.is_some());
            assert_eq!(
                cfg.app_settings().notifications.portal_name,
                "Cổng Dịch vụ công tỉnh Đắk Lắk"
            );
            assert!(!format!("{cfg:?}").contains("mat-khau"), "Debug hides secrets");
            Ok(())
        });
    }

    #[test]
    fn smtp_needs_a_sender_and_a_known_security() {
        Jail::expect_with(|jail| {
            jail.set_env("MOTCUA_SMTP_HOST", "127.0.0.1");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert!(cfg.outlets().is_err(), "no smtp_from");
            jail.set_env("MOTCUA_SMTP_FROM", "no-reply@example.vn");
            jail.set_env("MOTCUA_SMTP_SECURITY", "ssl3");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert!(cfg.outlets().is_err(), "unknown security");
            jail.set_env("MOTCUA_SMTP_SECURITY", "plain_local_relay");
            jail.set_env("MOTCUA_SMTP_PORT", "2525");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert!(matches!(
                cfg.outlets().map_err(|e| e.to_string())?.email,
                Some(EmailOutlet::Smtp(_))
            ));
            Ok(())
        });
    }

    #[test]
    fn the_demo_writes_mail_into_its_data_folder_unless_smtp_is_configured() {
        Jail::expect_with(|jail| {
            let demo =
                Config::load(None, Overrides::demo(Path::new("d"), "127.0.0.1:8080")).map_err(|e| e.to_string())?;
            assert_eq!(demo.mail_folder, Some(PathBuf::from("d/mail")));
            assert!(matches!(
                demo.outlets().map_err(|e| e.to_string())?.email,
                Some(EmailOutlet::Folder(_))
            ));
            jail.set_env("MOTCUA_SMTP_HOST", "127.0.0.1");
            jail.set_env("MOTCUA_SMTP_FROM", "no-reply@example.vn");
            jail.set_env("MOTCUA_SMTP_SECURITY", "plain_local_relay");
            let demo =
                Config::load(None, Overrides::demo(Path::new("d"), "127.0.0.1:8080")).map_err(|e| e.to_string())?;
            assert!(matches!(
                demo.outlets().map_err(|e| e.to_string())?.email,
                Some(EmailOutlet::Smtp(_))
            ));
            Ok(())
        });
    }
}
