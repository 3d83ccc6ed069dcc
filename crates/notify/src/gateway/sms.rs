//! SMS through a provider's HTTP API, described entirely by configuration: the URL, a JSON
//! or form body with `{phone}`, `{text}` and `{id}` (the idempotency key) in its values,
//! credentials, and how to recognise success and the provider's message id in the answer.

use serde::Deserialize;
use serde_json::Value;

use super::auth::{GatewayAuth, PreparedAuth};
use super::http::{self, Body};
use super::json_path;
use crate::SendError;
use crate::message::{Channel, DeliveryReceipt, Outgoing};
use crate::phone::PhoneFormat;
use crate::sender::{Sender, mismatch};
use crate::sms_text::SmsText;

/// The request body.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum SmsBody {
    /// A JSON document, e.g. `{"to": "{phone}", "message": "{text}", "brandname": "UBND"}`.
    /// Placeholders are replaced inside string values, with JSON escaping.
    Json {
        /// The document, as text.
        template: String,
    },
    /// `application/x-www-form-urlencoded` fields, in order, e.g. `[["to", "{phone}"]]`.
    Form {
        /// Name and value of each field.
        fields: Vec<(String, String)>,
    },
}

/// An SMS gateway. `Debug` hides the credentials.
#[derive(Debug, Clone, Deserialize)]
pub struct SmsGatewayConfig {
    /// The endpoint messages are POSTed to.
    pub url: String,
    /// The body sent.
    pub body: SmsBody,
    /// Credentials.
    #[serde(default)]
    pub auth: GatewayAuth,
    /// How `{phone}` is written (default `84912345678`).
    #[serde(default)]
    pub phone_format: PhoneFormat,
    /// Whether Vietnamese diacritics are folded to ASCII (default yes: most Vietnamese
    /// gateways require it for branded SMS, and it keeps a message to one 160-character SMS).
    #[serde(default = "yes")]
    pub fold_diacritics: bool,
    /// A dotted path in the JSON answer that tells success (e.g. `code`); only the HTTP
    /// status counts if absent.
    #[serde(default)]
    pub success_field: Option<String>,
    /// The value `success_field` must have (compared as text: `0` matches `"0"`).
    #[serde(default)]
    pub success_value: Option<String>,
    /// A dotted path in the JSON answer holding the provider's message id.
    #[serde(default)]
    pub message_id_field: Option<String>,
    /// Seconds before giving up on a request (default 30).
    #[serde(default = "thirty")]
    pub timeout_seconds: u64,
}

fn yes() -> bool {
    true
}

fn thirty() -> u64 {
    30
}

#[derive(Debug)]
enum PreparedBody {
    Json(Value),
    Form(Vec<(String, String)>),
}

/// Sends SMS through the configured gateway.
#[derive(Debug)]
pub struct SmsSender {
    client: reqwest::Client,
    url: reqwest::Url,
    auth: PreparedAuth,
    body: PreparedBody,
    config: SmsGatewayConfig,
}

impl SmsSender {
    /// Checks `config` (URL, JSON template, header names, success check).
    pub fn new(config: SmsGatewayConfig) -> Result<Self, SendError> {
        let body = match &config.body {
            SmsBody::Json { template } => PreparedBody::Json(
                serde_json::from_str(template).map_err(|e| SendError::config(format!("sms body template: {e}")))?,
            ),
            SmsBody::Form { fields } => PreparedBody::Form(fields.clone()),
        };
        if config.success_value.is_some() != config.success_field.is_some() {
            return Err(SendError::config("sms success_field and success_value go together"));
        }
        Ok(SmsSender {
            client: http::client(config.timeout_seconds)?,
            url: http::endpoint(&config.url)?,
            auth: config.auth.prepare()?,
            body,
            config,
        })
    }

    /// The request body for `text` to `phone` with key `id`.
    fn body(&self, phone: &str, text: &str, id: &str) -> Result<Body, SendError> {
        let fill = |s: &str| s.replace("{phone}", phone).replace("{id}", id).replace("{text}", text);
        Ok(match &self.body {
            PreparedBody::Json(template) => Body {
                content_type: "application/json; charset=utf-8",
                bytes: serde_json::to_vec(&fill_json(template, &fill))
                    .map_err(|e| SendError::permanent("message_invalid", e.to_string()))?,
            },
            PreparedBody::Form(fields) => Body {
                content_type: "application/x-www-form-urlencoded",
                bytes: url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(fields.iter().map(|(k, v)| (k.as_str(), fill(v))))
                    .finish()
                    .into_bytes(),
            },
        })
    }
}

/// Replaces the placeholders in every string of `v` (keys are left alone).
fn fill_json(v: &Value, fill: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(fill(s)),
        Value::Array(items) => Value::Array(items.iter().map(|i| fill_json(i, fill)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, i)| (k.clone(), fill_json(i, fill))).collect()),
        other => other.clone(),
    }
}

impl Sender for SmsSender {
    async fn send(&self, msg: &Outgoing) -> Result<DeliveryReceipt, SendError> {
        let Outgoing::Sms(sms) = msg else {
            return Err(mismatch("SMS", msg));
        };
        let text = SmsText::new(&sms.text, self.config.fold_diacritics);
        let body = self.body(
            &sms.phone.format(self.config.phone_format),
            &text.text,
            sms.key.as_str(),
        )?;
        let answer = http::post(&self.client, &self.url, &self.auth, &[], body).await?;
        let json: Option<Value> = serde_json::from_slice(&answer.body).ok();
        if let (Some(field), Some(expected)) = (&self.config.success_field, &self.config.success_value) {
            let got = json.as_ref().and_then(|j| json_path::at(j, field)).map(json_path::text);
            if got.as_deref() != Some(expected.as_str()) {
                return Err(SendError::permanent(
                    "gateway_reply_unsuccessful",
                    format!("{field} is {got:?}, not {expected:?}: {}", http::excerpt(&answer.body)),
                ));
            }
        }
        let provider_id = self
            .config
            .message_id_field
            .as_deref()
            .and_then(|f| json.as_ref().and_then(|j| json_path::at(j, f)))
            .map(json_path::text);
        Ok(DeliveryReceipt {
            channel: Channel::Sms,
            key: sms.key.clone(),
            provider_id,
            response: format!("HTTP {}", answer.status.as_u16()),
        })
    }
}
