use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, header};

use motcua_app::catalogue as use_case;
use motcua_domain::catalogue::{CatalogueDoc, parse_document};

use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

/// What an import did.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImportOut {
    pub agencies: usize,
    pub units: usize,
    pub procedures_created: usize,
    pub procedures_updated: usize,
    pub procedures_unchanged: usize,
}

/// Exports the whole catalogue as one document (what `import` takes back).
#[utoipa::path(get, path = "/api/v1/catalogue", responses((status = 200, body = Object)))]
pub async fn export(State(state): State<AppState>) -> Result<Json<CatalogueDoc>, ApiError> {
    Ok(Json(use_case::export_document(&state).await?))
}

/// Imports a catalogue document: all of it, or nothing with every error and its line.
#[utoipa::path(post, path = "/api/v1/catalogue", request_body(content = Object),
    responses((status = 200, body = ImportOut), (status = 401), (status = 403), (status = 415), (status = 422)))]
pub async fn import(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ImportOut>, ApiError> {
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
    let r = use_case::import_document(&state, Some(&who), &doc, &lines).await?;
    Ok(Json(ImportOut {
        agencies: r.agencies,
        units: r.units,
        procedures_created: r.procedures_created,
        procedures_updated: r.procedures_updated,
        procedures_unchanged: r.procedures_unchanged,
    }))
}
