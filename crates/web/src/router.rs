use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;

use crate::state::AppState;
use crate::{api, auth, channels, middleware, portal};

/// The whole HTTP surface: portal, API, health and metrics.
pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// The whole HTTP surface with `extra` routes behind the same layers (sessions, CSRF,
/// metrics and logs, panics caught): for embedding, and for tests of the layers themselves.
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    let secure = state.web().secure_cookies;
    let max_body = state.web().max_body_bytes;
    middleware::prometheus(); // record from the first request on
    let sandbox = state.web().payment_sandbox.as_ref().map(crate::sandbox::routes);
    let csp = middleware::content_security_policy(state.settings().payments.as_ref().map(|p| p.gateway_url.as_str()));
    Router::new()
        .merge(sandbox.unwrap_or_default())
        .merge(portal::routes())
        .merge(api::routes())
        .merge(crate::open311::routes())
        .merge(channels::routes())
        .merge(extra)
        .layer(from_fn_with_state(state.clone(), auth::csrf::protect))
        .layer(from_fn_with_state(state.clone(), auth::session::load))
        // A panic is answered inside `observe`, so that it is logged and counted as a 500
        // like any other failure (the outer layer only guards the layers around it).
        .layer(CatchPanicLayer::custom(|_| {
            crate::error::ApiError::Internal("panic".into()).to_problem_response()
        }))
        .layer(from_fn(middleware::observe))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CompressionLayer::new())
        .layer(from_fn(move |req, next| {
            middleware::security_headers(secure, csp.clone(), req, next)
        }))
        .layer(CatchPanicLayer::custom(|_| {
            crate::error::ApiError::Internal("panic".into()).to_problem_response()
        }))
        .with_state(state)
}
