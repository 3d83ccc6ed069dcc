//! An RFC 3161 client over HTTP (RFC 3161 §3.4: POST `application/timestamp-query`).

use std::time::Duration;

use cms::content_info::ContentInfo;
use der::asn1::{Int, OctetString};
use der::{Decode, Encode};

use super::token::check_token;
use super::types::{MessageImprint, TimeStampReq, TimeStampResp};
use crate::algorithm::{sha256, sha256_identifier};
use crate::error::{Error, Result};

/// How long a time-stamp request may take before the signature fails.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured time-stamp authority.
#[derive(Debug, Clone)]
pub struct TimestampClient {
    url: reqwest::Url,
    http: reqwest::Client,
}

impl TimestampClient {
    /// A client for the TSA at `url` (`http` or `https`).
    pub fn new(url: &str) -> Result<Self> {
        let url = reqwest::Url::parse(url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .ok_or_else(|| Error::TimestampUnreachable(format!("not an http(s) URL: {url}")))?;
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| Error::TimestampUnreachable(e.to_string()))?;
        Ok(Self { url, http })
    }

    /// The TSA's URL.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// Obtain a time-stamp token over `data` (SHA-256 imprint, a random nonce, the TSA's
    /// certificate requested). The token is checked before it is returned: granted status,
    /// valid CMS signature, matching imprint and nonce.
    pub(crate) async fn timestamp(&self, data: &[u8]) -> Result<ContentInfo> {
        let nonce = random_nonce()?;
        let request = TimeStampReq {
            version: 1,
            message_imprint: MessageImprint {
                hash_algorithm: sha256_identifier(),
                hashed_message: OctetString::new(sha256(data).to_vec())?,
            },
            req_policy: None,
            nonce: Some(nonce.clone()),
            cert_req: true,
            extensions: None,
        };
        let response = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/timestamp-query")
            .header(reqwest::header::ACCEPT, "application/timestamp-reply")
            .body(request.to_der()?)
            .send()
            .await
            .map_err(|e| Error::TimestampUnreachable(with_sources(&e)))?;
        if !response.status().is_success() {
            return Err(Error::TimestampUnreachable(format!("HTTP {}", response.status())));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::TimestampUnreachable(with_sources(&e)))?;
        let response = TimeStampResp::from_der(&body)
            .map_err(|e| Error::TimestampRejected(format!("unreadable response: {e}")))?;
        // 0 granted, 1 grantedWithMods; anything else is a refusal.
        if response.status.status > 1 {
            let text = response.status.status_string.unwrap_or_default().join("; ");
            return Err(Error::TimestampRejected(format!(
                "status {}: {text}",
                response.status.status
            )));
        }
        let token = response
            .time_stamp_token
            .ok_or_else(|| Error::TimestampRejected("granted, but no token".into()))?;
        let checked = check_token(&token, data);
        if !checked.is_valid() {
            return Err(Error::TimestampRejected(checked.problems.join("; ")));
        }
        if checked.nonce.as_ref() != Some(&nonce) {
            return Err(Error::TimestampRejected("the nonce does not match the request".into()));
        }
        Ok(token)
    }
}

/// An error and its causes ("error sending request: connection refused").
fn with_sources(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A positive 63-bit random nonce.
fn random_nonce() -> Result<Int> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| Error::SignerFailed(format!("random source: {e}")))?;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x40;
    Ok(Int::new(&bytes)?)
}
