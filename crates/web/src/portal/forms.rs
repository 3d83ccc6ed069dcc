//! The standard forms of a dossier as PDF (01–05) and the tracking book (06), rendered by the
//! application (on blocking threads) for those who may read the dossier or the agency's book.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use time::Date;

use motcua_app::AppError;
use motcua_app::dossiers::forms::{self, Pdf};
use motcua_domain::FieldError;

use super::dossier::{BookForm, WorkQuery, workspace_page};
use super::filing::page::date_value;
use super::view::{Ctx, FormErrors, PageError};
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
    #[serde(rename = "tu-ngay")]
    from_day: String,
    #[serde(rename = "tu-thang")]
    from_month: String,
    #[serde(rename = "tu-nam")]
    from_year: String,
    #[serde(rename = "den-ngay")]
    to_day: String,
    #[serde(rename = "den-thang")]
    to_month: String,
    #[serde(rename = "den-nam")]
    to_year: String,
    /// `YYYY-MM-DD`, as the first version's form sent it (still read).
    tu: String,
    den: String,
}

/// One end of the period: the three boxes (or the old single value), checked.
fn period_end(parts: (&str, &str, &str), iso: &str) -> Result<Date, &'static str> {
    let typed = if iso.trim().is_empty() {
        date_value(parts.0, parts.1, parts.2)
    } else {
        iso.trim().to_owned()
    };
    if typed.is_empty() {
        return Err("required");
    }
    motcua_domain::procedure::form::parse_iso_date(&typed).ok_or("not_a_date")
}

/// Form 06 for an agency and a period (officers of that agency). A period that cannot be
/// read comes back to the workspace with the message next to the dates.
pub async fn tracking_book(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BookQuery>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    // Who may read the book is judged before what they typed.
    motcua_app::dossiers::workspace_agency(&state, &who, &q.agency)?;
    let from = period_end((&q.from_day, &q.from_month, &q.from_year), &q.tu);
    let to = period_end((&q.to_day, &q.to_month, &q.to_year), &q.den);
    let refused = match (from, to) {
        (Ok(from), Ok(to)) => match forms::tracking_book(&state, &who, &q.agency, from, to).await {
            Ok(p) => return Ok(pdf(p)),
            Err(AppError::Validation(errs)) => errs,
            Err(e) => return Err(e.into()),
        },
        (from, to) => [("tu", from.err()), ("den", to.err())]
            .into_iter()
            .filter_map(|(field, code)| {
                code.map(|code| FieldError {
                    field: field.into(),
                    code,
                    detail: None,
                })
            })
            .collect(),
    };
    let t = ctx.t;
    let errors = FormErrors::from_fields(t, &refused).labelled([
        ("tu", t.t("work.from"), "tu-ngay".to_owned()),
        ("den", t.t("work.to"), "den-ngay".to_owned()),
    ]);
    let book = BookForm {
        from: (q.from_day.clone(), q.from_month.clone(), q.from_year.clone()),
        to: (q.to_day.clone(), q.to_month.clone(), q.to_year.clone()),
    };
    let work = WorkQuery {
        agency: q.agency.clone(),
        ..WorkQuery::default()
    };
    let page = workspace_page(&state, &ctx, &work, book, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
