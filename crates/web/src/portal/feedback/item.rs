//! A report's page: the public view (no contact, no name when anonymous, public timeline)
//! or the full record for its reporter and the responsible officers, with their actions.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use time::OffsetDateTime;

use motcua_app::feedback::{self, PublicReport, may_read_full};
use motcua_app::records::{FeedbackHistory, FeedbackRecord};
use motcua_domain::account::Principal;
use motcua_domain::feedback::workflow::is_overdue;
use motcua_domain::feedback::{Classification, Status};
use motcua_domain::ids::ReportId;

use super::actions::{ActionForm, forms_for};
use super::{category_name, status_label};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

pub struct Line {
    pub at: String,
    pub what: String,
    pub deadline: String,
    pub timeliness: String,
    pub note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_item.html")]
pub struct ItemPage {
    pub t: Tr,
    pub page: Page,
    pub id: i64,
    pub full: bool,
    pub category: String,
    pub classification: String,
    pub status: String,
    pub description: String,
    pub place: Vec<(String, String)>,
    pub photos: Vec<i64>,
    pub requested: String,
    pub due_at: String,
    pub overdue: bool,
    pub reporter: Option<String>,
    pub contact: Vec<(String, String)>,
    pub answers: Vec<(String, String)>,
    pub status_note: Option<String>,
    pub answer: Option<String>,
    pub timeline: Vec<Line>,
    pub published: bool,
    pub likes: i64,
    pub dislikes: i64,
    pub can_vote: bool,
    pub my_vote: i64,
    pub version: i64,
    pub actions: Vec<ActionForm>,
    pub message: Option<String>,
}

fn line(t: Tr, h: &FeedbackHistory, full: bool) -> Line {
    let note = h.detail.text.as_deref().unwrap_or_default();
    Line {
        at: local(h.at),
        what: format!(
            "{} → {}",
            t.t(&format!("fb.action.{}", h.action.as_str())),
            status_label(t, h.to_status)
        ),
        deadline: h.deadline.filter(|_| full).map(local).unwrap_or_default(),
        timeliness: h
            .timeliness
            .filter(|_| full)
            .map(|x| t.t(&format!("timeliness.{}", x.as_str())).to_owned())
            .unwrap_or_default(),
        note: if full { note.to_owned() } else { String::new() },
    }
}

fn place(state: &AppState, t: Tr, r: &FeedbackRecord) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(a) = &r.address {
        out.push((t.t("fb.address").to_owned(), a.clone()));
    }
    if let Some(a) = r
        .area_code
        .as_deref()
        .and_then(|c| state.feedback_setup().area(c).map(|a| a.name.clone()))
    {
        out.push((t.t("fb.area").to_owned(), a));
    }
    if let Some(p) = r.point {
        out.push((t.t("fb.coordinates").to_owned(), format!("{:.6}, {:.6}", p.lat, p.lon)));
    }
    out
}

fn answers(state: &AppState, r: &FeedbackRecord) -> Vec<(String, String)> {
    let setup = state.feedback_setup();
    let cat = setup.category(&r.category_code);
    r.answers
        .iter()
        .map(|(code, vals)| {
            let q = cat.and_then(|c| c.questions.iter().find(|q| &q.code == code));
            let label = q.map_or_else(|| code.clone(), |q| q.description.clone());
            let shown: Vec<String> = vals
                .iter()
                .map(|v| {
                    q.and_then(|q| q.values.iter().find(|c| &c.key == v))
                        .map_or_else(|| v.clone(), |c| c.name.clone())
                })
                .collect();
            (label, shown.join(", "))
        })
        .collect()
}

fn class_label(t: Tr, c: Classification) -> String {
    t.t(&format!("fb.class.{}", c.as_str())).to_owned()
}

/// The page for `r` as `who` sees it; `failed` puts a refusal next to its form.
pub async fn render(
    state: &AppState,
    ctx: &Ctx,
    page: Page,
    r: FeedbackRecord,
    failed: Option<(String, String)>,
) -> Result<ItemPage, PageError> {
    let t = ctx.t;
    let who: Option<&Principal> = ctx.principal();
    let full = may_read_full(who, &r);
    if !full && !r.public {
        return Err(PageError::from(ApiError::NotFound));
    }
    let public = PublicReport::of(state, &r);
    let history = feedback::history(state, r.id).await?;
    let photos = feedback::media(state, r.id).await?;
    let published = r.state.status == Status::Published;
    let my_vote = match who {
        Some(p) if published => feedback::my_vote(state, p, r.id).await?,
        _ => None,
    };
    let contact = if full {
        [
            ("fb.contact_name", &r.contact.name),
            ("fb.contact_email", &r.contact.email),
            ("fb.contact_phone", &r.contact.phone),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (t.t(k).to_owned(), v.clone()))
        .collect()
    } else {
        Vec::new()
    };
    let units = match who {
        Some(p) if p.is_officer() => motcua_app::catalogue::units_of(state, r.state.agency_id).await?,
        _ => Vec::new(),
    };
    let (actions, message) = forms_for(state, t, who, &r, &units, failed);
    Ok(ItemPage {
        t,
        page,
        id: r.id.get(),
        full,
        category: category_name(state, t, &r.category_code),
        classification: class_label(t, r.classification),
        status: status_label(t, r.state.status),
        description: r.description.clone(),
        place: place(state, t, &r),
        photos: photos
            .iter()
            .filter(|m| m.sha256.is_some())
            .map(|m| m.id.get())
            .collect(),
        requested: local(r.requested_at),
        due_at: r.state.due_at.filter(|_| full).map(local).unwrap_or_default(),
        overdue: full && is_overdue(&r.state, OffsetDateTime::now_utc()),
        reporter: if full {
            Some(r.contact.name.clone()).filter(|n| !n.is_empty())
        } else {
            public.reporter_name
        },
        contact,
        answers: if full { answers(state, &r) } else { Vec::new() },
        status_note: if full {
            r.status_note.clone()
        } else {
            public.status_note
        },
        answer: if full { r.answer.clone() } else { public.answer },
        timeline: history.iter().map(|h| line(t, h, full)).collect(),
        published,
        likes: r.likes,
        dislikes: r.dislikes,
        can_vote: published && who.is_some_and(|p| !p.is_officer()),
        my_vote: my_vote.unwrap_or(0),
        version: r.version,
        actions,
        message,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (r, _) = feedback::report_for(&state, ctx.principal(), ReportId(id)).await?;
    let (page, jar) = if ctx.principal().is_some() {
        ctx.form_page(&state, jar).await?
    } else {
        (ctx.page(), jar)
    };
    Ok((jar, render(&state, &ctx, page, r, None).await?).into_response())
}
