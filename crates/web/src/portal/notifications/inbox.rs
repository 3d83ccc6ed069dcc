//! The inbox: the signed-in user's messages, newest first, unread ones marked; each can be
//! marked read, or all at once. Works without JavaScript (the text opens in `<details>`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_app::notifications::{self, InboxPage};
use motcua_app::records::InboxItem;
use motcua_domain::ids::NotificationId;

use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

pub struct Row {
    id: NotificationId,
    title: String,
    kind: String,
    when: String,
    /// Paragraphs, each a list of lines.
    paras: Vec<Vec<String>>,
    link: Option<String>,
    unread: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications_inbox.html")]
pub struct InboxTemplate {
    t: Tr,
    page: Page,
    rows: Vec<Row>,
    unread: i64,
    unread_text: String,
    page_no: i64,
    prev: Option<String>,
    next: Option<String>,
    marked: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InboxQuery {
    trang: Option<i64>,
    #[serde(rename = "da-doc")]
    da_doc: Option<String>,
}

/// A link into this portal as a path (so it works on whatever host the reader uses);
/// other links as they are.
fn local_link(state: &AppState, link: &str) -> String {
    let base = state.settings().public_url.trim_end_matches('/');
    match link.strip_prefix(base) {
        Some(path) if path.starts_with('/') => path.to_owned(),
        _ => link.to_owned(),
    }
}

fn row(state: &AppState, t: Tr, i: InboxItem) -> Row {
    let paras = i
        .body
        .split("\n\n")
        .map(|p| p.lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect();
    Row {
        id: i.id,
        kind: t
            .maybe(&format!("nt.kind.{}", i.kind))
            .map_or_else(|| i.kind.clone(), str::to_owned),
        when: local(i.created_at),
        link: i.link.as_deref().map(|l| local_link(state, l)),
        unread: i.read_at.is_none(),
        title: i.title,
        paras,
    }
}

fn page_link(n: i64) -> String {
    format!("/thong-bao?trang={n}")
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Query(q): Query<InboxQuery>,
) -> Result<Response, PageError> {
    let who = ctx
        .principal()
        .cloned()
        .ok_or_else(|| PageError::sign_in("/thong-bao".into()))?;
    let t = ctx.t;
    let inbox: InboxPage = notifications::inbox(&state, &who, q.trang.unwrap_or(1)).await?;
    let has_next = inbox.has_next();
    let InboxPage {
        items, page, unread, ..
    } = inbox;
    let (mut chrome, jar) = ctx.form_page(&state, jar).await?;
    chrome.unread = Some(unread);
    let body = InboxTemplate {
        t,
        page: chrome,
        rows: items.into_iter().map(|i| row(&state, t, i)).collect(),
        unread,
        unread_text: if unread == 0 {
            t.t("nt.inbox.all_read").to_owned()
        } else {
            t.n("nt.inbox.unread_count", unread)
        },
        page_no: page,
        prev: (page > 1).then(|| page_link(page - 1)),
        next: has_next.then(|| page_link(page + 1)),
        marked: q.da_doc.is_some(),
    };
    Ok((jar, body).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MarkForm {
    trang: Option<i64>,
}

fn back(page: Option<i64>) -> Response {
    let page = page.unwrap_or(1).clamp(1, 10_000);
    Redirect::to(&format!("/thong-bao?trang={page}&da-doc=1")).into_response()
}

pub async fn mark_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<MarkForm>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let id: NotificationId = id.parse().map_err(|_| ApiError::NotFound)?;
    notifications::mark_read(&state, &who, id).await?;
    Ok(back(f.trang))
}

pub async fn mark_all(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let who = ctx.who()?;
    notifications::mark_all_read(&state, &who).await?;
    Ok(back(None))
}
