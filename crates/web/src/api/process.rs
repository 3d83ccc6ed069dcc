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
#[utoipa::path(get, path = "/api/v1/procedures/{code}/process", responses((status = 200, body = Object), (status = 404)))]
pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Process>, ApiError> {
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or(ApiError::NotFound)?;
    let p = state
        .store
        .procedure_process(e.id)
        .await?
        .unwrap_or_else(|| Process::standard(&e.procedure.time_limit));
    Ok(Json(p))
}

/// Sets a procedure's process (administrators who may edit the procedure). The steps'
/// allowances must add up to the legal time limit.
#[utoipa::path(put, path = "/api/v1/procedures/{code}/process", request_body(content = Object),
    responses((status = 200, body = Object), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(p): ApiJson<Process>,
) -> Result<Json<Process>, ApiError> {
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or(ApiError::NotFound)?;
    let ids: Vec<i64> = e
        .procedure
        .agencies
        .iter()
        .filter_map(|a| cat.agency(a.as_str()).map(|x| x.id))
        .collect();
    if !who.can_edit_procedure(&ids) {
        return Err(ApiError::Forbidden);
    }
    p.validate(&e.procedure.time_limit)
        .finish()
        .map_err(ApiError::Validation)?;
    state
        .store
        .set_procedure_process(Some(who.user_id), e.id, &code, &p)
        .await?;
    Ok(Json(p))
}
