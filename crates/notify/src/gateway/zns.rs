//! Zalo Notification Service: a template message to the Zalo account of a phone number.
//! `POST {url}` with the header `access_token` and the JSON body `{"phone": "84…",
//! "template_id": "…", "template_data": {…}, "tracking_id": "<idempotency key>"}`; Zalo
//! answers `{"error": 0, "data": {"msg_id": …}}` on success and a non-zero `error` otherwise.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::{PreparedAuth, sensitive};
use super::http::{self, Body};
use super::json_path;
use crate::SendError;
use crate::message::{Channel, DeliveryReceipt, Outgoing};
use crate::phone::PhoneFormat;
use crate::secret::Secret;
use crate::sender::{Sender, mismatch};
use crate::templates::TemplateKind;

/// Zalo's ZNS template endpoint.
pub const ZNS_DEFAULT_URL: &str = "https://business.openapi.zalo.me/message/template";

/// ZNS settings. `Debug` hides the access token.
#[derive(Debug, Clone, Deserialize)]
pub struct ZnsConfig {
    /// The endpoint (default [`ZNS_DEFAULT_URL`]).
    #[serde(default = "default_url")]
    pub url: String,
    /// The Official Account's access token (refreshing it is the application's job).
    pub access_token: Secret,
    /// The ZNS template id Zalo approved for each message kind; kinds without one cannot be
    /// sent by ZNS (permanent error `zns_template_not_configured`).
    pub templates: BTreeMap<TemplateKind, String>,
    /// Send in Zalo's development mode (only to the Official Account's administrators).
    #[serde(default)]
    pub development_mode: bool,
    /// Seconds before giving up on a request (default 30).
    #[serde(default = "thirty")]
    pub timeout_seconds: u64,
}

fn default_url() -> String {
    ZNS_DEFAULT_URL.to_owned()
}

fn thirty() -> u64 {
    30
}

/// Sends ZNS template messages.
#[derive(Debug)]
pub struct ZnsSender {
    client: reqwest::Client,
    url: reqwest::Url,
    token: reqwest::header::HeaderValue,
    config: ZnsConfig,
}

impl ZnsSender {
    /// Checks `config`.
    pub fn new(config: ZnsConfig) -> Result<Self, SendError> {
        Ok(ZnsSender {
            client: http::client(config.timeout_seconds)?,
            url: http::endpoint(&config.url)?,
            token: sensitive(config.access_token.expose())?,
            config,
        })
    }
}

impl Sender for ZnsSender {
    async fn send(&self, msg: &Outgoing) -> Result<DeliveryReceipt, SendError> {
        let Outgoing::Zns(zns) = msg else {
            return Err(mismatch("ZNS", msg));
        };
        let template_id = self.config.templates.get(&zns.template).ok_or_else(|| {
            SendError::permanent(
                "zns_template_not_configured",
                format!("no ZNS template id for {:?}", zns.template),
            )
        })?;
        let mut body = json!({
            "phone": zns.phone.format(PhoneFormat::International),
            "template_id": template_id,
            "template_data": zns.params,
            "tracking_id": zns.key.as_str(),
        });
        if self.config.development_mode {
            body["mode"] = json!("development");
        }
        let bytes = serde_json::to_vec(&body).map_err(|e| SendError::permanent("message_invalid", e.to_string()))?;
        let body = Body {
            content_type: "application/json",
            bytes,
        };
        let headers = [("access_token", self.token.clone())];
        let answer = http::post(&self.client, &self.url, &PreparedAuth::None, &headers, body).await?;
        let reply: Option<Value> = serde_json::from_slice(&answer.body).ok();
        let error = reply.as_ref().and_then(|r| r.get("error")).and_then(Value::as_i64);
        if error != Some(0) {
            let message = reply
                .as_ref()
                .and_then(|r| r.get("message"))
                .map(json_path::text)
                .unwrap_or_else(|| http::excerpt(&answer.body));
            return Err(SendError::permanent(
                "zns_rejected",
                format!(
                    "Zalo error {}: {message}",
                    error.map_or("missing".to_owned(), |e| e.to_string())
                ),
            ));
        }
        Ok(DeliveryReceipt {
            channel: Channel::Zns,
            key: zns.key.clone(),
            provider_id: reply
                .as_ref()
                .and_then(|r| json_path::at(r, "data.msg_id"))
                .map(json_path::text),
            response: format!("HTTP {}", answer.status.as_u16()),
        })
    }
}
