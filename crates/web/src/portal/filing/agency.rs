//! The receiving agency page.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{MatchedPath, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use super::Filing;
use super::page::{FieldView, FilingPage};
use crate::portal::view::{Ctx, FormErrors, Page, PageError, SelectOption};
use crate::state::AppState;

fn agency_page(state: &AppState, f: &Filing, page: Page, errors: FormErrors) -> FilingPage {
    let cat = state.catalogue();
    let options = f
        .agencies(state)
        .iter()
        .map(|code| SelectOption {
            value: code.to_string(),
            label: cat
                .agency(code.as_str())
                .map_or_else(|| code.to_string(), |a| a.name.clone()),
            selected: f.draft.agency == code.as_str(),
        })
        .collect();
    FilingPage {
        t: f.t,
        page,
        errors,
        procedure_name: f.entry.procedure.name.clone(),
        heading: f.t.t("filing.agency").to_owned(),
        action: f.url("co-quan"),
        fields: vec![FieldView {
            kind: "radio",
            options,
            ..FieldView::text("agency", "", "", "")
        }],
        journey: f.journey(1),
        content: f.t.vi(),
    }
}

pub async fn agency_form(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: MatchedPath,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    Ok((jar, agency_page(&state, &f, page, FormErrors::default())).into_response())
}

pub async fn agency_save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mut f = Filing::load(&state, &ctx, &code, &matched).await?;
    let chosen = form.get("agency").cloned().unwrap_or_default();
    if !f.agencies(&state).iter().any(|a| a.as_str() == chosen) {
        let mut errors = FormErrors::default();
        errors.add("agency", f.t.t("filing.choose_agency"));
        let body = agency_page(&state, &f, ctx.page(), errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    f.draft.agency = chosen;
    f.save(&state).await?;
    Ok(Redirect::to(&f.next(&state).await?).into_response())
}
