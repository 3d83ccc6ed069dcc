//! Administrators add and edit procedures in the portal: `form.rs` reads the form (one line
//! per nested item), `render.rs` draws it, the handlers here save through the catalogue's
//! use cases (which check who may edit what).

mod form;
mod render;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::{CookieJar, Form};

use motcua_app::AppError;
use motcua_app::catalogue as use_case;
use motcua_domain::account::Principal;

pub use form::EditForm;
use render::Render;

use super::view::{Ctx, FormErrors, PageError};
use crate::error::ApiError;
use crate::state::AppState;

/// Someone who may edit some procedure (a system or agency administrator).
fn editor(ctx: &Ctx) -> Result<Principal, PageError> {
    let p = ctx.who()?;
    if p.edits_procedures() {
        Ok(p)
    } else {
        Err(ApiError::Forbidden.into())
    }
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx, jar: CookieJar) -> Result<Response, PageError> {
    editor(&ctx)?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let f = EditForm {
        time_unit: "working_days".into(),
        online_level: "partial".into(),
        ..EditForm::default()
    };
    let render = Render {
        state: &state,
        t: ctx.t,
        page,
        editing: false,
    };
    Ok((jar, render.page(&f, FormErrors::default(), false)).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let who = editor(&ctx)?;
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or(ApiError::NotFound)?;
    if !use_case::may_edit(&who, &cat, &e.procedure) {
        return Err(ApiError::Forbidden.into());
    }
    let f = EditForm::from_procedure(&e.procedure, e.version);
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let render = Render {
        state: &state,
        t: ctx.t,
        page,
        editing: true,
    };
    Ok((jar, render.page(&f, FormErrors::default(), false)).into_response())
}

async fn save(state: AppState, ctx: Ctx, code: Option<String>, f: EditForm) -> Result<Response, PageError> {
    let who = editor(&ctx)?;
    let editing = code.is_some();
    let t = ctx.t;
    let render = |errors: FormErrors, stale: bool| {
        let status = if stale {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let page = Render {
            state: &state,
            t,
            page: ctx.page(),
            editing,
        }
        .page(&f, errors, stale);
        (status, page).into_response()
    };
    let p = match f.to_procedure() {
        Ok(p) => p,
        Err(errs) => {
            // Who may save what is judged on the agencies typed, before any other message.
            let cat = state.catalogue();
            let typed: Vec<_> = f.agencies.iter().filter_map(|c| cat.agency(c).map(|a| a.id)).collect();
            if !typed.is_empty() && !who.can_edit_procedure(&typed) {
                return Err(ApiError::Forbidden.into());
            }
            return Ok(render(FormErrors::from_fields(t, &errs), false));
        }
    };
    let result = match &code {
        None => use_case::create_procedure(&state, &who, &p).await,
        Some(code) => {
            let expected = f.version.trim().parse::<i64>().ok();
            use_case::update_procedure(&state, &who, code, &p, expected).await
        }
    };
    match result {
        Ok(saved) => Ok(Redirect::to(&format!("/thu-tuc/{}", saved.procedure.code)).into_response()),
        Err(AppError::Conflict("version")) => Ok(render(FormErrors::default(), true)),
        Err(AppError::Conflict(_)) => {
            let mut errors = FormErrors::default();
            errors.add("code", t.field("duplicate", &None));
            Ok(render(errors, false))
        }
        Err(AppError::Validation(errs)) => Ok(render(FormErrors::from_fields(t, &errs), false)),
        Err(e) => Err(e.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    form: Result<Form<EditForm>, axum_extra::extract::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| ApiError::BadRequest("invalid_form", e.to_string()))?;
    save(state, ctx, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    form: Result<Form<EditForm>, axum_extra::extract::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) = form.map_err(|e| ApiError::BadRequest("invalid_form", e.to_string()))?;
    save(state, ctx, Some(code), f).await
}
