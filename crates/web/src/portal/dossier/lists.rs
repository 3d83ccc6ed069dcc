//! "My dossiers" and the officers' workspace: queues and search.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;
use time::OffsetDateTime;

use motcua_app::dossiers::{self, QueueKind};
use motcua_app::records::DossierRecord;
use motcua_domain::dossier::is_overdue;

use super::{due_text, status_label};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::view::{Ctx, FormErrors, Page, PageError};
use crate::state::AppState;

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
    /// The tracking-book form (officers' workspace only).
    book: BookForm,
    /// The tracking-book form's errors (shown in the summary and next to the dates).
    errors: FormErrors,
}

/// The tracking book's period as typed: day, month, year of each end.
#[derive(Default, Clone)]
pub struct BookForm {
    pub from: (String, String, String),
    pub to: (String, String, String),
}

impl BookForm {
    /// From the first of this month to today.
    pub fn this_month(today: time::Date) -> Self {
        let parts = |d: time::Date| {
            (
                format!("{:02}", d.day()),
                format!("{:02}", u8::from(d.month())),
                d.year().to_string(),
            )
        };
        BookForm {
            from: parts(today.replace_day(1).unwrap_or(today)),
            to: parts(today),
        }
    }
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
            due: due_text(t, &d.state),
            overdue: is_overdue(&d.state, now),
            code: d.code,
        })
        .collect()
}

pub async fn mine(State(state): State<AppState>, ctx: Ctx) -> Result<ListPage, PageError> {
    let who = ctx.who()?;
    let t = ctx.t;
    let list = dossiers::mine(&state, &who).await?;
    Ok(ListPage {
        t,
        page: ctx.page(),
        heading: t.t("nav.my_dossiers").into(),
        tabs: Vec::new(),
        agency: String::new(),
        q: String::new(),
        rows: rows(&state, t, list),
        show_applicant: false,
        book: BookForm::default(),
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct WorkQuery {
    #[serde(rename = "co-quan")]
    pub agency: String,
    #[serde(rename = "hang-doi")]
    pub queue: String,
    pub q: String,
}

const QUEUES: [(&str, &str, QueueKind); 6] = [
    ("moi", "work.new", QueueKind::New),
    ("dang-xu-ly", "work.in_progress", QueueKind::InProgress),
    ("sap-den-han", "work.due_soon", QueueKind::DueSoon),
    ("qua-han", "work.overdue", QueueKind::Overdue),
    ("cho-bo-sung", "work.supplement", QueueKind::WaitingSupplement),
    ("tra-ket-qua", "work.result_ready", QueueKind::ResultReady),
];

pub async fn workspace(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<WorkQuery>,
) -> Result<ListPage, PageError> {
    let today = OffsetDateTime::now_utc()
        .to_offset(motcua_domain::calendar::VIETNAM)
        .date();
    workspace_page(&state, &ctx, &q, BookForm::this_month(today), FormErrors::default()).await
}

/// The workspace of the agency `q` names, with the tracking-book form as given.
pub async fn workspace_page(
    state: &AppState,
    ctx: &Ctx,
    q: &WorkQuery,
    book: BookForm,
    errors: FormErrors,
) -> Result<ListPage, PageError> {
    let state = state.clone();
    let who = ctx.who()?;
    let t = ctx.t;
    let mine = dossiers::workspace_agencies(&state, &who);
    let agency = mine
        .iter()
        .find(|a| a.code == q.agency)
        .or(mine.first())
        .ok_or(ApiError::Forbidden)?;
    let (queue_key, _, kind) = QUEUES
        .iter()
        .find(|(k, _, _)| *k == q.queue)
        .copied()
        .unwrap_or(QUEUES[0]);
    let search = q.q.trim();
    let list = if search.is_empty() {
        dossiers::queue(&state, &who, &agency.code, kind).await?
    } else {
        dossiers::search(&state, &who, &agency.code, search).await?
    };
    let tabs = QUEUES
        .iter()
        .map(|(k, label, _)| {
            (
                t.t(label).to_owned(),
                format!("/can-bo?co-quan={}&hang-doi={k}", agency.code),
                *k == queue_key && search.is_empty(),
            )
        })
        .collect();
    Ok(ListPage {
        t,
        page: ctx.page(),
        heading: format!("{} — {}", t.t("nav.workspace"), agency.name),
        tabs,
        agency: agency.code.clone(),
        q: search.to_owned(),
        rows: rows(&state, t, list),
        show_applicant: true,
        book,
        errors,
    })
}
