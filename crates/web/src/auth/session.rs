//! The session cookie and the Bearer header: read into a `CurrentSession` by a middleware
//! (the rules live in `motcua_app::accounts`), and written back as cookies.

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, COOKIE, SET_COOKIE};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, SameSite};

use motcua_app::accounts::{self, Session};
use motcua_domain::account::Principal;

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
    pub session: Session,
    /// Authenticated by an API token (no cookie, so no CSRF exposure).
    pub via_token: bool,
    /// Unread notifications of the signed-in user, for the bell (portal pages only).
    pub unread: Option<i64>,
}

impl CurrentSession {
    pub fn principal(&self) -> Option<&Principal> {
        self.session.principal.as_ref()
    }

    pub fn csrf(&self) -> Option<&str> {
        self.session.csrf.as_deref()
    }

    /// A cookie session exists (signed in or not).
    pub fn has_cookie_session(&self) -> bool {
        self.session.id_hash.is_some()
    }
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

/// Whether the request is for a portal page, whose header shows the bell (one indexed count;
/// API calls, assets and feeds skip it).
fn shows_bell(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == axum::http::Method::GET
        && ![
            "/api/",
            "/static/",
            "/open311/",
            "/favicon",
            "/healthz",
            "/readyz",
            "/metrics",
        ]
        .iter()
        .any(|p| path.starts_with(p))
}

/// Middleware: resolves the session cookie or Bearer token into a `CurrentSession`.
pub async fn load(State(state): State<AppState>, mut req: Request, next: Next) -> Result<Response, ApiError> {
    let bearer = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let current = if let Some(token) = bearer {
        let principal = accounts::resolve_bearer(&state, &token).await?;
        CurrentSession {
            session: Session {
                principal: Some(principal),
                ..Session::default()
            },
            via_token: true,
            unread: None,
        }
    } else if let Some(sid) = cookie_value(&req, cookie_name(state.web().secure_cookies)) {
        let session = accounts::resolve_session(&state, sid).await?;
        let unread = match &session.principal {
            Some(p) if shows_bell(&req) => motcua_app::notifications::unread_count(&state, p).await.ok(),
            _ => None,
        };
        CurrentSession {
            session,
            via_token: false,
            unread,
        }
    } else {
        CurrentSession::default()
    };
    let signed_in = current.principal().is_some();
    req.extensions_mut().insert(current);
    let mut res = next.run(req).await;
    // Whatever a signed-in user is shown is theirs (every page names them), and a response
    // that sets a cookie hands out a session: neither may be kept by a browser's or a shared
    // cache. Responses that chose their own policy (static assets, public photos) keep it.
    if (signed_in || res.headers().contains_key(SET_COOKIE)) && !res.headers().contains_key(CACHE_CONTROL) {
        res.headers_mut()
            .insert(CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// Builds the session cookie: HttpOnly, SameSite=Lax, Secure unless configured off.
pub fn cookie(state: &AppState, value: String) -> Cookie<'static> {
    let mut c = Cookie::new(cookie_name(state.web().secure_cookies), value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(state.web().secure_cookies);
    c.set_path("/");
    c
}

/// The CSRF token of the session, creating an anonymous session (and its cookie) if none.
pub async fn ensure(state: &AppState, s: &CurrentSession) -> Result<(String, Option<Cookie<'static>>), ApiError> {
    let (csrf, new_sid) = accounts::ensure_session(state, &s.session).await?;
    Ok((csrf, new_sid.map(|sid| cookie(state, sid))))
}

/// Starts a fresh session for a user who just signed in (no fixation); its cookie.
pub async fn start(
    state: &AppState,
    old: &CurrentSession,
    user: motcua_domain::ids::UserId,
) -> Result<Cookie<'static>, ApiError> {
    let sid = accounts::start_session(state, &old.session, user).await?;
    Ok(cookie(state, sid))
}

/// Ends the session; returns the cookie that clears it in the browser.
pub async fn end(state: &AppState, s: &CurrentSession) -> Result<Cookie<'static>, ApiError> {
    accounts::end_session(state, &s.session).await?;
    let mut c = cookie(state, String::new());
    c.make_removal();
    Ok(c)
}
