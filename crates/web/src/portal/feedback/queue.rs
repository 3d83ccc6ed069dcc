//! The officers' queue: reports of their agencies by stage, earliest deadline first, with
//! overdue reports flagged in every tab.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;
use time::OffsetDateTime;

use motcua_app::records::{FeedbackFilter, FeedbackOrder};
use motcua_domain::feedback::Status;
use motcua_domain::feedback::workflow::is_overdue;

use super::list::{Pager, fetch, page_of, pager};
use super::{category_name, status_label};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

pub struct QueueRow {
    pub id: i64,
    pub category: String,
    pub status: String,
    pub received: String,
    pub due: String,
    pub overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_queue.html")]
pub struct QueuePage {
    t: Tr,
    page: Page,
    tabs: Vec<(String, String, bool)>,
    rows: Vec<QueueRow>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    #[serde(rename = "hang-doi")]
    tab: String,
    #[serde(rename = "trang")]
    page: String,
}

const TABS: [(&str, &str); 5] = [
    ("moi", "fb.queue.new"),
    ("dang-xu-ly", "fb.queue.in_progress"),
    ("cho-cong-dan", "fb.queue.waiting"),
    ("da-tra-loi", "fb.queue.answered"),
    ("qua-han", "fb.queue.overdue"),
];

fn filter_of(tab: &str, now: OffsetDateTime) -> FeedbackFilter {
    let statuses = match tab {
        "dang-xu-ly" => vec![Status::InProgress],
        "cho-cong-dan" => vec![Status::InfoRequested],
        "da-tra-loi" => vec![Status::Answered],
        "qua-han" => Vec::new(),
        _ => vec![Status::Received],
    };
    FeedbackFilter {
        statuses,
        overdue_at: (tab == "qua-han").then_some(now),
        order: FeedbackOrder::Due,
        ..FeedbackFilter::default()
    }
}

pub async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<QueueQuery>,
) -> Result<QueuePage, PageError> {
    let t = ctx.t;
    let who = ctx.who()?;
    if who.grants.is_empty() && !who.is_system_admin() {
        return Err(PageError::from(ApiError::Forbidden));
    }
    let tab = TABS.iter().find(|(k, _)| *k == q.tab).map_or("moi", |(k, _)| *k);
    let now = OffsetDateTime::now_utc();
    let mut f = filter_of(tab, now);
    f.agency_ids = who.grants.iter().map(|g| g.agency_id).collect();
    let page = page_of(&q.page);
    let (list, more) = fetch(&state, f, page).await?;
    let rows = list
        .iter()
        .map(|r| QueueRow {
            id: r.id.get(),
            category: category_name(&state, t, &r.category_code),
            status: status_label(t, r.state.status),
            received: local(r.requested_at),
            due: r.state.due_at.map(local).unwrap_or_default(),
            overdue: is_overdue(&r.state, now),
        })
        .collect();
    let tabs = TABS
        .iter()
        .map(|(k, label)| {
            (
                t.t(label).to_owned(),
                format!("/can-bo/phan-anh?hang-doi={k}"),
                *k == tab,
            )
        })
        .collect();
    Ok(QueuePage {
        t,
        page: ctx.page(),
        tabs,
        rows,
        pager: pager(page, more, |p| format!("/can-bo/phan-anh?hang-doi={tab}&trang={p}")),
    })
}
