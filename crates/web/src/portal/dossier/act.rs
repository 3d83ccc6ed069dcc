//! Posting an action from a dossier's page; a refusal is shown at the top of the page.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use motcua_app::{AppError, CatalogueSnapshot, dossiers};
use motcua_domain::calendar::VIETNAM;
use motcua_domain::dossier::{Action, ResultMethod};

use super::page::{Banner, fee_view, render};
use crate::i18n::field_message;
use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

fn text(form: &HashMap<String, String>, k: &str) -> String {
    form.get(k)
        .map(|v| motcua_domain::text::nfc(v.trim()))
        .unwrap_or_default()
}

/// Reads an action from the page's form; `None` for an unknown action or a malformed value.
fn action_from(cat: &CatalogueSnapshot, form: &HashMap<String, String>) -> Option<Action> {
    Some(match form.get("action")?.as_str() {
        "receive" => Action::Receive,
        "request_supplement" => Action::RequestSupplement {
            items: text(form, "items")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            reason: text(form, "reason"),
        },
        "complete_supplement" => Action::CompleteSupplement,
        "refuse" => Action::Refuse {
            reasons: text(form, "reasons"),
        },
        "forward" => Action::Forward,
        "hand_back" => Action::HandBack,
        "hand_over" => Action::HandOver {
            agency_id: cat.agency(&text(form, "agency"))?.id,
            reason: text(form, "reason"),
        },
        "return_to_step" => Action::ReturnToStep {
            step: text(form, "step"),
            reason: text(form, "reason"),
        },
        "approve" => Action::Approve,
        "mark_processed" => Action::MarkProcessed,
        "return_result" => Action::ReturnResult {
            method: ResultMethod::parse(&text(form, "method")).unwrap_or(ResultMethod::Counter),
        },
        "apologise_extend" => {
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            let day = time::Date::parse(&text(form, "new_due"), fmt)
                .ok()
                .filter(|d| crate::api::dossier_types::DUE_YEARS.contains(&d.year()))?;
            Action::ApologiseExtend {
                new_due: day.with_time(time::macros::time!(17:00)).assume_offset(VIETNAM),
                reason: text(form, "reason"),
            }
        }
        "stop" => Action::Stop {
            reason: text(form, "reason"),
        },
        "withdraw" => Action::Withdraw {
            reason: text(form, "reason"),
        },
        _ => return None,
    })
}

pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let t = ctx.t;
    let version = form.get("version").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let result = match action_from(&state.catalogue(), &form) {
        Some(action) => dossiers::act(&state, &who, &code, version, action).await,
        None => Err(AppError::invalid("action", "invalid")),
    };
    let e = match result {
        Ok(_) => {
            let kind = form.get("action").map_or("", String::as_str);
            return Ok(Redirect::to(&format!("/ho-so/{code}?xong={kind}")).into_response());
        }
        Err(e) => e,
    };
    let (status, message) = match &e {
        AppError::Workflow(w) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            field_message(t.0, w.code(), None).into_owned(),
        ),
        AppError::Conflict(_) => (StatusCode::CONFLICT, t.t("dossier.stale").to_owned()),
        // A result that could not be signed: the dossier stays at its step, the leader is told.
        AppError::Result(r) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            field_message(t.0, r.code(), None).into_owned(),
        ),
        AppError::Validation(errs) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            errs.first().map(|x| t.field(x.code, &x.detail)).unwrap_or_default(),
        ),
        _ => return Err(e.into()),
    };
    let d = dossiers::readable(&state, &who, &code).await?;
    let v = dossiers::view(&state, &who, d).await?;
    let timeline = dossiers::timeline(&state, &who, &v).await?;
    let agencies = state.catalogue().agencies.clone();
    let fee = fee_view(t, &who, &v, state.settings().payments.is_some());
    let mut body = render(t, ctx.page(), &who, v, &timeline, &agencies, Banner::Refused(message));
    body.fee = fee;
    Ok((status, body).into_response())
}
