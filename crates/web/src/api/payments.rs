//! Payments over HTTP: starting an online payment for one's dossier and listing a
//! dossier's attempts.

use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};

use motcua_app::payments;
use motcua_vnpay::Locale;

use super::dossier_types::rfc3339;
use crate::auth::{SignedIn, client_ip};
use crate::error::ApiError;
use crate::state::AppState;

/// What starting a payment may say.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartPayment {
    /// The gateway's language: `vn` (default) or `en`.
    #[serde(default)]
    pub locale: Option<String>,
}

/// A started attempt: send the payer to `redirect_url`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StartedOut {
    pub id: i64,
    pub txn_ref: String,
    /// In đồng.
    pub amount: i64,
    pub redirect_url: String,
}

/// One attempt.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PaymentOut {
    pub id: i64,
    pub txn_ref: String,
    /// vnpay | cash | transfer
    pub method: String,
    /// In đồng.
    pub amount: i64,
    /// pending | paid | failed | expired | refund_due
    pub status: String,
    pub created_at: String,
    pub settled_at: Option<String>,
    /// The gateway's response code, once it answered.
    pub response_code: Option<String>,
    /// The receipt's number, once paid.
    pub receipt_no: Option<String>,
}

/// Starts paying a dossier's fee online (its applicant only).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/payments", request_body = StartPayment,
    responses((status = 201, body = StartedOut), (status = 404), (status = 409), (status = 503)))]
pub async fn start(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<StartedOut>), ApiError> {
    // The body is optional: an empty one means the defaults.
    let body: StartPayment = if body.iter().all(u8::is_ascii_whitespace) {
        StartPayment::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest("invalid_body", e.to_string()))?
    };
    let locale = match body.locale.as_deref() {
        None => Locale::Vn,
        Some(l) => Locale::parse(l).ok_or_else(|| ApiError::Validation(vec![invalid_locale()]))?,
    };
    let ip = client_ip(peer, &headers, state.web());
    let s = payments::start_online(&state, &who, &code, ip, locale).await?;
    Ok((
        StatusCode::CREATED,
        Json(StartedOut {
            id: s.id.get(),
            txn_ref: s.txn_ref.to_string(),
            amount: s.amount.dong(),
            redirect_url: s.redirect_url,
        }),
    ))
}

fn invalid_locale() -> motcua_domain::FieldError {
    motcua_domain::FieldError {
        field: "locale".into(),
        code: "invalid_choice",
        detail: Some("vn, en".into()),
    }
}

/// A dossier's payment attempts, oldest first (whoever may read the dossier).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/payments", responses((status = 200, body = [PaymentOut]), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<Vec<PaymentOut>>, ApiError> {
    let p = payments::payments(&state, &who, &code).await?;
    Ok(Json(
        p.attempts
            .into_iter()
            .map(|r| PaymentOut {
                id: r.id.get(),
                txn_ref: r.attempt.txn_ref.to_string(),
                method: r.method.as_str().to_owned(),
                amount: r.attempt.amount.dong(),
                status: r.attempt.status.as_str().to_owned(),
                created_at: rfc3339(r.attempt.created_at),
                settled_at: r.attempt.settled_at.map(rfc3339),
                response_code: r.attempt.receipt.map(|g| g.response_code),
                receipt_no: r.receipt_no,
            })
            .collect(),
    ))
}
