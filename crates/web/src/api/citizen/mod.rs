//! The citizen's document store, satisfaction ratings and return by post over HTTP. Each
//! concern in its own file; the API's own types in `types.rs`.

pub(super) mod documents;
pub(super) mod postal;
pub(super) mod ratings;
pub(super) mod types;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

/// Largest multipart body of an upload to the store (the per-file limit is a setting).
const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/me/documents",
            get(documents::list)
                .post(documents::add)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/api/v1/me/documents/{id}",
            get(documents::show).delete(documents::delete),
        )
        .route("/api/v1/me/documents/{id}/file", get(documents::download))
        .route("/api/v1/document-types", get(documents::types))
        .route("/api/v1/dossiers/{code}/files/{id}/push", post(documents::push))
        .route(
            "/api/v1/dossiers/{code}/result-documents",
            post(documents::push_result).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/api/v1/dossiers/{code}/rating", get(ratings::show).post(ratings::rate))
        .route("/api/v1/me/ratings", get(ratings::mine))
        .route("/api/v1/agencies/{code}/ratings", get(ratings::of_agency))
        .route("/api/v1/communes", get(postal::communes))
        .route("/api/v1/dossiers/{code}/postal", get(postal::show).put(postal::choose))
        .route("/api/v1/dossiers/{code}/postal/events", post(postal::record))
}
