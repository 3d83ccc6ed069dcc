//! A report's photos, served only to those who may see the report.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use super::fail;
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::feedback::may_read_full;
use crate::i18n::Tr;
use crate::portal::view::{PageError, lang_of};
use crate::state::AppState;

pub async fn photo(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path((id, media)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let not_found = || PageError::new(ApiError::NotFound, t.0);
    let r = state
        .store
        .feedback(id)
        .await
        .map_err(|e| fail(t)(e.into()))?
        .ok_or_else(not_found)?;
    let full = may_read_full(s.principal.as_ref(), &r);
    if !full && !r.public {
        return Err(not_found());
    }
    let m = state
        .store
        .feedback_media(r.id)
        .await
        .map_err(|e| fail(t)(e.into()))?
        .into_iter()
        .find(|m| m.id == media)
        .ok_or_else(not_found)?;
    let (Some(sha), Some(ct)) = (m.sha256, m.content_type) else {
        return Err(not_found());
    };
    let bytes = state.files.get(&sha).await.map_err(|e| fail(t)(e.into()))?;
    let cache = if r.public {
        "private, max-age=300"
    } else {
        "private, no-store"
    };
    Ok((
        [(header::CONTENT_TYPE, ct), (header::CACHE_CONTROL, cache.to_owned())],
        bytes,
    )
        .into_response())
}
