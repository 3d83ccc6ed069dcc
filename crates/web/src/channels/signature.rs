//! HMAC-SHA256 request signatures with a timestamp against replays.

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How far a request's timestamp may be from our clock, in seconds.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a request's signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the request is not signed")]
    Missing,
    #[error("the timestamp is missing, malformed or outside the accepted window")]
    Expired,
    #[error("the signature does not match")]
    Invalid,
}

impl SignatureError {
    pub fn code(self) -> &'static str {
        match self {
            SignatureError::Missing => "signature_missing",
            SignatureError::Expired => "signature_expired",
            SignatureError::Invalid => "signature_invalid",
        }
    }
}

fn mac(secret: &str, timestamp: &str, body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length: new_from_slice cannot fail.
    let mut m = <HmacSha256 as Mac>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!());
    m.update(timestamp.as_bytes());
    m.update(b".");
    m.update(body);
    m
}

/// The `X-Motcua-Signature` value for a body sent at `timestamp` (for relays and tests).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, &timestamp.to_string(), body).finalize().into_bytes();
    format!("sha256={}", hex::encode(tag))
}

/// Checks the signature headers against the raw body, in constant time.
pub fn verify(secret: &str, headers: &HeaderMap, body: &[u8], now: i64) -> Result<(), SignatureError> {
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    let signature = header("x-motcua-signature").ok_or(SignatureError::Missing)?;
    let timestamp = header("x-motcua-timestamp").ok_or(SignatureError::Expired)?;
    let at: i64 = timestamp.trim().parse().map_err(|_| SignatureError::Expired)?;
    if (now - at).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Expired);
    }
    let given = signature
        .trim()
        .strip_prefix("sha256=")
        .and_then(|h| hex::decode(h).ok())
        .ok_or(SignatureError::Invalid)?;
    mac(secret, timestamp.trim(), body)
        .verify_slice(&given)
        .map_err(|_| SignatureError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(sig: &str, ts: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-motcua-signature", sig.parse().unwrap_or_else(|_| unreachable!()));
        h.insert("x-motcua-timestamp", ts.parse().unwrap_or_else(|_| unreachable!()));
        h
    }

    #[test]
    fn signed_bodies_pass_and_anything_else_fails() {
        let body = br#"{"message_id":"1"}"#;
        let sig = sign("bi-mat-dai-hon-16", 1_000, body);
        assert_eq!(verify("bi-mat-dai-hon-16", &headers(&sig, "1000"), body, 1_100), Ok(()));
        assert_eq!(
            verify("khac-bi-mat-dai-16", &headers(&sig, "1000"), body, 1_100),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify("bi-mat-dai-hon-16", &headers(&sig, "1000"), b"{}", 1_100),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            verify("bi-mat-dai-hon-16", &headers(&sig, "1000"), body, 1_400),
            Err(SignatureError::Expired)
        );
        assert_eq!(
            verify("bi-mat-dai-hon-16", &HeaderMap::new(), body, 1_000),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify("bi-mat-dai-hon-16", &headers("sha256=zz", "1000"), body, 1_000),
            Err(SignatureError::Invalid)
        );
    }
}
