//! Checking an RFC 3161 time-stamp token: its CMS signature, its `TSTInfo`, and that it
//! time-stamps the data we expect.

use cms::content_info::ContentInfo;
use der::Decode;
use der::asn1::Int;
use time::OffsetDateTime;
use x509_cert::Certificate;

use super::types::TstInfo;
use crate::algorithm::DigestAlgorithm;
use crate::signed_data::check::{Content, check};

/// What a time-stamp token says and whether it holds.
#[derive(Debug, Clone)]
pub(crate) struct TokenCheck {
    /// `genTime`, if the `TSTInfo` could be read.
    pub time: Option<OffsetDateTime>,
    /// The token's CMS signature and message digest verify.
    pub signature_valid: bool,
    /// The token's message imprint is the digest of the data it should cover.
    pub imprint_matches: bool,
    /// The nonce in the token.
    pub nonce: Option<Int>,
    /// The TSA's certificate and the others embedded in the token.
    pub signer: Option<Certificate>,
    pub certificates: Vec<Certificate>,
    pub problems: Vec<String>,
}

impl TokenCheck {
    pub(crate) fn is_valid(&self) -> bool {
        self.signature_valid && self.imprint_matches && self.time.is_some()
    }
}

/// Check `token` as a time-stamp over `covered` (for a signature time-stamp: the signature value).
pub(crate) fn check_token(token: &ContentInfo, covered: &[u8]) -> TokenCheck {
    let signed = check(token, Content::Encapsulated);
    let mut out = TokenCheck {
        time: None,
        signature_valid: signed.is_valid(),
        imprint_matches: false,
        nonce: None,
        signer: signed.signer,
        certificates: signed.certificates,
        problems: signed.problems,
    };
    let Some(tst_info) = signed
        .encapsulated
        .as_deref()
        .and_then(|der| TstInfo::from_der(der).ok())
    else {
        out.problems
            .push("the time-stamp token holds no readable TSTInfo".into());
        return out;
    };
    out.time = parse_generalized_time(tst_info.gen_time.value());
    if out.time.is_none() {
        out.problems.push("the time-stamp token's time cannot be read".into());
    }
    let imprint = &tst_info.message_imprint;
    out.imprint_matches = DigestAlgorithm::from_oid(imprint.hash_algorithm.oid)
        .is_some_and(|digest| digest.digest(&[covered]) == imprint.hashed_message.as_bytes());
    if !out.imprint_matches {
        out.problems
            .push("the time-stamp token does not cover this signature".into());
    }
    out.nonce = tst_info.nonce;
    out
}

/// Parse a DER GeneralizedTime value `YYYYMMDDHHMMSS[.fraction]Z`.
pub(crate) fn parse_generalized_time(value: &[u8]) -> Option<OffsetDateTime> {
    let text = std::str::from_utf8(value).ok()?.strip_suffix('Z')?;
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let format = time::macros::format_description!("[year][month][day][hour][minute][second]");
    let mut instant = time::PrimitiveDateTime::parse(whole, &format).ok()?.assume_utc();
    if let Some(fraction) = fraction {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
        let nanos: i64 = digits.parse().ok()?;
        instant = instant.checked_add(time::Duration::nanoseconds(nanos))?;
    }
    Some(instant)
}

#[cfg(test)]
mod tests {
    use super::parse_generalized_time;
    use time::macros::datetime;

    #[test]
    fn generalized_time_with_and_without_fraction() {
        assert_eq!(
            parse_generalized_time(b"20250101120000Z"),
            Some(datetime!(2025-01-01 12:00:00 UTC))
        );
        assert_eq!(
            parse_generalized_time(b"20250101120000.25Z"),
            Some(datetime!(2025-01-01 12:00:00.25 UTC))
        );
        assert_eq!(parse_generalized_time(b"20250101120000"), None);
        assert_eq!(parse_generalized_time(b"20250101120000.Z"), None);
    }
}
