//! Checking credentials: the rate limit per client address and per account, argon2id on a
//! blocking thread (a dummy check for unknown accounts, so timing tells nothing), and the
//! audit trail of every outcome.

use std::time::Duration;

use motcua_domain::account::{LoginId, Principal};
use motcua_domain::ids::UserId;

use super::password;
use super::tokens::{hash_token, random_token};
use crate::{App, AppError, Result};

/// Why a sign-in failed.
#[derive(Debug)]
pub enum SignInFailure {
    /// Unknown account, wrong password or a disabled account (indistinguishable).
    Invalid,
    /// Too many attempts; retry after this many seconds.
    RateLimited(u64),
    Internal(AppError),
}

impl From<SignInFailure> for AppError {
    fn from(f: SignInFailure) -> Self {
        match f {
            SignInFailure::Invalid => AppError::Unauthenticated,
            SignInFailure::RateLimited(s) => AppError::RateLimited(s),
            SignInFailure::Internal(e) => e,
        }
    }
}

/// Checks credentials typed by someone at `client` (an address, for the rate limit).
pub async fn authenticate(app: &App, client: &str, login: &str, password: &str) -> Result<Principal, SignInFailure> {
    let id = LoginId::parse(login);
    let account_key = id
        .as_ref()
        .map_or_else(|| login.trim().to_lowercase(), |i| i.as_str().to_owned());
    app.login_limiter()
        .check(client, &account_key)
        .map_err(SignInFailure::RateLimited)?;
    let internal = |e: motcua_storage::StorageError| SignInFailure::Internal(e.into());
    let user = match &id {
        Some(id) => app.store().user_by_login(id).await.map_err(internal)?,
        None => None,
    };
    let pw = password.to_owned();
    let Some(user) = user else {
        let _ = tokio::task::spawn_blocking(move || password::verify_dummy(&pw)).await;
        audit_failure(app, None).await;
        return Err(SignInFailure::Invalid);
    };
    let phc = user.password_hash.clone();
    let ok = tokio::task::spawn_blocking(move || password::verify(&pw, &phc))
        .await
        .unwrap_or(false);
    if !ok || !user.active {
        audit_failure(app, Some(user.id)).await;
        return Err(SignInFailure::Invalid);
    }
    app.store().record_login(user.id).await.map_err(internal)?;
    app.store()
        .principal(user.id)
        .await
        .map_err(internal)?
        .ok_or(SignInFailure::Invalid)
}

async fn audit_failure(app: &App, user_id: Option<UserId>) {
    let object = user_id.map_or_else(|| "unknown".to_owned(), |id| id.to_string());
    if let Err(e) = app
        .store()
        .audit(None, "user.sign_in_failed", ("user", &object), serde_json::json!({}))
        .await
    {
        tracing::warn!(error = %e, "could not audit a failed sign-in");
    }
}

/// Issues a Bearer token for a signed-in principal; returns the token (shown once, stored
/// as its hash) and its lifetime.
pub async fn issue_api_token(app: &App, who: &Principal) -> Result<(String, Duration)> {
    let token = random_token();
    let ttl = app.settings().api_token_ttl;
    let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
    app.store()
        .create_api_token(who.user_id, "api", &hash_token(&token), ttl_ms)
        .await?;
    Ok((token, ttl))
}
