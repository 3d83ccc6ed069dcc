//! Who is asking: the session cookie or a Bearer token (resolved by the application's
//! session rules), CSRF, and the client's address.

pub mod csrf;
pub mod forwarded;
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

/// The client's address, for rate limits and the loopback-only `/metrics`: the peer, or
/// behind trusted reverse proxies (`trust_forwarded_for`) the rightmost `X-Forwarded-For`
/// hop that is not one of `trusted_proxies` (see `forwarded`).
pub fn client_addr(
    parts_ext: &axum::http::Extensions,
    headers: &axum::http::HeaderMap,
    web: &crate::settings::WebSettings,
) -> String {
    let Some(peer) = parts_ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()) else {
        return "unknown".to_owned();
    };
    client_of(peer, headers, web).to_string()
}

fn client_of(
    peer: std::net::IpAddr,
    headers: &axum::http::HeaderMap,
    web: &crate::settings::WebSettings,
) -> std::net::IpAddr {
    if !web.trust_forwarded_for {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    forwarded::client(peer, &hops, &web.trusted_proxies)
}

/// The client's IP address (the gateway wants the payer's), by the same rule.
pub fn client_ip(
    peer: SocketAddr,
    headers: &axum::http::HeaderMap,
    web: &crate::settings::WebSettings,
) -> std::net::IpAddr {
    client_of(peer.ip(), headers, web)
}
