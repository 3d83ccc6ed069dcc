//! Posting an action (officers' handling, the reporter's supplement or dispute) and votes
//! on published answers.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use time::OffsetDateTime;

use super::actions::action_from;
use super::item::render;
use super::{fail, signed_in};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::feedback;
use crate::i18n::{Tr, field_message};
use crate::portal::view::{Page, PageError, lang_of};
use crate::state::AppState;

/// Where a refusal is shown (the action's form, or the top of the page) and its message.
fn refusal(t: Tr, kind: &str, e: &ApiError) -> Option<(StatusCode, String, String)> {
    let at = kind.to_owned();
    Some(match e {
        ApiError::Conflict(_) => (StatusCode::CONFLICT, String::new(), t.t("fb.stale").to_owned()),
        ApiError::Feedback(f) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            at,
            field_message(t.0, f.code(), None).into_owned(),
        ),
        ApiError::Validation(errs) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            at,
            errs.first().map(|x| t.field(x.code, &x.detail)).unwrap_or_default(),
        ),
        _ => return None,
    })
}

pub async fn act(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let who = signed_in(&s, t)?;
    let version = form.get("version").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let kind = form.get("action").cloned().unwrap_or_default();
    let result = match action_from(&state, &form).await {
        Some(action) => feedback::act(&state, &who, id, version, action).await,
        None => Err(crate::feedback::invalid("action", "invalid_choice")),
    };
    let e = match result {
        Ok(_) => return Ok(Redirect::to(&format!("/phan-anh/{id}")).into_response()),
        Err(e) => e,
    };
    let Some((status, at, message)) = refusal(t, &kind, &e) else {
        return Err(PageError::new(e, t.0));
    };
    let r = feedback::readable(&state, &who, id).await.map_err(fail(t))?;
    let page = render(&state, &s, t, Page::plain(&s), r, Some((at, message))).await?;
    Ok((status, page).into_response())
}

pub async fn vote(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let who = signed_in(&s, t)?;
    if who.is_officer() {
        return Err(PageError::new(ApiError::Forbidden, t.0));
    }
    let value: i64 = match form.get("value").map(String::as_str) {
        Some("1") => 1,
        Some("-1") => -1,
        _ => return Err(PageError::new(crate::feedback::invalid("value", "invalid_choice"), t.0)),
    };
    let r = state
        .store
        .feedback(id)
        .await
        .map_err(|e| fail(t)(e.into()))?
        .filter(|r| r.public)
        .ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
    state
        .store
        .vote_feedback(r.id, who.user_id, value, OffsetDateTime::now_utc())
        .await
        .map_err(|e| fail(t)(e.into()))?;
    Ok(Redirect::to(&format!("/phan-anh/{id}#binh-chon")).into_response())
}
