//! The public list of reports (filterable, paginated without counting) and "my feedback".

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use motcua_app::records::{FeedbackFilter, FeedbackRecord};
use motcua_domain::feedback::Status;

use super::{PAGE_SIZE, category_label, category_name, status_label, url_with};
use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::{Ctx, Page, PageError, SelectOption};
use crate::state::AppState;

pub struct Row {
    pub id: i64,
    pub category: String,
    pub status: String,
    pub place: String,
    pub excerpt: String,
    pub requested: String,
}

/// Links to the previous and next pages, when there are such pages.
pub struct Pager {
    pub page: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_list.html")]
pub struct ListPage {
    t: Tr,
    page: Page,
    heading: String,
    public: bool,
    categories: Vec<SelectOption>,
    statuses: Vec<SelectOption>,
    areas: Vec<SelectOption>,
    rows: Vec<Row>,
    pager: Pager,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    #[serde(rename = "linh-vuc")]
    category: String,
    #[serde(rename = "trang-thai")]
    status: String,
    #[serde(rename = "xa")]
    area: String,
    #[serde(rename = "trang")]
    page: String,
}

fn excerpt(s: &str) -> String {
    let mut e: String = s.chars().take(160).collect();
    if e.len() < s.len() {
        e.push('…');
    }
    e
}

pub fn rows(state: &AppState, t: Tr, list: &[FeedbackRecord]) -> Vec<Row> {
    let setup = state.feedback_setup();
    list.iter()
        .map(|r| Row {
            id: r.id.get(),
            category: category_name(state, t, &r.category_code),
            status: status_label(t, r.state.status),
            place: r
                .address
                .clone()
                .or_else(|| {
                    r.area_code
                        .as_deref()
                        .and_then(|a| setup.area(a))
                        .map(|a| a.name.clone())
                })
                .unwrap_or_default(),
            excerpt: excerpt(&r.description),
            requested: local(r.requested_at),
        })
        .collect()
}

/// Page number from the query (1 when absent or malformed) and the filter's offset.
pub fn page_of(raw: &str) -> i64 {
    raw.parse::<i64>()
        .ok()
        .filter(|p| (1..=10_000).contains(p))
        .unwrap_or(1)
}

/// Fetches one page (asking for one more row to know whether a next page exists).
pub async fn fetch(
    state: &AppState,
    mut f: FeedbackFilter,
    page: i64,
) -> Result<(Vec<FeedbackRecord>, bool), PageError> {
    f.limit = PAGE_SIZE + 1;
    f.offset = (page - 1) * PAGE_SIZE;
    let mut list = motcua_app::feedback::list(state, &f).await?;
    let more = list.len() > usize::try_from(PAGE_SIZE).unwrap_or(20);
    list.truncate(usize::try_from(PAGE_SIZE).unwrap_or(20));
    Ok((list, more))
}

pub fn pager(page: i64, more: bool, link: impl Fn(i64) -> String) -> Pager {
    Pager {
        page,
        prev: (page > 1).then(|| link(page - 1)),
        next: more.then(|| link(page + 1)),
    }
}

fn options(items: impl Iterator<Item = (String, String)>, chosen: &str) -> Vec<SelectOption> {
    items
        .map(|(value, label)| SelectOption {
            selected: value == chosen,
            value,
            label,
        })
        .collect()
}

pub async fn public(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, PageError> {
    let t = ctx.t;
    let setup = state.feedback_setup();
    let category = setup.category(&q.category).map(|c| c.code.clone());
    let status = Status::parse(&q.status).filter(|s| *s != Status::Refused);
    let area = setup.area(&q.area).map(|a| a.code.clone());
    let f = FeedbackFilter {
        public_only: true,
        categories: category.clone().into_iter().collect(),
        statuses: status.into_iter().collect(),
        area: area.clone(),
        ..FeedbackFilter::default()
    };
    let page = page_of(&q.page);
    let (list, more) = fetch(&state, f, page).await?;
    let (c, st, a) = (
        category.unwrap_or_default(),
        status.map(|s| s.as_str()).unwrap_or_default(),
        area.unwrap_or_default(),
    );
    let link = |p: i64| {
        let p = p.to_string();
        url_with(
            "/phan-anh",
            &[("linh-vuc", &c), ("trang-thai", st), ("xa", &a), ("trang", &p)],
        )
    };
    Ok(ListPage {
        heading: t.t("fb.list.title").into(),
        public: true,
        categories: options(
            setup.categories.iter().map(|x| (x.code.clone(), category_label(t, x))),
            &c,
        ),
        statuses: options(
            Status::ALL
                .into_iter()
                .filter(|s| *s != Status::Refused)
                .map(|s| (s.as_str().to_owned(), status_label(t, s))),
            st,
        ),
        areas: options(setup.areas.iter().map(|x| (x.code.clone(), x.name.clone())), &a),
        rows: rows(&state, t, &list),
        pager: pager(page, more, link),
        page: ctx.page(),
        t,
    })
}

pub async fn mine(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> Result<ListPage, PageError> {
    let t = ctx.t;
    let who = ctx.who()?;
    let f = FeedbackFilter {
        reporter_id: Some(who.user_id),
        ..FeedbackFilter::default()
    };
    let page = page_of(&q.page);
    let (list, more) = fetch(&state, f, page).await?;
    Ok(ListPage {
        heading: t.t("fb.mine.title").into(),
        public: false,
        categories: Vec::new(),
        statuses: Vec::new(),
        areas: Vec::new(),
        rows: rows(&state, t, &list),
        pager: pager(page, more, |p| format!("/phan-anh-cua-toi?trang={p}")),
        page: ctx.page(),
        t,
    })
}
