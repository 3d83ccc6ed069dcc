use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use axum::{Extension, Json};
use serde_json::json;

use crate::auth::{CurrentSession, client_addr};
use crate::error::ApiError;
use crate::middleware::prometheus;
use crate::state::AppState;

/// Liveness: the process answers.
pub async fn healthz() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

/// Readiness: the database and the file store answer and the catalogue is loaded.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    state.ready().await?;
    Ok(Json(json!({"status": "ready", "procedures": state.catalogue().len()})))
}

/// Prometheus metrics, for the local scraper (loopback) or a system administrator.
pub async fn metrics(
    State(state): State<AppState>,
    Extension(session): Extension<CurrentSession>,
    req: axum::extract::Request,
) -> Result<impl IntoResponse, ApiError> {
    let headers: &HeaderMap = req.headers();
    let addr = client_addr(req.extensions(), headers, state.web());
    let local = addr.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let admin = session.principal().is_some_and(|p| p.is_system_admin());
    if !local && !admin {
        return Err(if session.principal().is_some() {
            ApiError::Forbidden
        } else {
            ApiError::Unauthenticated
        });
    }
    metrics::gauge!("motcua_catalogue_procedures").set(state.catalogue().len() as f64);
    Ok((
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        prometheus().render(),
    ))
}
