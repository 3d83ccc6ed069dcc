//! The document store over HTTP: the caller's documents (list, one, its file, add, delete),
//! the catalogue of document types, and an officer pushing a dossier's file or its result to
//! the applicant.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use motcua_app::documents::{self, StoreFile};
use motcua_domain::FieldError;
use motcua_domain::documents::DocumentInput;
use motcua_domain::ids::{AttachmentId, StoredDocumentId};

use super::types::{DocumentOut, DocumentTypeOut, PushRequest, day};
use crate::api::ApiJson;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

/// The caller's kept documents, newest first.
#[utoipa::path(get, path = "/api/v1/me/documents", responses((status = 200, body = [DocumentOut]), (status = 401)))]
pub async fn list(State(state): State<AppState>, SignedIn(who): SignedIn) -> Result<Json<Vec<DocumentOut>>, ApiError> {
    let docs = documents::mine(&state, &who).await?;
    Ok(Json(docs.into_iter().map(DocumentOut::from).collect()))
}

/// One of the caller's documents (404 for anyone else's).
#[utoipa::path(get, path = "/api/v1/me/documents/{id}", params(("id" = i64, Path, description = "Document id")),
    responses((status = 200, body = DocumentOut), (status = 401), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(id): Path<i64>,
) -> Result<Json<DocumentOut>, ApiError> {
    let d = documents::mine(&state, &who)
        .await?
        .into_iter()
        .find(|d| d.id == StoredDocumentId(id))
        .ok_or(ApiError::NotFound)?;
    Ok(Json(d.into()))
}

/// The file of one of the caller's documents (404 for anyone else's).
#[utoipa::path(get, path = "/api/v1/me/documents/{id}/file", params(("id" = i64, Path, description = "Document id")),
    responses((status = 200, description = "The file's bytes"), (status = 401), (status = 404)))]
pub async fn download(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (d, bytes) = documents::file(&state, &who, StoredDocumentId(id)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, d.content_type.clone()),
            (header::CONTENT_DISPOSITION, crate::portal::disposition(&d.file_name)),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// Deletes one of the caller's documents (404 for anyone else's). Dossiers that used it
/// keep their files.
#[utoipa::path(delete, path = "/api/v1/me/documents/{id}", params(("id" = i64, Path, description = "Document id")),
    responses((status = 204), (status = 401), (status = 404)))]
pub async fn delete(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    documents::delete(&state, &who, StoredDocumentId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds a document to the caller's store: `multipart/form-data` with `file` (PDF, JPEG or
/// PNG, by content), `title`, and optionally `document_type` and `issued_on`
/// (`YYYY-MM-DD`). Every error at once (422); nothing stored unless all is valid.
#[utoipa::path(post, path = "/api/v1/me/documents",
    responses((status = 201, body = DocumentOut), (status = 401), (status = 413), (status = 422)))]
pub async fn add(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<DocumentOut>), ApiError> {
    let (input, file) = read_document(multipart).await?;
    let id = documents::add(&state, &who, &input, file).await?;
    let d = documents::mine(&state, &who)
        .await?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(d.into())))
}

/// Reads a document sent as `multipart/form-data` (`file`, `title`, `document_type`,
/// `issued_on`). An unreadable date is refused at once with the other fields' errors, so
/// that nothing is stored.
async fn read_document(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(DocumentInput, StoreFile), ApiError> {
    let mut m = multipart.map_err(|_| ApiError::UnsupportedMediaType)?;
    let mut input = DocumentInput::default();
    let mut issued = String::new();
    let mut file = StoreFile {
        file_name: String::new(),
        bytes: axum::body::Bytes::new(),
    };
    let unreadable =
        |e: axum::extract::multipart::MultipartError| crate::error::multipart_problem(e.status(), e.body_text());
    while let Some(field) = m.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("document_type") => input.document_type = field.text().await.unwrap_or_default().trim().into(),
            Some("title") => input.title = motcua_domain::text::nfc(field.text().await.unwrap_or_default().trim()),
            Some("issued_on") => issued = field.text().await.unwrap_or_default(),
            Some("file") => {
                file.file_name = field.file_name().unwrap_or("").to_owned();
                file.bytes = field.bytes().await.map_err(unreadable)?;
            }
            _ => {}
        }
    }
    if !issued.trim().is_empty() {
        match day("issued_on", &issued) {
            Ok(d) => input.issued_on = Some(d),
            Err(e) => {
                let today = time::OffsetDateTime::now_utc()
                    .to_offset(motcua_domain::calendar::VIETNAM)
                    .date();
                let mut all: Vec<FieldError> = input.validate(today).into_errors();
                all.push(e);
                return Err(ApiError::Validation(all));
            }
        }
    }
    Ok((input, file))
}

/// Uploads the dossier's result (PDF, JPEG or PNG) straight to its applicant's store:
/// `multipart/form-data` with `file`, `title`, and optionally `document_type` and
/// `issued_on`. Officers of the receiving or handling agency (403 for other readers and for
/// a dossier without an applicant account, 404 for everyone else); every error at once
/// (422). The same file uploaded again for the dossier is one document.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/result-documents",
    params(("code" = String, Path, description = "Dossier code")),
    responses((status = 201, body = Object), (status = 401), (status = 403), (status = 404), (status = 413), (status = 422)))]
pub async fn push_result(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    // Those who may not read the dossier learn nothing from the body's errors.
    motcua_app::dossiers::readable(&state, &who, &code).await?;
    let (input, file) = read_document(multipart).await?;
    let doc = documents::push_result(&state, &who, &code, &input, file).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "document_id": doc.get() })),
    ))
}

/// The catalogue of document types (public).
#[utoipa::path(get, path = "/api/v1/document-types", responses((status = 200, body = [DocumentTypeOut])))]
pub async fn types() -> Json<Vec<DocumentTypeOut>> {
    Json(
        motcua_domain::documents::types()
            .iter()
            .map(|t| DocumentTypeOut {
                code: t.code.clone(),
                name_vi: t.vi.clone(),
                name_en: t.en.clone(),
            })
            .collect(),
    )
}

/// Pushes a file of the dossier to its applicant's store (officers of the receiving or
/// handling agency; 403 for other readers, 404 for everyone else). Pushing it again
/// updates the kept document.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/files/{id}/push",
    params(("code" = String, Path, description = "Dossier code"), ("id" = i64, Path, description = "File id")),
    request_body = PushRequest,
    responses((status = 201, body = Object), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn push(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path((code, id)): Path<(String, i64)>,
    ApiJson(body): ApiJson<PushRequest>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let issued_on = match body.issued_on.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(s) => Some(day("issued_on", s).map_err(|e| ApiError::Validation(vec![e]))?),
        None => None,
    };
    let input = DocumentInput {
        document_type: body.document_type.unwrap_or_default().trim().to_owned(),
        title: motcua_domain::text::nfc(body.title.trim()),
        issued_on,
    };
    let doc = documents::push_file(&state, &who, &code, AttachmentId(id), &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "document_id": doc.get() })),
    ))
}
