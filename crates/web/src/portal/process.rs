//! The administrator's page for a procedure's process: the steps as a table, and the
//! process file (JSON) to edit, checked against the legal time limit before it is saved.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_app::ProcedureEntry;
use motcua_domain::account::Principal;
use motcua_domain::dossier::Process;

use super::catalogue::time_limit;
use super::view::{Ctx, FormErrors, Page, PageError};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "process.html")]
pub struct ProcessPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    code: String,
    procedure_name: String,
    limit: String,
    steps: Vec<(String, String, String, String, String)>,
    definition: String,
}

fn view(t: Tr, page: Page, e: &ProcedureEntry, p: &Process, definition: String, errors: FormErrors) -> ProcessPage {
    let row = |s: &motcua_domain::dossier::Step, prefix: &str| {
        let actions = s
            .actions
            .iter()
            .map(|a| t.t(&format!("action.{}", a.as_str())))
            .collect::<Vec<_>>()
            .join(", ");
        let role = serde_json::to_value(s.role)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        (
            format!("{prefix}{}", s.name),
            t.t(&format!("role.{role}")).to_owned(),
            s.unit.clone().unwrap_or_default(),
            s.allowance.to_string(),
            actions,
        )
    };
    // The receiving agency's steps of an inter-agency hand-over follow their step, indented.
    let mut steps = Vec::new();
    for s in &p.steps {
        steps.push(row(s, ""));
        for sub in s.hand_over.iter().flat_map(|l| &l.steps) {
            steps.push(row(sub, "↳ "));
        }
    }
    ProcessPage {
        t,
        page,
        errors,
        code: e.procedure.code.clone(),
        procedure_name: e.procedure.name.clone(),
        limit: time_limit(t, &e.procedure),
        steps,
        definition,
    }
}

fn editor(state: &AppState, ctx: &Ctx, e: &ProcedureEntry) -> Result<Principal, PageError> {
    let who = ctx.who()?;
    if motcua_app::catalogue::may_edit(&who, &state.catalogue(), &e.procedure) {
        Ok(who)
    } else {
        Err(ApiError::Forbidden.into())
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let t = ctx.t;
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or(ApiError::NotFound)?;
    editor(&state, &ctx, e)?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let definition = serde_json::to_string_pretty(&e.process).unwrap_or_default();
    Ok((jar, view(t, page, e, &e.process, definition, FormErrors::default())).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProcessForm {
    definition: String,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(f): Form<ProcessForm>,
) -> Result<Response, PageError> {
    let t = ctx.t;
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or(ApiError::NotFound)?;
    let who = editor(&state, &ctx, e)?;
    let mut errors = FormErrors::default();
    match serde_json::from_str::<Process>(&f.definition) {
        Err(err) => errors.add(
            "definition",
            t.field(
                "invalid_line",
                &Some(format!("{} {}: {err}", t.t("process.line"), err.line())),
            ),
        ),
        Ok(p) => match motcua_app::catalogue::set_process(&state, &who, &code, &p).await {
            Ok(()) => return Ok(Redirect::to(&format!("/quan-tri/thu-tuc/{code}/quy-trinh")).into_response()),
            Err(motcua_app::AppError::Validation(errs)) => {
                for err in errs {
                    errors.add(
                        "definition",
                        format!("{}: {}", err.field, t.field(err.code, &err.detail)),
                    );
                }
            }
            Err(other) => return Err(other.into()),
        },
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        view(t, ctx.page(), e, &e.process, f.definition, errors),
    )
        .into_response())
}
