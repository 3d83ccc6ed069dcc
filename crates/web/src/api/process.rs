//! A procedure's declarative process over HTTP (the file format is JSON: see
//! `motcua_domain::dossier::process`).

use axum::Json;
use axum::extract::{Path, State};

use motcua_domain::dossier::Process;

use super::ApiJson;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

/// The process in force for a procedure (the standard one when none was set).
#[utoipa::path(get, path = "/api/v1/procedures/{code}/process", params(("code" = String, Path, description = "Procedure code")),
    responses((status = 200, body = Object), (status = 404)))]
pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Process>, ApiError> {
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or(ApiError::NotFound)?;
    Ok(Json(e.process.clone()))
}

/// Sets a procedure's process (administrators who may edit the procedure). The steps'
/// allowances must add up to the legal time limit.
#[utoipa::path(put, path = "/api/v1/procedures/{code}/process", params(("code" = String, Path, description = "Procedure code")),
    request_body(content = Object),
    responses((status = 200, body = Object), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(p): ApiJson<Process>,
) -> Result<Json<Process>, ApiError> {
    motcua_app::catalogue::set_process(&state, &who, &code, &p).await?;
    Ok(Json(p))
}
