//! Posting an action (officers' handling, the reporter's supplement or dispute) and votes
//! on published answers.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use motcua_app::{AppError, feedback};
use motcua_domain::ids::ReportId;

use super::actions::action_from;
use super::item::render;
use crate::i18n::{Tr, field_message};
use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

/// Where a refusal is shown (the action's form, or the top of the page) and its message.
fn refusal(t: Tr, kind: &str, e: &AppError) -> Option<(StatusCode, String, String)> {
    let at = kind.to_owned();
    Some(match e {
        AppError::Conflict(_) => (StatusCode::CONFLICT, String::new(), t.t("fb.stale").to_owned()),
        AppError::Feedback(f) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            at,
            field_message(t.0, f.code(), None).into_owned(),
        ),
        AppError::Validation(errs) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            at,
            errs.first().map(|x| t.field(x.code, &x.detail)).unwrap_or_default(),
        ),
        _ => return None,
    })
}

pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let t = ctx.t;
    let id = ReportId(id);
    let version = form.get("version").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let kind = form.get("action").cloned().unwrap_or_default();
    let result = match action_from(&state, &form).await {
        Some(action) => feedback::act(&state, &who, id, version, action).await,
        None => Err(AppError::invalid("action", "invalid_choice")),
    };
    let e = match result {
        Ok(_) => return Ok(Redirect::to(&format!("/phan-anh/{id}")).into_response()),
        Err(e) => e,
    };
    let Some((status, at, message)) = refusal(t, &kind, &e) else {
        return Err(e.into());
    };
    let r = feedback::readable(&state, &who, id).await?;
    let page = render(&state, &ctx, ctx.page(), r, Some((at, message))).await?;
    Ok((status, page).into_response())
}

pub async fn vote(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let value: i64 = match form.get("value").map(String::as_str) {
        Some("1") => 1,
        Some("-1") => -1,
        _ => 0,
    };
    feedback::vote(&state, &who, ReportId(id), value).await?;
    Ok(Redirect::to(&format!("/phan-anh/{id}#binh-chon")).into_response())
}
