//! `GET /media/{request}/{media}`: a stored photo of a public report (the `media_url` of
//! requests). Photos were stripped of their metadata when received.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::errors::Open311Error;
use super::format::Format;
use super::params;
use crate::state::AppState;
use motcua_domain::ids::{MediaId, ReportId};

async fn bytes(state: &AppState, request: &str, media: &str) -> Result<(String, axum::body::Bytes), Open311Error> {
    let (Ok(request), Ok(media)) = (request.parse::<i64>(), media.parse::<i64>()) else {
        return Err(Open311Error::not_found());
    };
    // Anonymous: only the photos of public reports.
    let (content_type, bytes, _) = motcua_app::feedback::photo(state, None, ReportId(request), MediaId(media)).await?;
    Ok((content_type, bytes))
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
