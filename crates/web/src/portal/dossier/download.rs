//! A dossier's file, for those who may read the dossier.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use motcua_app::dossiers;
use motcua_domain::ids::AttachmentId;

use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

/// `Content-Disposition` naming the file in ASCII and in UTF-8 (RFC 6266 / 5987).
pub(crate) fn disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let (f, bytes) = dossiers::dossier_file(&state, &who, &code, AttachmentId(id)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition(&f.file_name)),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
