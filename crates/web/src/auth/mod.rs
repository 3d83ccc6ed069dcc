//! Who is asking: server-side sessions (cookie), API tokens (Bearer), CSRF, sign-in.

pub mod csrf;
pub mod password;
pub mod ratelimit;
pub mod session;
pub mod token;

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use motcua_domain::account::{LoginId, Principal};

use crate::error::ApiError;
use crate::state::AppState;

pub use session::CurrentSession;

/// The signed-in user, required: answers 401 when there is none.
pub struct SignedIn(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<CurrentSession>()
            .and_then(|s| s.principal.clone())
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

/// Why a sign-in failed.
pub enum LoginFailure {
    Invalid,
    RateLimited(u64),
    Internal(ApiError),
}

/// Checks credentials under the rate limit; records the outcome in the audit trail.
pub async fn authenticate(
    state: &AppState,
    client: &str,
    login: &str,
    password: &str,
) -> Result<Principal, LoginFailure> {
    let id = LoginId::parse(login);
    let account_key = id
        .as_ref()
        .map_or_else(|| login.trim().to_lowercase(), |i| i.as_str().to_owned());
    state
        .login_limiter
        .check(client, &account_key)
        .map_err(LoginFailure::RateLimited)?;
    let user = match &id {
        Some(id) => state
            .store
            .user_by_login(id)
            .await
            .map_err(|e| LoginFailure::Internal(e.into()))?,
        None => None,
    };
    let pw = password.to_owned();
    let Some(user) = user else {
        let _ = tokio::task::spawn_blocking(move || password::verify_dummy(&pw)).await;
        audit_failure(state, None).await;
        return Err(LoginFailure::Invalid);
    };
    let phc = user.password_hash.clone();
    let ok = tokio::task::spawn_blocking(move || password::verify(&pw, &phc))
        .await
        .unwrap_or(false);
    if !ok || !user.active {
        audit_failure(state, Some(user.id)).await;
        return Err(LoginFailure::Invalid);
    }
    state
        .store
        .record_login(user.id)
        .await
        .map_err(|e| LoginFailure::Internal(e.into()))?;
    state
        .store
        .principal(user.id)
        .await
        .map_err(|e| LoginFailure::Internal(e.into()))?
        .ok_or(LoginFailure::Invalid)
}

async fn audit_failure(state: &AppState, user_id: Option<i64>) {
    let object = user_id.map_or_else(|| "unknown".to_owned(), |id| id.to_string());
    if let Err(e) = state
        .store
        .audit(None, "user.sign_in_failed", ("user", &object), serde_json::json!({}))
        .await
    {
        tracing::warn!(error = %e, "could not audit a failed sign-in");
    }
}
