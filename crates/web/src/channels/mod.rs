//! Inbound chat channels: feedback arriving from a chat platform (a Zalo Official Account,
//! a Telegram bot…) through a relay that posts signed messages here.
//!
//! `POST /api/v1/channels/{name}/messages` with
//! `X-Motcua-Timestamp: <unix seconds>` and
//! `X-Motcua-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.
//! Requests older or newer than five minutes are refused (replays); a message id seen before
//! returns the report already stored (platforms retry).

mod message;
mod signature;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Router, http::StatusCode};
use serde::Serialize;

use motcua_app::feedback::{self, Submission, submit};
use motcua_app::records::{FeedbackChannel, FeedbackRecord};

use crate::error::ApiError;
use crate::state::AppState;

pub use signature::{SignatureError, sign};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/channels/{name}/messages", post(receive))
}

/// What the relay gets back: the reference to give the citizen in the chat.
#[derive(Debug, Serialize)]
pub struct Receipt {
    pub service_request_id: i64,
    pub token: String,
    pub status: &'static str,
    /// True when this message id had already been received.
    pub duplicate: bool,
}

async fn receive(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Receipt>), ApiError> {
    let channel = state
        .web()
        .feedback
        .channels
        .iter()
        .find(|c| c.name == name)
        .ok_or(ApiError::NotFound)?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    signature::verify(&channel.secret, &headers, &body, now).map_err(ApiError::Signature)?;
    let msg: message::Message =
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest("invalid_body", e.to_string()))?;
    let external_ref = format!("{name}:{}", msg.message_id);
    if let Some(existing) = feedback::by_external_ref(&state, &external_ref).await? {
        return Ok((StatusCode::OK, Json(receipt(&existing, true))));
    }
    let report = msg.to_report(&channel.default_category)?;
    let s = Submission {
        external_ref: Some(external_ref),
        account_ref: Some(format!("{name}:{}", msg.sender.id)),
        media_urls: msg.image_urls(),
        ..Submission::new(report, None, FeedbackChannel::Webhook)
    };
    let rec = submit(&state, s).await?;
    Ok((StatusCode::CREATED, Json(receipt(&rec, false))))
}

fn receipt(r: &FeedbackRecord, duplicate: bool) -> Receipt {
    Receipt {
        service_request_id: r.id.get(),
        token: r.token.clone(),
        status: r.state.status.as_str(),
        duplicate,
    }
}
