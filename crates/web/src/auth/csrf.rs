//! CSRF protection for every state-changing request made with the session cookie:
//! the Origin (or Referer) must be this site, and the session's token must come back in the
//! `X-CSRF-Token` header (htmx, API clients) or the `_csrf` form field (plain HTML forms).
//! Requests authenticated by a Bearer token carry no ambient credential and are exempt.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN, REFERER};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;

use super::session::CurrentSession;
use crate::error::ApiError;
use crate::state::AppState;
use motcua_app::accounts::tokens::same;

/// Paths that take credentials instead of a session (no ambient authority to abuse).
const EXEMPT: [&str; 1] = ["/api/v1/auth/token"];

/// Machine interfaces that authenticate each request themselves (Bearer token, Open311
/// `api_key` in the body): a request to them without a session cookie has no ambient
/// credential to abuse. With a cookie session the full check still applies.
const SESSIONLESS_OK: [&str; 2] = ["/api/", "/open311/"];

fn same_origin(headers: &HeaderMap, trusted: &[String]) -> bool {
    let Some(host) = headers.get(HOST).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let origin = headers
        .get(ORIGIN)
        .or_else(|| headers.get(REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(origin) = origin else { return true };
    if origin == "null" {
        return false;
    }
    let authority = origin.split("://").nth(1).map(|r| r.split('/').next().unwrap_or(""));
    if authority == Some(host) {
        return true;
    }
    // Trusted origins are compared whole (scheme, host and port), never as prefixes:
    // `https://dvc.tinh.gov.vn.evil.example` is not `https://dvc.tinh.gov.vn`.
    let Some(origin) = origin_of(origin) else {
        return false;
    };
    trusted.iter().any(|t| origin_of(t).is_some_and(|t| t == origin))
}

/// The origin (`scheme://host[:port]`, lower-cased) of an Origin header, a Referer URL or a
/// configured origin; `None` when there is no authority.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if scheme.is_empty() || authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!("{scheme}://{authority}").to_ascii_lowercase())
}

fn form_field<'a>(body: &'a [u8], name: &str) -> Option<&'a str> {
    std::str::from_utf8(body)
        .ok()?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub async fn protect(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, ApiError> {
    // The sandbox gateway is another party with its own signed form token.
    let sandbox = req.uri().path().starts_with(crate::sandbox::PREFIX);
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || EXEMPT.contains(&req.uri().path())
        || sandbox
    {
        return Ok(next.run(req).await);
    }
    let session = req.extensions().get::<CurrentSession>().cloned().unwrap_or_default();
    // A token carries no ambient credential; an API call without any session has none to
    // abuse either (the handler answers 401 where sign-in is needed).
    let machine = SESSIONLESS_OK.iter().any(|p| req.uri().path().starts_with(p));
    if session.via_token || (!session.has_cookie_session() && machine) {
        return Ok(next.run(req).await);
    }
    if !same_origin(req.headers(), &state.web().trusted_origins) {
        return Err(ApiError::Csrf);
    }
    let expected = session.csrf().map(str::to_owned).ok_or(ApiError::Csrf)?;
    if let Some(h) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if same(h, &expected) {
            Ok(next.run(req).await)
        } else {
            Err(ApiError::Csrf)
        };
    }
    // File uploads (multipart) carry the token in the form's action URL, so the body is
    // never buffered here.
    if let Some(t) = req.uri().query().and_then(|q| form_field(q.as_bytes(), "_csrf")) {
        return if same(t, &expected) {
            Ok(next.run(req).await)
        } else {
            Err(ApiError::Csrf)
        };
    }
    let is_form = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(ApiError::Csrf);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, state.web().max_body_bytes)
        .await
        .map_err(|_| ApiError::PayloadTooLarge)?;
    let ok = form_field(&bytes, "_csrf").is_some_and(|t| same(t, &expected));
    if !ok {
        return Err(ApiError::Csrf);
    }
    Ok(next.run(Request::from_parts(parts, Body::from(bytes))).await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(HOST, HeaderValue::from_static("dichvucong.daklak.gov.vn"));
        assert!(same_origin(&h, &[]), "no Origin header: rely on the token");
        h.insert(ORIGIN, HeaderValue::from_static("https://dichvucong.daklak.gov.vn"));
        assert!(same_origin(&h, &[]));
        h.insert(ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(!same_origin(&h, &[]));
        assert!(same_origin(&h, &["https://evil.example".into()]));
        h.insert(ORIGIN, HeaderValue::from_static("null"));
        assert!(!same_origin(&h, &[]));
    }

    #[test]
    fn trusted_origins_match_whole() {
        let trusted = [
            "https://dvc.daklak.gov.vn".to_owned(),
            "http://localhost:8080/".to_owned(),
        ];
        let mut h = HeaderMap::new();
        h.insert(HOST, HeaderValue::from_static("motcua.internal"));
        for ok in [
            "https://dvc.daklak.gov.vn",
            "HTTPS://DVC.daklak.gov.vn",
            "http://localhost:8080",
        ] {
            h.insert(ORIGIN, HeaderValue::from_static(ok));
            assert!(same_origin(&h, &trusted), "{ok}");
        }
        for bad in [
            "https://dvc.daklak.gov.vn.evil.example",
            "https://dvc.daklak.gov.vn:8443",
            "http://dvc.daklak.gov.vn",
            "https://dvc.daklak.gov.vn@evil.example",
            "http://localhost:80800",
        ] {
            h.insert(ORIGIN, HeaderValue::from_static(bad));
            assert!(!same_origin(&h, &trusted), "{bad}");
        }
        h.remove(ORIGIN);
        h.insert(REFERER, HeaderValue::from_static("https://dvc.daklak.gov.vn/ho-so?x=1"));
        assert!(same_origin(&h, &trusted));
        h.insert(
            REFERER,
            HeaderValue::from_static("https://dvc.daklak.gov.vn.evil.example/ho-so"),
        );
        assert!(!same_origin(&h, &trusted));
    }

    #[test]
    fn reads_the_form_token() {
        assert_eq!(form_field(b"a=1&_csrf=abc&b=2", "_csrf"), Some("abc"));
        assert_eq!(form_field(b"a=1", "_csrf"), None);
    }
}
