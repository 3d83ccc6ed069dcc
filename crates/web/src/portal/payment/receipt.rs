//! `GET /ho-so/{code}/bien-lai/{id}`: the receipt of a paid fee as PDF (whoever may read
//! the dossier; 404 otherwise).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use motcua_domain::ids::PaymentId;

use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

pub async fn receipt(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let pdf = motcua_app::payments::receipt(&state, &who, &code, PaymentId(id)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}\"", pdf.file_name),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf.bytes,
    )
        .into_response())
}
