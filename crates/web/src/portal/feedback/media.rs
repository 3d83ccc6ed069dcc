//! A report's photos, served only to those who may see the report.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use motcua_domain::ids::{MediaId, ReportId};

use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

pub async fn photo(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, media)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (ct, bytes, public) =
        motcua_app::feedback::photo(&state, ctx.principal(), ReportId(id), MediaId(media)).await?;
    let cache = if public {
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
