//! The one POST every gateway makes, and how its outcome is classified.

use std::time::Duration;

use reqwest::header::CONTENT_TYPE;
use reqwest::{Client, StatusCode};

use super::auth::PreparedAuth;
use crate::SendError;

/// Answers longer than this are cut (gateways answer with a few hundred bytes).
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// A client that never follows redirects (a POST must not silently turn into a GET) and gives
/// up after `timeout_seconds` in all.
pub(crate) fn client(timeout_seconds: u64) -> Result<Client, SendError> {
    if timeout_seconds == 0 {
        return Err(SendError::config("gateway timeout_seconds must be positive"));
    }
    let timeout = Duration::from_secs(timeout_seconds);
    Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("motcua-notify/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| SendError::config(format!("http client: {e}")))
}

/// Checks a gateway URL: absolute http(s).
pub(crate) fn endpoint(url: &str) -> Result<reqwest::Url, SendError> {
    let url = reqwest::Url::parse(url.trim()).map_err(|e| SendError::config(format!("gateway url: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SendError::config("gateway url must be http or https"));
    }
    Ok(url)
}

/// A request body with its media type.
pub(crate) struct Body {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// What a gateway answered with a 2xx status.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

/// POSTs `body` to `url` and returns a 2xx answer, or the classified failure.
pub(crate) async fn post(
    client: &Client,
    url: &reqwest::Url,
    auth: &PreparedAuth,
    extra_headers: &[(&'static str, reqwest::header::HeaderValue)],
    body: Body,
) -> Result<Answer, SendError> {
    let mut request = client
        .post(url.clone())
        .header(CONTENT_TYPE, body.content_type)
        .body(body.bytes);
    for (name, value) in extra_headers {
        request = request.header(*name, value.clone());
    }
    let mut response = auth.apply(request).send().await.map_err(classify_error)?;
    let status = response.status();
    let mut answer = Vec::new();
    while answer.len() < MAX_ANSWER_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => answer.extend_from_slice(&chunk),
            Ok(None) => break,
            // The status is known; a body cut short only matters for a success.
            Err(e) if status.is_success() => return Err(classify_error(e)),
            Err(_) => break,
        }
    }
    answer.truncate(MAX_ANSWER_BYTES);
    classify_status(status, &answer)?;
    Ok(Answer { status, body: answer })
}

/// 2xx passes; 408 and 429 (come back later) and 5xx are transient; every other status
/// (4xx: the request is wrong; 1xx/3xx: not what a gateway answers) is permanent.
pub(crate) fn classify_status(status: StatusCode, body: &[u8]) -> Result<(), SendError> {
    if status.is_success() {
        return Ok(());
    }
    let detail = format!("HTTP {}: {}", status.as_u16(), excerpt(body));
    Err(match status.as_u16() {
        408 | 429 => SendError::transient("gateway_busy", detail),
        500..=599 => SendError::transient("gateway_unavailable", detail),
        400..=499 => SendError::permanent("gateway_rejected", detail),
        _ => SendError::permanent("gateway_unexpected_status", detail),
    })
}

fn classify_error(e: reqwest::Error) -> SendError {
    let detail = e.to_string();
    if e.is_timeout() {
        SendError::transient("gateway_timeout", detail)
    } else if e.is_builder() {
        SendError::permanent("config_invalid", detail)
    } else {
        SendError::transient("gateway_unreachable", detail)
    }
}

/// The start of an answer, for error details and receipts.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut s: String = text.chars().take(200).collect();
    if text.chars().nth(200).is_some() {
        s.push('…');
    }
    s
}
