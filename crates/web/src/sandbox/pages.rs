//! The sandbox gateway's pages and its transaction API.

use std::sync::Arc;
use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::OffsetDateTime;

use motcua_domain::payment::format_vnd;
use motcua_vnpay::sandbox::SandboxOutcome;
use motcua_vnpay::signature;

use super::{PREFIX, Sandbox};

/// Banks the sandbox offers (codes as the real gateway names them).
const BANKS: [(&str, &str); 6] = [
    ("NCB", "Ngân hàng Quốc Dân (NCB)"),
    ("VCB", "Vietcombank"),
    ("BIDV", "BIDV"),
    ("VTB", "VietinBank"),
    ("TCB", "Techcombank"),
    ("AGRIBANK", "Agribank"),
];

#[derive(Template, WebTemplate)]
#[template(path = "sandbox_pay.html")]
pub struct PayPage {
    prefix: &'static str,
    txn_ref: String,
    amount: String,
    order_info: String,
    terminal: String,
    token: String,
    banks: &'static [(&'static str, &'static str)],
}

#[derive(Template, WebTemplate)]
#[template(path = "sandbox_error.html")]
pub struct ErrorPage {
    prefix: &'static str,
    code: &'static str,
}

/// The form's token: the order signed with the terminal's secret (the sandbox's own CSRF
/// protection: only its page can complete an order).
fn token(s: &Sandbox, txn_ref: &str) -> String {
    signature::sign(&s.keys.secret, &format!("sandbox-complete|{txn_ref}"))
}

fn refused(code: &'static str) -> Response {
    (StatusCode::BAD_REQUEST, ErrorPage { prefix: PREFIX, code }).into_response()
}

/// `GET …/paymentv2/vpcpay.html?{signed}`: checks the merchant's request and shows the
/// choice of bank.
pub async fn pay_page(State(s): State<Arc<Sandbox>>, RawQuery(query): RawQuery) -> Response {
    match s
        .gateway
        .accept_pay(query.as_deref().unwrap_or(""), OffsetDateTime::now_utc())
    {
        Ok(req) => PayPage {
            prefix: PREFIX,
            token: token(&s, req.txn_ref.as_str()),
            txn_ref: req.txn_ref.to_string(),
            amount: format_vnd(req.amount.dong()),
            order_info: req.order_info,
            terminal: s.keys.tmn_code.to_string(),
            banks: &BANKS,
        }
        .into_response(),
        Err(e) => refused(e.code()),
    }
}

#[derive(Deserialize)]
pub struct Choice {
    txn_ref: String,
    token: String,
    /// `pay`, `cancel` or `fail`
    choice: String,
    #[serde(default)]
    bank: String,
}

/// Calls the merchant's IPN until it answers `00` or `02` (as gateways retry), up to five
/// times with growing pauses. The first call is awaited (briefly) so that the payer usually
/// comes back to a settled payment; the rest run in the background.
async fn deliver_ipn(s: Arc<Sandbox>, url: String) {
    let settled = |body: &str| body.contains("\"RspCode\":\"00\"") || body.contains("\"RspCode\":\"02\"");
    let first = s.http.get(&url).send().await;
    if let Ok(r) = first
        && let Ok(body) = r.text().await
        && settled(&body)
    {
        return;
    }
    tokio::spawn(async move {
        for pause in [2, 4, 8, 16] {
            tokio::time::sleep(Duration::from_secs(pause)).await;
            if let Ok(r) = s.http.get(&url).send().await
                && let Ok(body) = r.text().await
                && settled(&body)
            {
                return;
            }
        }
        tracing::warn!("sandbox gateway: the merchant never confirmed a notification");
    });
}

/// `POST …/thanh-toan`: the payer's choice; notifies the merchant, then sends the payer
/// back to the merchant's return page.
pub async fn complete(State(s): State<Arc<Sandbox>>, Form(c): Form<Choice>) -> Response {
    if signature::verify(&s.keys.secret, &format!("sandbox-complete|{}", c.txn_ref), &c.token).is_err() {
        return refused("invalid_token");
    }
    let bank = if BANKS.iter().any(|(code, _)| *code == c.bank) {
        c.bank
    } else {
        "NCB".to_owned()
    };
    let outcome = match c.choice.as_str() {
        "pay" => SandboxOutcome::Paid { bank_code: bank },
        "cancel" => SandboxOutcome::Cancelled,
        "fail" => SandboxOutcome::Failed {
            bank_code: bank,
            response_code: "51".into(),
        },
        _ => return refused("invalid_choice"),
    };
    match s.gateway.complete(&c.txn_ref, outcome, OffsetDateTime::now_utc()) {
        Ok(done) => {
            let _ = tokio::time::timeout(Duration::from_secs(5), deliver_ipn(s.clone(), done.ipn_url)).await;
            Redirect::to(&done.return_url).into_response()
        }
        Err(e) => refused(e.code()),
    }
}

/// `POST …/merchant_webapi/api/transaction`: `querydr`.
pub async fn querydr(State(s): State<Arc<Sandbox>>, body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        s.gateway.answer_querydr(&body, OffsetDateTime::now_utc()),
    )
        .into_response()
}

const CSS: &str = include_str!("../../static/sandbox.css");

pub async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}
