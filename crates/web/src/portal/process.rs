//! The administrator's page for a procedure's process: the steps as a table, and the
//! process file (JSON) to edit, checked against the legal time limit before it is saved.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_domain::dossier::Process;

use super::catalogue::time_limit;
use super::view::{FormErrors, Page, PageError, lang_of};
use crate::auth::CurrentSession;
use crate::catalogue::ProcedureEntry;
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

fn editor(state: &AppState, s: &CurrentSession, t: Tr, e: &ProcedureEntry) -> Result<i64, PageError> {
    let who = s
        .principal
        .as_ref()
        .ok_or_else(|| PageError::new(ApiError::Unauthenticated, t.0))?;
    let cat = state.catalogue();
    let ids: Vec<i64> = e
        .procedure
        .agencies
        .iter()
        .filter_map(|a| cat.agency(a.as_str()).map(|x| x.id))
        .collect();
    if who.can_edit_procedure(&ids) {
        Ok(who.user_id)
    } else {
        Err(PageError::new(ApiError::Forbidden, t.0))
    }
}

pub async fn show(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
    editor(&state, &s, t, e)?;
    let p = state
        .store
        .procedure_process(e.id)
        .await
        .map_err(|x| PageError::new(x, t.0))?
        .unwrap_or_else(|| Process::standard(&e.procedure.time_limit));
    let (page, jar) = Page::with_form(&state, &s, jar)
        .await
        .map_err(|x| PageError::new(x, t.0))?;
    let definition = serde_json::to_string_pretty(&p).unwrap_or_default();
    Ok((jar, view(t, page, e, &p, definition, FormErrors::default())).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProcessForm {
    definition: String,
}

pub async fn save(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<ProcessForm>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
    let user = editor(&state, &s, t, e)?;
    let current = state
        .store
        .procedure_process(e.id)
        .await
        .map_err(|x| PageError::new(x, t.0))?
        .unwrap_or_else(|| Process::standard(&e.procedure.time_limit));
    let mut errors = FormErrors::default();
    match serde_json::from_str::<Process>(&f.definition) {
        Err(err) => errors.add(
            "definition",
            t.field(
                "invalid_line",
                &Some(format!("{} {}: {err}", t.t("process.line"), err.line())),
            ),
        ),
        Ok(p) => {
            let v = p.validate(&e.procedure.time_limit);
            if v.is_empty() {
                state
                    .store
                    .set_procedure_process(Some(user), e.id, &code, &p)
                    .await
                    .map_err(|x| PageError::new(x, t.0))?;
                return Ok(Redirect::to(&format!("/quan-tri/thu-tuc/{code}/quy-trinh")).into_response());
            }
            for err in v.errors() {
                errors.add(
                    "definition",
                    format!("{}: {}", err.field, t.field(err.code, &err.detail)),
                );
            }
        }
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        view(t, Page::plain(&s), e, &current, f.definition, errors),
    )
        .into_response())
}
