//! A dossier's page: its state, the actions the viewer may take now (exactly those the
//! engine would accept), the timeline, form-05 rows, forms, files, applicant and form data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use time::OffsetDateTime;

use motcua_app::dossiers::{self, DossierView, forms};
use motcua_domain::account::Principal;
use motcua_domain::dossier::{ActionKind, ResultMethod, is_overdue};

use super::{due_text, local, status_label};
use crate::i18n::Tr;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

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

/// Draws a dossier's page for `who`, with a message at the top (a refused action).
pub(super) fn render(t: Tr, page: Page, who: &Principal, v: DossierView, message: Option<String>) -> DossierPage {
    let d = &v.dossier;
    let p = &v.entry.procedure;
    let process = &v.entry.process;
    let is_applicant = d.state.applicant_id == Some(who.user_id) && !who.is_officer();
    let actions = v
        .actions
        .iter()
        .map(|k| ActionView {
            kind: k.as_str(),
            label: t.t(&format!("action.{}", k.as_str())).to_owned(),
            fields: fields_of(t, *k),
        })
        .collect();
    let forms = forms::available(&v.history)
        .into_iter()
        .map(|n| (n, t.t(&format!("form.{n}")).to_owned()))
        .collect();
    let timeline = v
        .history
        .iter()
        .map(|h| {
            let note = if is_applicant || who.is_officer() {
                h.detail.reason.clone().unwrap_or_default()
            } else {
                String::new()
            };
            (
                local(h.at),
                format!(
                    "{} → {}",
                    t.t(&format!("action.{}", h.action.as_str())),
                    status_label(t, h.to_status.as_str())
                ),
                note,
            )
        })
        .collect();
    let handovers = v
        .hand_overs
        .iter()
        .map(|h| {
            let name = process
                .any_step(&h.step)
                .map_or_else(|| h.step.clone(), |st| st.name.clone());
            (
                name,
                local(h.started_at),
                local(h.finished_at),
                t.t(&format!("timeliness.{}", h.timeliness.as_str())).to_owned(),
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
    let methods = ResultMethod::ALL
        .into_iter()
        .map(|m| (m.as_str(), t.t(&format!("method.{}", m.as_str())).to_owned()))
        .collect();
    let earlier_steps = process
        .steps
        .iter()
        .take(d.state.step)
        .map(|st| (st.key.clone(), st.name.clone()))
        .collect();
    let files = v
        .files
        .iter()
        .map(|f| {
            let component = p
                .components
                .iter()
                .find(|c| c.code == f.component)
                .map_or(f.component.clone(), |c| c.name.clone());
            (f.id.get(), component, f.file_name.clone())
        })
        .collect();
    DossierPage {
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
        due_at: due_text(t, &d.state),
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
        code: d.code.clone(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let d = dossiers::readable(&state, &who, &code).await?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let v = dossiers::view(&state, &who, d).await?;
    Ok((jar, render(ctx.t, page, &who, v, None)).into_response())
}
