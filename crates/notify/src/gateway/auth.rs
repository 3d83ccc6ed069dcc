//! How a gateway recognises us.

use reqwest::RequestBuilder;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Deserialize;

use crate::SendError;
use crate::secret::Secret;

/// Credentials sent with every request. `Debug` hides the secrets.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GatewayAuth {
    /// Nothing (an IP-whitelisted gateway).
    #[default]
    None,
    /// A header, e.g. `Authorization: Bearer …` or `X-Api-Key: …`.
    Header {
        /// The header's name.
        name: String,
        /// Its whole value.
        value: Secret,
    },
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
}

/// [`GatewayAuth`] checked once, ready to apply.
#[derive(Debug, Clone)]
pub(crate) enum PreparedAuth {
    None,
    Header(HeaderName, HeaderValue),
    Basic(String, Secret),
}

impl GatewayAuth {
    pub(crate) fn prepare(&self) -> Result<PreparedAuth, SendError> {
        Ok(match self {
            GatewayAuth::None => PreparedAuth::None,
            GatewayAuth::Header { name, value } => PreparedAuth::Header(
                HeaderName::from_bytes(name.trim().as_bytes())
                    .map_err(|_| SendError::config(format!("auth header name {name:?} is not valid")))?,
                sensitive(value.expose())?,
            ),
            GatewayAuth::Basic { username, password } => PreparedAuth::Basic(username.clone(), password.clone()),
        })
    }
}

/// A header value that HTTP/2 will not index and `Debug` will not show.
pub(crate) fn sensitive(value: &str) -> Result<HeaderValue, SendError> {
    let mut v = HeaderValue::from_str(value)
        .map_err(|_| SendError::config("a secret header value has characters HTTP forbids"))?;
    v.set_sensitive(true);
    Ok(v)
}

impl PreparedAuth {
    pub(crate) fn apply(&self, request: RequestBuilder) -> RequestBuilder {
        match self {
            PreparedAuth::None => request,
            PreparedAuth::Header(name, value) => request.header(name.clone(), value.clone()),
            PreparedAuth::Basic(user, password) => request.basic_auth(user, Some(password.expose())),
        }
    }
}
