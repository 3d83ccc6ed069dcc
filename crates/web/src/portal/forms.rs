//! The standard forms of a dossier as PDF (01–05) and the tracking book (06), rendered by the
//! application (on blocking threads) for those who may read the dossier or the agency's book.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::Date;

use motcua_app::dossiers::forms::{self, Pdf};

use super::view::{Ctx, PageError};
use crate::state::AppState;

fn pdf(p: Pdf) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}\"", p.file_name),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        p.bytes,
    )
        .into_response()
}

pub async fn dossier_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, number)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    Ok(pdf(forms::dossier_form(&state, &who, &code, &number).await?))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BookQuery {
    #[serde(rename = "co-quan")]
    agency: String,
    tu: String,
    den: String,
}

/// Form 06 for an agency and a period (officers of that agency).
pub async fn tracking_book(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BookQuery>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    // Who may read the book is judged before what they typed.
    motcua_app::dossiers::workspace_agency(&state, &who, &q.agency)?;
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let bad = || motcua_app::AppError::invalid("tu", "invalid_date");
    let from = Date::parse(&q.tu, fmt).map_err(|_| bad())?;
    let to = Date::parse(&q.den, fmt).map_err(|_| bad())?;
    Ok(pdf(forms::tracking_book(&state, &who, &q.agency, from, to).await?))
}
