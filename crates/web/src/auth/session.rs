//! Server-side sessions: the cookie carries a random id; the database keeps its hash, the
//! user and the session's CSRF token. Anonymous sessions exist only once a form is shown.

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, SameSite};

use motcua_domain::account::Principal;

use super::token::{hash_token, random_token};
use crate::error::ApiError;
use crate::state::AppState;

/// Name of the session cookie. With `Secure` cookies the `__Host-` prefix pins it to this
/// host and path.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { "__Host-motcua_sid" } else { "motcua_sid" }
}

/// The request's session, put in the request extensions by `load`.
#[derive(Debug, Clone, Default)]
pub struct CurrentSession {
    pub sid_hash: Option<String>,
    pub csrf: Option<String>,
    pub principal: Option<Principal>,
    /// Authenticated by an API token (no cookie, so no CSRF exposure).
    pub via_token: bool,
}

fn cookie_value<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Middleware: resolves the session cookie or Bearer token into a `CurrentSession`.
pub async fn load(State(state): State<AppState>, mut req: Request, next: Next) -> Result<Response, ApiError> {
    let mut current = CurrentSession::default();
    let bearer = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| hash_token(t.trim()));
    if let Some(hash) = bearer {
        let user = state
            .store
            .api_token_user(&hash)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        current.principal = state.store.principal(user).await?;
        current.via_token = true;
        if current.principal.is_none() {
            return Err(ApiError::Unauthenticated);
        }
    } else if let Some(sid) = cookie_value(&req, cookie_name(state.settings.secure_cookies)) {
        let hash = hash_token(sid);
        if let Some(rec) = state.store.session(&hash).await? {
            if let Some(user) = rec.user_id {
                current.principal = state.store.principal(user).await?;
            }
            current.sid_hash = Some(hash);
            current.csrf = Some(rec.csrf_token);
        }
    }
    req.extensions_mut().insert(current);
    Ok(next.run(req).await)
}

/// Builds the session cookie: HttpOnly, SameSite=Lax, Secure unless configured off.
pub fn cookie(state: &AppState, value: String) -> Cookie<'static> {
    let mut c = Cookie::new(cookie_name(state.settings.secure_cookies), value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(state.settings.secure_cookies);
    c.set_path("/");
    c
}

fn ttl_ms(state: &AppState) -> i64 {
    i64::try_from(state.settings.session_ttl.as_millis()).unwrap_or(i64::MAX)
}

/// The CSRF token of the session, creating an anonymous session (and its cookie) if none.
pub async fn ensure(state: &AppState, s: &CurrentSession) -> Result<(String, Option<Cookie<'static>>), ApiError> {
    if let Some(csrf) = &s.csrf {
        return Ok((csrf.clone(), None));
    }
    let sid = random_token();
    let csrf = random_token();
    state
        .store
        .create_session(&hash_token(&sid), None, &csrf, ttl_ms(state))
        .await?;
    Ok((csrf, Some(cookie(state, sid))))
}

/// Starts a fresh session for a user who just signed in (the old id is dropped: no fixation).
pub async fn start(state: &AppState, old: &CurrentSession, user_id: i64) -> Result<Cookie<'static>, ApiError> {
    if let Some(h) = &old.sid_hash {
        state.store.delete_session(h).await?;
    }
    let sid = random_token();
    state
        .store
        .create_session(&hash_token(&sid), Some(user_id), &random_token(), ttl_ms(state))
        .await?;
    Ok(cookie(state, sid))
}

/// Ends the session; returns the cookie that clears it in the browser.
pub async fn end(state: &AppState, s: &CurrentSession) -> Result<Cookie<'static>, ApiError> {
    if let Some(h) = &s.sid_hash {
        state.store.delete_session(h).await?;
    }
    let mut c = cookie(state, String::new());
    c.make_removal();
    Ok(c)
}
