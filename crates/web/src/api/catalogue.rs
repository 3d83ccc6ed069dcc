use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, header};

use motcua_domain::catalogue::{CatalogueDoc, locate, parse_document};
use motcua_storage::{ImportReport, StorageError};

use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

/// Exports the whole catalogue as one document (what `import` takes back).
#[utoipa::path(get, path = "/api/v1/catalogue", responses((status = 200, body = Object)))]
pub async fn export(State(state): State<AppState>) -> Result<Json<CatalogueDoc>, ApiError> {
    Ok(Json(crate::catalogue::export_document(&state.store).await?))
}

/// Imports a catalogue document: all of it, or nothing with every error and its line.
#[utoipa::path(post, path = "/api/v1/catalogue", request_body(content = Object),
    responses((status = 200, body = Object), (status = 401), (status = 403), (status = 415), (status = 422)))]
pub async fn import(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    if !who.is_system_admin() {
        return Err(ApiError::Forbidden);
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Err(ApiError::UnsupportedMediaType);
    }
    let text =
        std::str::from_utf8(&body).map_err(|_| ApiError::BadRequest("malformed_json", "body is not UTF-8".into()))?;
    let (doc, lines) = parse_document(text).map_err(ApiError::InvalidCatalogue)?;
    let report = match state.store.import_catalogue(Some(who.user_id), &doc).await {
        Err(StorageError::InvalidCatalogue(items)) => return Err(ApiError::InvalidCatalogue(locate(items, &lines))),
        other => other?,
    };
    state.refresh_catalogue().await?;
    Ok(Json(report))
}
