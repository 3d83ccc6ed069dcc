//! Who is asking: the session cookie or a Bearer token (resolved by the application's
//! session rules), CSRF, and the client's address.

pub mod csrf;
pub mod session;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use motcua_domain::account::Principal;

use crate::error::ApiError;

pub use session::CurrentSession;

/// The signed-in user, required: answers 401 when there is none.
pub struct SignedIn(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<CurrentSession>()
            .and_then(|s| s.principal().cloned())
            .map(SignedIn)
            .ok_or(ApiError::Unauthenticated)
    }
}

/// The client's address, for rate limits (never logged with personal data).
pub fn client_addr(
    parts_ext: &axum::http::Extensions,
    headers: &axum::http::HeaderMap,
    trust_forwarded: bool,
) -> String {
    if trust_forwarded
        && let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return ip.trim().to_owned();
    }
    parts_ext
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

/// The client's IP address (the gateway wants the payer's): the peer, or the first
/// `X-Forwarded-For` address behind a trusted proxy.
pub fn client_ip(peer: SocketAddr, headers: &axum::http::HeaderMap, trust_forwarded: bool) -> std::net::IpAddr {
    let mut ext = axum::http::Extensions::new();
    ext.insert(ConnectInfo(peer));
    client_addr(&ext, headers, trust_forwarded).parse().unwrap_or(peer.ip())
}
