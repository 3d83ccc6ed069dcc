//! A dossier's page: its state, the actions the viewer may take now (exactly those the
//! engine would accept), the timeline, form-05 rows, forms, files, applicant and form data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use time::OffsetDateTime;

use motcua_app::dossiers::{self, ActedBy, DossierView, TimelineLine, forms};
use motcua_app::records::Agency;
use motcua_domain::account::Principal;
use motcua_domain::dossier::{ActionKind, ResultMethod, is_overdue};

use super::{due_text, local, status_label};
use crate::i18n::Tr;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

pub struct ActionView {
    kind: &'static str,
    label: String,
    /// What the action does, when its name alone does not say it.
    hint: String,
    fields: Vec<(&'static str, String)>,
}

pub struct TimelineRow {
    at: String,
    what: String,
    step: String,
    by: String,
    note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier.html")]
pub struct DossierPage {
    pub(super) fee: Option<FeeView>,
    results: ResultsView,
    /// The citizen's sections: rating, return by post, pushing a file to the applicant.
    pub(super) extras: crate::portal::citizen::DossierExtras,
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
    timeline: Vec<TimelineRow>,
    /// The confirmation of an action just taken.
    done: Option<String>,
    /// Agencies a dossier may be handed over to (code, name).
    agencies: Vec<(String, String)>,
    handovers: Vec<(String, String, String, String)>,
    applicant: Vec<(String, String)>,
    data: Vec<(String, String)>,
    /// (id, component name, file name, reused from the applicant's document store)
    files: Vec<(i64, String, String, bool)>,
    /// Standard forms available, by number.
    forms: Vec<(&'static str, String)>,
}

/// A dossier's electronic results on its page.
pub struct ResultsView {
    signed: Option<ResultRow>,
    draft: Option<ResultRow>,
    closed: Vec<ResultRow>,
    /// The viewer may prepare (upload or generate) the result now.
    can_prepare: bool,
    /// The viewer may revoke or re-issue the signed result (a leader of the issuing agency).
    can_revoke: bool,
}

pub struct ResultRow {
    title: String,
    number: String,
    status: String,
    when: String,
    link: String,
    verify: String,
    reason: String,
}

fn results_view(t: Tr, who: &Principal, v: &DossierView) -> ResultsView {
    use motcua_domain::result::{ResultStatus, may_revoke};
    let row = |r: &motcua_app::records::ResultRecord| ResultRow {
        title: r.title.clone(),
        number: r.number.clone(),
        status: t.t(&format!("result.status.{}", r.status.as_str())).to_owned(),
        when: local(r.signed_at.unwrap_or(r.prepared_at)),
        link: format!("/ho-so/{}/ket-qua/{}", v.dossier.code, r.public_id),
        verify: format!("/xac-thuc/{}", r.public_id),
        reason: r.closed_reason.clone().unwrap_or_default(),
    };
    let signed = v.results.iter().find(|r| r.status == ResultStatus::Signed);
    ResultsView {
        signed: signed.map(row),
        draft: v.results.iter().find(|r| r.status == ResultStatus::Draft).map(row),
        closed: v
            .results
            .iter()
            .filter(|r| matches!(r.status, ResultStatus::Revoked | ResultStatus::Replaced))
            .map(row)
            .collect(),
        can_prepare: v.can_prepare_result,
        can_revoke: signed.is_some_and(|r| may_revoke(who, r.agency).is_ok()),
    }
}

/// A dossier's fee on its page.
pub struct FeeView {
    amount: String,
    /// When it falls due, in words.
    due: String,
    paid: bool,
    /// (description, quantity, unit amount, total, waived)
    lines: Vec<(String, u64, String, String, bool)>,
    attempts: Vec<AttemptRow>,
    /// The applicant may pay online now.
    can_pay_online: bool,
    /// The viewer may record a payment taken at the counter.
    can_record: bool,
}

pub struct AttemptRow {
    at: String,
    method: String,
    amount: String,
    status: String,
    /// The receipt's link and number, once paid.
    receipt: Option<(String, String)>,
}

pub(super) fn fee_view(t: Tr, who: &Principal, v: &DossierView, online: bool) -> Option<FeeView> {
    use motcua_domain::account::Role;
    use motcua_domain::payment::{AttemptStatus, format_vnd};
    let d = &v.dossier;
    let fee = d.state.fee?;
    let open = d.state.payment_due().is_some() && !d.state.status.is_final();
    let money = |n: i64| format_vnd(n);
    let lines = d
        .fee_quote
        .as_ref()
        .and_then(|q| q.get("lines"))
        .and_then(|l| l.as_array())
        .map(|lines| {
            lines
                .iter()
                .map(|l| {
                    (
                        l["description"].as_str().unwrap_or("").to_owned(),
                        l["quantity"].as_u64().unwrap_or(1),
                        money(l["unit_amount_vnd"].as_i64().unwrap_or(0)),
                        money(l["total_vnd"].as_i64().unwrap_or(0)),
                        l["waived"].as_bool().unwrap_or(false),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let attempts = v
        .payments
        .iter()
        .map(|p| AttemptRow {
            at: local(p.attempt.created_at),
            method: t.t(&format!("pay.method.{}", p.method.as_str())).to_owned(),
            amount: money(p.attempt.amount.dong()),
            status: t.t(&format!("pay.status.{}", p.attempt.status.as_str())).to_owned(),
            receipt: (p.attempt.status == AttemptStatus::Paid).then(|| {
                (
                    format!("/ho-so/{}/bien-lai/{}", d.code, p.id.get()),
                    p.receipt_no.clone().unwrap_or_default(),
                )
            }),
        })
        .collect();
    Some(FeeView {
        amount: money(fee.amount.dong()),
        due: t.t(&format!("pay.due.{}", fee.due.as_str())).to_owned(),
        paid: fee.paid,
        lines,
        attempts,
        can_pay_online: open && online && d.state.applicant_id == Some(who.user_id),
        can_record: open && who.holds(Role::OneStopOfficer, d.receiving_agency_id, None),
    })
}

fn fields_of(t: Tr, kind: ActionKind) -> Vec<(&'static str, String)> {
    let f = |name: &'static str, key: &str| (name, t.t(key).to_owned());
    match kind {
        ActionKind::RequestSupplement => vec![f("items", "action.items"), f("reason", "action.reason")],
        ActionKind::Refuse => vec![f("reasons", "action.reasons")],
        ActionKind::ReturnToStep => vec![f("step", "dossier.step"), f("reason", "action.reason")],
        ActionKind::HandOver => vec![f("agency", "action.agency"), f("reason", "action.reason")],
        ActionKind::ReturnResult => vec![f("method", "action.method")],
        ActionKind::ApologiseExtend => vec![f("new_due", "action.new_due"), f("reason", "action.reason")],
        ActionKind::Stop | ActionKind::Withdraw => vec![f("reason", "action.reason")],
        _ => Vec::new(),
    }
}

/// Draws a dossier's page for `who`, with a message at the top (a refused action).
/// How the timeline names who acted: role and unit for everyone, the name for officers.
fn acted_by(t: Tr, by: &ActedBy) -> String {
    match by {
        ActedBy::Applicant => t.t("timeline.applicant").to_owned(),
        ActedBy::System => t.t("timeline.system").to_owned(),
        ActedBy::Officer {
            role,
            unit,
            agency,
            name,
        } => {
            let mut parts: Vec<String> = Vec::new();
            if let Some(r) = role {
                parts.push(t.t(&format!("role.{}", r.as_str())).to_owned());
            }
            if let Some(u) = unit.as_ref().or(agency.as_ref()) {
                parts.push(u.clone());
            }
            let mut s = parts.join(", ");
            if let Some(n) = name {
                s = if s.is_empty() {
                    n.clone()
                } else {
                    format!("{s} — {n}")
                };
            }
            s
        }
    }
}

/// What the top of a dossier's page says.
pub(crate) enum Banner {
    None,
    /// An action was refused: why.
    Refused(String),
    /// An action was just taken: what happened.
    Done(String),
}

/// Draws a dossier's page for `who`, with its timeline and the banner at the top.
pub(super) fn render(
    t: Tr,
    page: Page,
    who: &Principal,
    v: DossierView,
    timeline: &[TimelineLine],
    all_agencies: &[Agency],
    banner: Banner,
) -> DossierPage {
    let (message, done) = match banner {
        Banner::None => (None, None),
        Banner::Refused(m) => (Some(m), None),
        Banner::Done(d) => (None, Some(d)),
    };
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
            hint: t
                .maybe(&format!("action.hint.{}", k.as_str()))
                .unwrap_or_default()
                .to_owned(),
            fields: fields_of(t, *k),
        })
        .collect();
    let forms = forms::available(&v.history)
        .into_iter()
        .map(|n| (n, t.t(&format!("form.{n}")).to_owned()))
        .collect();
    let timeline = timeline
        .iter()
        .map(|h| {
            let note = if is_applicant || who.is_officer() {
                h.detail.reason.clone().unwrap_or_default()
            } else {
                String::new()
            };
            TimelineRow {
                at: local(h.at),
                what: format!(
                    "{} → {}",
                    t.t(&format!("action.{}", h.action.as_str())),
                    status_label(t, h.to_status.as_str())
                ),
                step: h.step.clone().unwrap_or_default(),
                by: acted_by(t, &h.by),
                note,
            }
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
                crate::portal::filing::page::answer_text(t, f, d.data.get(&f.key)),
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
    let agencies = all_agencies
        .iter()
        .filter(|a| a.id != d.state.agency_id && !a.level.is_historical())
        .map(|a| (a.code.clone(), a.name.clone()))
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
            (f.id.get(), component, f.file_name.clone(), f.reused_from.is_some())
        })
        .collect();
    DossierPage {
        t,
        page,
        procedure_name: p.name.clone(),
        message,
        done,
        agencies,
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
        fee: None,
        results: results_view(t, who, &v),
        extras: crate::portal::citizen::DossierExtras::default(),
        code: d.code.clone(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ShowQuery {
    /// The action just taken (after the redirect of a successful action).
    xong: String,
    /// A refused result step's code.
    loi: String,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Result<Response, PageError> {
    let done = if q.xong == "paid" {
        Some(ctx.t.t("pay.recorded").to_owned())
    } else if q.xong.starts_with("result_") {
        ctx.t.maybe(&format!("result.done.{}", q.xong)).map(str::to_owned)
    } else if let Some(m) = crate::portal::citizen::done_message(ctx.t, &q.xong) {
        Some(m)
    } else {
        ActionKind::parse(&q.xong).map(|k| {
            ctx.t
                .t("dossier.done_action")
                .replace("{action}", ctx.t.t(&format!("action.{}", k.as_str())))
        })
    };
    // A refused result step comes back with its code (post, redirect, get).
    let refused = (!q.loi.is_empty() && q.loi.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .then(|| crate::i18n::field_message(ctx.t.0, &q.loi, None).into_owned());
    let banner = match (refused, done) {
        (Some(m), _) => Banner::Refused(m),
        (None, Some(d)) => Banner::Done(d),
        (None, None) => Banner::None,
    };
    draw(
        &state,
        &ctx,
        jar,
        &code,
        banner,
        crate::portal::citizen::Forms::default(),
    )
    .await
}

/// Draws dossier `code`'s page for the signed-in reader, with `banner` at the top and the
/// citizen's sections' forms as typed (a refused rating or address comes back with its
/// errors, answered 422).
pub(crate) async fn draw(
    state: &AppState,
    ctx: &Ctx,
    jar: CookieJar,
    code: &str,
    banner: Banner,
    forms: crate::portal::citizen::Forms,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let d = dossiers::readable(state, &who, code).await?;
    let (page, jar) = ctx.form_page(state, jar).await?;
    let v = dossiers::view(state, &who, d).await?;
    let timeline = dossiers::timeline(state, &who, &v).await?;
    let fee = fee_view(ctx.t, &who, &v, state.settings().payments.is_some());
    let status = forms.status();
    let extras = crate::portal::citizen::extras(state, ctx.t, &who, &v, forms).await?;
    let mut body = render(ctx.t, page, &who, v, &timeline, &state.catalogue().agencies, banner);
    body.fee = fee;
    if extras.post_chosen() {
        // The applicant chose the post: returning the result offers it first.
        body.methods.sort_by_key(|m| m.0 != "post");
    }
    body.extras = extras;
    Ok((status, jar, body).into_response())
}
