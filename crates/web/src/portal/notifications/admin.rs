//! For system administrators: deliveries by state, the failed ones with their error, and a
//! button to send one again. Everyone else gets 403 (and anonymous readers the sign-in page).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_app::AppError;
use motcua_app::notifications::{self, DeliveryOverview};
use motcua_app::records::{DeliveryChannel, DeliveryState};
use motcua_domain::ids::DeliveryId;

use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

pub struct FailedRow {
    id: DeliveryId,
    when: String,
    channel: &'static str,
    kind: String,
    code: String,
    detail: String,
    attempts: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications_admin.html")]
pub struct AdminPage {
    t: Tr,
    page: Page,
    counts: Vec<(&'static str, i64)>,
    backlog: i64,
    failed: Vec<FailedRow>,
    notice: Option<&'static str>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    #[serde(rename = "ket-qua")]
    ket_qua: Option<String>,
}

fn state_key(s: DeliveryState) -> &'static str {
    match s {
        DeliveryState::Pending => "nt.state.pending",
        DeliveryState::Sending => "nt.state.sending",
        DeliveryState::Sent => "nt.state.sent",
        DeliveryState::Failed => "nt.state.failed",
    }
}

fn channel_key(c: DeliveryChannel) -> &'static str {
    match c {
        DeliveryChannel::Email => "nt.channel.email",
        DeliveryChannel::Sms => "nt.channel.sms",
        DeliveryChannel::Zns => "nt.channel.zns",
    }
}

fn signed_in(ctx: &Ctx) -> Result<motcua_domain::account::Principal, PageError> {
    ctx.principal()
        .cloned()
        .ok_or_else(|| PageError::sign_in("/quan-tri/gui-thong-bao".into()))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let who = signed_in(&ctx)?;
    let t = ctx.t;
    let DeliveryOverview {
        counts,
        failed,
        backlog,
    } = notifications::deliveries_overview(&state, &who).await?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let body = AdminPage {
        t,
        page,
        counts: counts.into_iter().map(|(s, n)| (t.t(state_key(s)), n)).collect(),
        backlog,
        failed: failed
            .into_iter()
            .map(|d| FailedRow {
                id: d.id,
                when: local(d.updated_at),
                channel: t.t(channel_key(d.channel)),
                kind: t
                    .maybe(&format!("nt.kind.{}", d.kind))
                    .map_or_else(|| d.kind.clone(), str::to_owned),
                code: d.last_error.unwrap_or_default(),
                detail: d.last_error_detail.unwrap_or_default(),
                attempts: d.attempts,
            })
            .collect(),
        notice: match q.ket_qua.as_deref() {
            Some("gui-lai") => Some(t.t("nt.admin.retried")),
            Some("khong-loi") => Some(t.t("nt.admin.not_failed")),
            _ => None,
        },
    };
    Ok((jar, body).into_response())
}

pub async fn retry(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let who = signed_in(&ctx)?;
    let id: DeliveryId = id.parse().map_err(|_| ApiError::NotFound)?;
    let outcome = match notifications::retry_delivery(&state, &who, id).await {
        Ok(()) => "gui-lai",
        Err(AppError::Conflict(_)) => "khong-loi",
        Err(e) => return Err(e.into()),
    };
    Ok(Redirect::to(&format!("/quan-tri/gui-thong-bao?ket-qua={outcome}")).into_response())
}
