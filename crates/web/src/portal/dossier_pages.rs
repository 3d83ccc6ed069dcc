//! Dossier pages: "my dossiers", the officer's workspace with its queues, a dossier's page
//! with its timeline and the actions the viewer may take, and the public look-up.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::calendar::VIETNAM;
use motcua_domain::dossier::engine::is_overdue;
use motcua_domain::dossier::{Action, ActionKind, Process, ResultMethod, Status};
use motcua_storage::{DossierRecord, Queue};

use super::view::{Page, PageError, lang_of};
use crate::auth::CurrentSession;
use crate::dossiers;
use crate::error::ApiError;
use crate::i18n::{Tr, field_message};
use crate::state::AppState;

/// `09:00 16/03/2026`, Vietnam time.
pub fn local(t: OffsetDateTime) -> String {
    let l = t.to_offset(VIETNAM);
    format!(
        "{:02}:{:02} {:02}/{:02}/{}",
        l.hour(),
        l.minute(),
        l.day(),
        u8::from(l.month()),
        l.year()
    )
}

fn status_label(t: Tr, s: &str) -> String {
    t.t(&format!("status.{s}")).to_owned()
}

pub struct Row {
    code: String,
    procedure: String,
    applicant: String,
    status: String,
    due: String,
    overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier_list.html")]
pub struct ListPage {
    t: Tr,
    page: Page,
    heading: String,
    tabs: Vec<(String, String, bool)>,
    agency: String,
    q: String,
    rows: Vec<Row>,
    show_applicant: bool,
}

fn rows(state: &AppState, t: Tr, list: Vec<DossierRecord>) -> Vec<Row> {
    let cat = state.catalogue();
    let now = OffsetDateTime::now_utc();
    list.into_iter()
        .map(|d| Row {
            procedure: cat
                .by_id(d.procedure_id)
                .map(|e| e.procedure.name.clone())
                .unwrap_or_default(),
            applicant: d.applicant.full_name.clone(),
            status: status_label(t, d.state.status.as_str()),
            due: d.state.due_at.map(local).unwrap_or_default(),
            overdue: is_overdue(&d.state, now),
            code: d.code,
        })
        .collect()
}

/// The signed-in user and a dossier they may read (404 for anyone else).
pub(super) async fn readable_dossier(
    state: &AppState,
    s: &CurrentSession,
    t: Tr,
    code: &str,
) -> Result<(Principal, DossierRecord), PageError> {
    let who = signed_in(s, t)?;
    let d = dossiers::readable(state, &who, code)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    Ok((who, d))
}

fn signed_in(s: &CurrentSession, t: Tr) -> Result<Principal, PageError> {
    s.principal
        .clone()
        .ok_or_else(|| PageError::new(ApiError::Unauthenticated, t.0))
}

pub async fn mine(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
) -> Result<ListPage, PageError> {
    let t = Tr(lang_of(&headers));
    let who = signed_in(&s, t)?;
    let list = state
        .store
        .applicant_dossiers(who.user_id, 200)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    Ok(ListPage {
        t,
        page: Page::plain(&s),
        heading: t.t("nav.my_dossiers").into(),
        tabs: Vec::new(),
        agency: String::new(),
        q: String::new(),
        rows: rows(&state, t, list),
        show_applicant: false,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WorkQuery {
    #[serde(rename = "co-quan")]
    agency: String,
    #[serde(rename = "hang-doi")]
    queue: String,
    q: String,
}

const QUEUES: [(&str, &str); 6] = [
    ("moi", "work.new"),
    ("dang-xu-ly", "work.in_progress"),
    ("sap-den-han", "work.due_soon"),
    ("qua-han", "work.overdue"),
    ("cho-bo-sung", "work.supplement"),
    ("tra-ket-qua", "work.result_ready"),
];

pub async fn workspace(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Query(q): Query<WorkQuery>,
) -> Result<ListPage, PageError> {
    let t = Tr(lang_of(&headers));
    let who = signed_in(&s, t)?;
    let cat = state.catalogue();
    let mine: Vec<_> = cat
        .agencies
        .iter()
        .filter(|a| who.grants.iter().any(|g| g.agency_id == a.id))
        .collect();
    let agency = mine
        .iter()
        .find(|a| a.code == q.agency)
        .or(mine.first())
        .ok_or_else(|| PageError::new(ApiError::Forbidden, t.0))?;
    let queue_key = if QUEUES.iter().any(|(k, _)| *k == q.queue) {
        q.queue.as_str()
    } else {
        "moi"
    };
    let queue = match queue_key {
        "dang-xu-ly" => Queue::InProgress,
        "sap-den-han" => Queue::DueSoon { hours: 48 },
        "qua-han" => Queue::Overdue,
        "cho-bo-sung" => Queue::WaitingSupplement,
        "tra-ket-qua" => Queue::ResultReady,
        _ => Queue::New,
    };
    let now = OffsetDateTime::now_utc();
    let search = q.q.trim();
    let list = if search.is_empty() {
        state.store.dossier_queue(agency.id, queue, now, 200).await
    } else {
        // The search also matches procedure names, with or without diacritics.
        let folded = motcua_domain::text::fold(search);
        let procedures: Vec<i64> = cat
            .procedures
            .iter()
            .filter(|e| motcua_domain::text::fold(&e.procedure.name).contains(&folded))
            .map(|e| e.id)
            .take(200)
            .collect();
        state
            .store
            .search_dossiers(agency.id, &motcua_domain::text::nfc(search), &procedures, 200)
            .await
    }
    .map_err(|e| PageError::new(e, t.0))?;
    let tabs = QUEUES
        .iter()
        .map(|(k, label)| {
            (
                t.t(label).to_owned(),
                format!("/can-bo?co-quan={}&hang-doi={k}", agency.code),
                *k == queue_key && search.is_empty(),
            )
        })
        .collect();
    Ok(ListPage {
        t,
        page: Page::plain(&s),
        heading: format!("{} — {}", t.t("nav.workspace"), agency.name),
        tabs,
        agency: agency.code.clone(),
        q: search.to_owned(),
        rows: rows(&state, t, list),
        show_applicant: true,
    })
}

pub struct ActionView {
    kind: &'static str,
    label: String,
    fields: Vec<(&'static str, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier.html")]
pub struct DossierPage {
    t: Tr,
    page: Page,
    code: String,
    procedure_name: String,
    message: Option<String>,
    status: String,
    step: String,
    submitted_at: String,
    due_at: String,
    overdue: bool,
    version: i64,
    actions: Vec<ActionView>,
    methods: Vec<(&'static str, String)>,
    earlier_steps: Vec<(String, String)>,
    timeline: Vec<(String, String, String)>,
    handovers: Vec<(String, String, String, String)>,
    applicant: Vec<(String, String)>,
    data: Vec<(String, String)>,
    /// (id, component name, file name)
    files: Vec<(i64, String, String)>,
    /// Standard forms available, by number.
    forms: Vec<(&'static str, String)>,
}

fn fields_of(t: Tr, kind: ActionKind) -> Vec<(&'static str, String)> {
    let f = |name: &'static str, key: &str| (name, t.t(key).to_owned());
    match kind {
        ActionKind::RequestSupplement => vec![f("items", "action.items"), f("reason", "action.reason")],
        ActionKind::Refuse => vec![f("reasons", "action.reasons")],
        ActionKind::ReturnToStep => vec![f("step", "dossier.step"), f("reason", "action.reason")],
        ActionKind::HandOver => vec![f("agency", "proc.agency"), f("reason", "action.reason")],
        ActionKind::ReturnResult => vec![f("method", "action.method")],
        ActionKind::ApologiseExtend => vec![f("new_due", "action.new_due"), f("reason", "action.reason")],
        ActionKind::Stop | ActionKind::Withdraw => vec![f("reason", "action.reason")],
        _ => Vec::new(),
    }
}

async fn render(
    state: &AppState,
    s: &CurrentSession,
    t: Tr,
    page: Page,
    d: DossierRecord,
    message: Option<String>,
) -> Result<DossierPage, PageError> {
    let who = signed_in(s, t)?;
    let cat = state.catalogue();
    let entry = cat
        .by_id(d.procedure_id)
        .ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
    let p = &entry.procedure;
    let process = state
        .store
        .procedure_process(d.procedure_id)
        .await
        .map_err(|e| PageError::new(e, t.0))?
        .unwrap_or_else(|| Process::standard(&p.time_limit));
    let is_applicant = d.state.applicant_id == Some(who.user_id) && !who.is_officer();
    let kinds: Vec<ActionKind> = if d.state.status.is_final() {
        Vec::new()
    } else if is_applicant {
        let mut k = vec![ActionKind::Withdraw];
        if d.state.status == Status::SupplementRequested {
            k.insert(0, ActionKind::CompleteSupplement);
        }
        k
    } else if who.grants.iter().any(|g| g.agency_id == d.state.agency_id) {
        process
            .current(&d.state)
            .map(|st| st.actions.clone())
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let actions = kinds
        .into_iter()
        .map(|k| ActionView {
            kind: k.as_str(),
            label: t.t(&format!("action.{}", k.as_str())).to_owned(),
            fields: fields_of(t, k),
        })
        .collect();
    let history = state
        .store
        .dossier_history(d.id)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    let forms = super::forms::available(&history)
        .into_iter()
        .map(|n| (n, t.t(&format!("form.{n}")).to_owned()))
        .collect();
    let timeline = history
        .into_iter()
        .map(|h| {
            let note = ["reason", "reasons"]
                .iter()
                .find_map(|k| h.detail.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
                .unwrap_or_default();
            let note = if is_applicant || who.is_officer() {
                note
            } else {
                String::new()
            };
            (
                local(h.at),
                format!(
                    "{} → {}",
                    t.t(&format!("action.{}", h.action)),
                    status_label(t, &h.to_status)
                ),
                note,
            )
        })
        .collect();
    let handovers = state
        .store
        .dossier_handovers(d.id)
        .await
        .map_err(|e| PageError::new(e, t.0))?
        .into_iter()
        .map(|h| {
            let name = process
                .step(&h.step)
                .map_or_else(|| h.step.clone(), |(_, st)| st.name.clone());
            (
                name,
                local(h.started_at),
                local(h.finished_at),
                t.t(&format!("timeliness.{}", h.timeliness)).to_owned(),
            )
        })
        .collect();
    let a = &d.applicant;
    let applicant = vec![
        (t.t("register.full_name").to_owned(), a.full_name.clone()),
        (t.t("filing.id_number").to_owned(), a.id_number.clone()),
        (t.t("filing.address").to_owned(), a.address.clone()),
        (t.t("filing.phone").to_owned(), a.phone.clone()),
        (t.t("filing.email").to_owned(), a.email.clone()),
    ];
    let data = p
        .form
        .iter()
        .map(|f| {
            (
                f.label.clone(),
                d.data.get(&f.key).and_then(|v| v.as_str()).unwrap_or("").to_owned(),
            )
        })
        .collect();
    let methods = [
        ("counter", "method.counter"),
        ("post", "method.post"),
        ("electronic", "method.electronic"),
    ]
    .into_iter()
    .map(|(k, l)| (k, t.t(l).to_owned()))
    .collect();
    let earlier_steps = process
        .steps
        .iter()
        .take(d.state.step)
        .map(|st| (st.key.clone(), st.name.clone()))
        .collect();
    let files = state
        .store
        .dossier_attachments(d.id)
        .await
        .map_err(|e| PageError::new(e, t.0))?
        .into_iter()
        .map(|f| {
            let component = p
                .components
                .iter()
                .find(|c| c.code == f.component)
                .map_or(f.component.clone(), |c| c.name.clone());
            (f.id, component, f.file_name)
        })
        .collect();
    Ok(DossierPage {
        t,
        page,
        procedure_name: p.name.clone(),
        message,
        status: status_label(t, d.state.status.as_str()),
        step: process
            .steps
            .get(d.state.step)
            .map(|st| st.name.clone())
            .unwrap_or_default(),
        submitted_at: local(d.submitted_at),
        due_at: d.state.due_at.map(local).unwrap_or_default(),
        overdue: is_overdue(&d.state, OffsetDateTime::now_utc()),
        version: d.version,
        actions,
        methods,
        earlier_steps,
        timeline,
        handovers,
        applicant,
        data,
        files,
        forms,
        code: d.code,
    })
}

pub async fn show(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let (_, d) = readable_dossier(&state, &s, t, &code).await?;
    let (page, jar) = Page::with_form(&state, &s, jar)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    Ok((jar, render(&state, &s, t, page, d, None).await?).into_response())
}

fn text(form: &HashMap<String, String>, k: &str) -> String {
    form.get(k)
        .map(|v| motcua_domain::text::nfc(v.trim()))
        .unwrap_or_default()
}

/// Reads an action from the page's form; `None` for an unknown action or a malformed value.
fn action_from(state: &AppState, form: &HashMap<String, String>) -> Option<Action> {
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
            agency_id: state.catalogue().agency(&text(form, "agency"))?.id,
            reason: text(form, "reason"),
        },
        "return_to_step" => Action::ReturnToStep {
            step: text(form, "step"),
            reason: text(form, "reason"),
        },
        "approve" => Action::Approve,
        "mark_processed" => Action::MarkProcessed,
        "return_result" => Action::ReturnResult {
            method: match text(form, "method").as_str() {
                "post" => ResultMethod::Post,
                "electronic" => ResultMethod::Electronic,
                _ => ResultMethod::Counter,
            },
        },
        "apologise_extend" => {
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            let day = time::Date::parse(&text(form, "new_due"), fmt).ok()?;
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
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let who = signed_in(&s, t)?;
    let version = form.get("version").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let result = match action_from(&state, &form) {
        Some(action) => dossiers::act(&state, &who, &code, version, action).await,
        None => Err(ApiError::Validation(vec![motcua_domain::FieldError {
            field: "action".into(),
            code: "invalid",
            detail: None,
        }])),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/ho-so/{code}")).into_response()),
        Err(ApiError::NotFound) => Err(PageError::new(ApiError::NotFound, t.0)),
        Err(e) => {
            let message = match &e {
                ApiError::Workflow(w) => field_message(t.0, w.code(), None).into_owned(),
                ApiError::Conflict(_) => t.t("dossier.stale").to_owned(),
                ApiError::Validation(errs) => errs.first().map(|x| t.field(x.code, &x.detail)).unwrap_or_default(),
                _ => return Err(PageError::new(e, t.0)),
            };
            let d = dossiers::readable(&state, &who, &code)
                .await
                .map_err(|e| PageError::new(e, t.0))?;
            let status = if matches!(e, ApiError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Ok((status, render(&state, &s, t, Page::plain(&s), d, Some(message)).await?).into_response())
        }
    }
}

pub struct LookupResult {
    procedure: String,
    status: String,
    submitted: String,
    due: String,
    timeline: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "lookup.html")]
pub struct LookupPage {
    t: Tr,
    page: Page,
    code: String,
    secret: String,
    not_found: bool,
    result: Option<LookupResult>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LookupQuery {
    ma: String,
    #[serde(rename = "bi-mat")]
    secret: String,
}

/// Public look-up by code and secret: status and timeline, never personal data.
pub async fn lookup(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Query(q): Query<LookupQuery>,
) -> Result<LookupPage, PageError> {
    let t = Tr(lang_of(&headers));
    let (code, secret) = (q.ma.trim().to_owned(), q.secret.trim().to_owned());
    let mut page = LookupPage {
        t,
        page: Page::plain(&s),
        code: code.clone(),
        secret: secret.clone(),
        not_found: false,
        result: None,
    };
    if code.is_empty() {
        return Ok(page);
    }
    let found = state
        .store
        .dossier_by_code(&code)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    let Some(d) = found.filter(|d| crate::auth::token::same(&secret, &d.secret)) else {
        page.not_found = true;
        return Ok(page);
    };
    let history = state
        .store
        .dossier_history(d.id)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    page.result = Some(LookupResult {
        procedure: state
            .catalogue()
            .by_id(d.procedure_id)
            .map(|e| e.procedure.name.clone())
            .unwrap_or_default(),
        status: status_label(t, d.state.status.as_str()),
        submitted: local(d.submitted_at),
        due: d.state.due_at.map(local).unwrap_or_default(),
        timeline: history
            .into_iter()
            .map(|h| {
                (
                    local(h.at),
                    format!(
                        "{} → {}",
                        t.t(&format!("action.{}", h.action)),
                        status_label(t, &h.to_status)
                    ),
                )
            })
            .collect(),
    });
    Ok(page)
}

/// Downloads a dossier's file, for those who may read the dossier.
pub async fn download(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let (_, d) = readable_dossier(&state, &s, t, &code).await?;
    let files = state
        .store
        .dossier_attachments(d.id)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    let f = files
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
    let bytes = state.files.get(&f.sha256).await.map_err(|e| PageError::new(e, t.0))?;
    let ascii: String = f
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = f
        .file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, f.content_type.clone()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
            (axum::http::header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
