//! The message a relay posts: one citizen message already gathered by the chat bot (text,
//! optional category, a shared location or typed address, image links).

use serde::Deserialize;

use motcua_domain::feedback::NewReport;

use motcua_app::AppError;

use crate::error::ApiError;

fn invalid(field: &str, code: &'static str) -> ApiError {
    AppError::invalid(field, code).into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// The platform's id of the user (kept to answer them in the chat).
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub lat: f64,
    pub long: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The platform's message id: a message received twice is stored once.
    pub message_id: String,
    pub sender: Sender,
    #[serde(default)]
    pub text: String,
    /// A feedback category code; the channel's default when absent.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub location: Option<Location>,
    #[serde(default)]
    pub address: String,
    /// Links to images the platform hosts.
    #[serde(default)]
    pub images: Vec<String>,
    /// Hide the sender's name from the public: the default; `false` publishes the name with
    /// the report.
    #[serde(default = "stay_anonymous")]
    pub anonymous: bool,
}

fn stay_anonymous() -> bool {
    true
}

impl Message {
    pub fn to_report(&self, default_category: &str) -> Result<NewReport, ApiError> {
        let id = self.message_id.trim();
        if id.is_empty() || id.len() > 200 {
            return Err(invalid("message_id", "required"));
        }
        if self.sender.id.trim().is_empty() || self.sender.id.len() > 200 {
            return Err(invalid("sender/id", "required"));
        }
        let mut r = NewReport {
            category: self.category.clone().unwrap_or_else(|| default_category.to_owned()),
            description: self.text.clone(),
            address: self.address.clone(),
            anonymous: self.anonymous,
            ..NewReport::default()
        };
        if let Some(l) = &self.location {
            r.lat = l.lat.to_string();
            r.lon = l.long.to_string();
        }
        r.contact.name.clone_from(&self.sender.name);
        r.contact.phone.clone_from(&self.sender.phone);
        Ok(r)
    }

    pub fn image_urls(&self) -> Vec<String> {
        self.images.clone()
    }
}
