//! Server-side sessions: the browser holds 256 random bits; the database keeps their
//! SHA-256, the user and the session's CSRF token. Anonymous sessions exist only once a
//! form is shown; signing in replaces the session (no fixation).

use motcua_domain::account::Principal;
use motcua_domain::ids::UserId;

use super::tokens::{hash_token, random_token};
use crate::{App, AppError, Result};

/// A session as a request sees it.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The stored hash of the session id (the cookie's value is never kept).
    pub id_hash: Option<String>,
    pub csrf: Option<String>,
    pub principal: Option<Principal>,
}

fn ttl_ms(app: &App) -> i64 {
    i64::try_from(app.settings().session_ttl.as_millis()).unwrap_or(i64::MAX)
}

/// The session of a cookie value, if it exists and has not expired.
pub async fn resolve_session(app: &App, cookie: &str) -> Result<Session> {
    let hash = hash_token(cookie);
    let Some(rec) = app.store().session(&hash).await? else {
        return Ok(Session::default());
    };
    let principal = match rec.user_id {
        Some(user) => app.store().principal(user).await?,
        None => None,
    };
    Ok(Session {
        id_hash: Some(hash),
        csrf: Some(rec.csrf_token),
        principal,
    })
}

/// The principal of a Bearer token; `Unauthenticated` for an unknown, expired or disabled one.
pub async fn resolve_bearer(app: &App, token: &str) -> Result<Principal> {
    let user = app
        .store()
        .api_token_user(&hash_token(token.trim()))
        .await?
        .ok_or(AppError::Unauthenticated)?;
    app.store().principal(user).await?.ok_or(AppError::Unauthenticated)
}

/// The session's CSRF token, creating an anonymous session when there is none: returns the
/// token and, for a new session, the id the browser must keep.
pub async fn ensure_session(app: &App, s: &Session) -> Result<(String, Option<String>)> {
    if let Some(csrf) = &s.csrf {
        return Ok((csrf.clone(), None));
    }
    let sid = random_token();
    let csrf = random_token();
    app.store()
        .create_session(&hash_token(&sid), None, &csrf, ttl_ms(app))
        .await?;
    Ok((csrf, Some(sid)))
}

/// Starts a fresh session for a user who just signed in (the old one is dropped); returns
/// the new id for the browser.
pub async fn start_session(app: &App, old: &Session, user_id: UserId) -> Result<String> {
    if let Some(h) = &old.id_hash {
        app.store().delete_session(h).await?;
    }
    let sid = random_token();
    app.store()
        .create_session(&hash_token(&sid), Some(user_id), &random_token(), ttl_ms(app))
        .await?;
    Ok(sid)
}

/// Ends a session.
pub async fn end_session(app: &App, s: &Session) -> Result<()> {
    if let Some(h) = &s.id_hash {
        app.store().delete_session(h).await?;
    }
    Ok(())
}
