//! `GET /thanh-toan/vnpay/ket-qua`: where the gateway sends the payer back. Shows what the
//! gateway said and what is recorded; records nothing (the notification does). Public: the
//! signed query is what it shows, and it shows no personal data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use motcua_domain::payment::{AttemptStatus, format_vnd};
use motcua_vnpay::Locale;
use motcua_vnpay::response_code::ReturnOutcome;

use crate::i18n::{Lang, Tr};
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "payment_returned.html")]
pub struct ReturnedPage {
    t: Tr,
    page: Page,
    /// `paid`, `waiting` (the gateway says paid, not yet confirmed), `review`, `cancelled`,
    /// `failed`, or `unknown` (not a genuine answer about one of our payments).
    state: &'static str,
    code: String,
    amount: String,
    explanation: &'static str,
}

pub async fn returned(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let t = ctx.t;
    let locale = if t.0 == Lang::En { Locale::En } else { Locale::Vn };
    let found = motcua_app::payments::read_return(&state, query.as_deref().unwrap_or(""), locale).await?;
    let page = match found {
        None => ReturnedPage {
            t,
            page: ctx.page(),
            state: "unknown",
            code: String::new(),
            amount: String::new(),
            explanation: "",
        },
        Some(r) => {
            let shown = match (r.recorded, r.outcome) {
                (AttemptStatus::Paid, _) => "paid",
                (AttemptStatus::Pending, ReturnOutcome::Paid) => "waiting",
                (_, ReturnOutcome::UnderReview) => "review",
                (_, ReturnOutcome::Cancelled) => "cancelled",
                _ => "failed",
            };
            ReturnedPage {
                t,
                page: ctx.page(),
                state: shown,
                code: r.dossier_code,
                amount: format_vnd(r.amount.dong()),
                explanation: r.explanation,
            }
        }
    };
    let waiting = page.state == "waiting";
    // The gateway's result is private to the payer: never cached, never sent on.
    let mut res = page.into_response();
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    h.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("same-origin"));
    if waiting {
        // Look again in a moment: the gateway's notification is on its way.
        h.insert("refresh", header::HeaderValue::from_static("3"));
    }
    Ok(res)
}
