//! `GET /media/{request}/{media}`: a stored photo of a public report (the `media_url` of
//! requests). Photos were stripped of their metadata when received.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::errors::Open311Error;
use super::format::Format;
use super::params;
use crate::state::AppState;

async fn bytes(state: &AppState, request: &str, media: &str) -> Result<(String, axum::body::Bytes), Open311Error> {
    let (Ok(request), Ok(media)) = (request.parse::<i64>(), media.parse::<i64>()) else {
        return Err(Open311Error::not_found());
    };
    let public = state.store.feedback(request).await?.is_some_and(|r| r.public);
    if !public {
        return Err(Open311Error::not_found());
    }
    let found = state
        .store
        .feedback_media(request)
        .await?
        .into_iter()
        .find(|m| m.id == media);
    let Some((sha, content_type)) = found.and_then(|m| m.sha256.zip(m.content_type)) else {
        return Err(Open311Error::not_found());
    };
    Ok((content_type, state.files.get(&sha).await?))
}

pub async fn photo(
    State(state): State<AppState>,
    Path((request, media)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match bytes(&state, &request, &media).await {
        Ok((content_type, body)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(e) => e.render(Format::Xml, params::lang(&headers)),
    }
}
