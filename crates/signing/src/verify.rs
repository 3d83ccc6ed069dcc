//! Verification of the signatures of a PDF, for the public result page.

use time::OffsetDateTime;
use x509_cert::Certificate;

use crate::algorithm::sha256;
use crate::chain::{build_path, subject};
use crate::error::Result;
use crate::pdf::signatures::{FoundSignature, find_signatures};
use crate::signed_data::check::{Content, check, content_info_prefix};
use crate::tsp::token::check_token;

/// What a PDF's signatures say, and the file's SHA-256 (to compare with the one published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentReport {
    /// SHA-256 of the whole file, lower-case hex.
    pub sha256_hex: String,
    /// The file's size.
    pub size_bytes: usize,
    /// One report per signature, first signed first.
    pub signatures: Vec<SignatureReport>,
}

/// Whether a signature's byte range covers the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Integrity {
    /// The signature covers the whole file except its own `/Contents`.
    WholeDocument,
    /// Bytes follow the signed revision, and they end with another valid signature covering the
    /// rest of the file (a later signature added, e.g. a second approver). What that later
    /// revision changed is not compared.
    FollowedBySignedRevisions,
    /// Bytes follow the signed revision that no later signature covers: modified after signing.
    ModifiedAfterSigning,
    /// The byte range is malformed or does not frame the signature's `/Contents`.
    ByteRangeInvalid,
}

/// A time-stamp on a signature (PAdES B-T).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampReport {
    /// The time the TSA certifies.
    pub time: Option<OffsetDateTime>,
    /// The token's signature verifies and it covers this signature.
    pub valid: bool,
    /// The TSA's subject (RFC 4514).
    pub tsa_subject: Option<String>,
    /// The TSA's certificate chains to a trusted root.
    pub chain_trusted: bool,
}

/// One signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureReport {
    /// The form field's name.
    pub field_name: Option<String>,
    /// `/SubFilter` (`ETSI.CAdES.detached` for PAdES).
    pub sub_filter: String,
    /// The signer's subject (RFC 4514, e.g. `CN=UBND xã Hòa Bình,O=…,C=VN`).
    pub signer_subject: Option<String>,
    /// The signer's common name alone.
    pub signer_common_name: Option<String>,
    /// `/Name`: the signer's name as the signing software wrote it (not checked).
    pub claimed_signer_name: Option<String>,
    /// `/M`: the signing time the signer claims.
    pub claimed_signing_time: Option<OffsetDateTime>,
    /// `/Reason` and `/Location`.
    pub reason: Option<String>,
    pub location: Option<String>,
    /// The signature time-stamp, if any.
    pub timestamp: Option<TimestampReport>,
    /// The CMS signature verifies and its message digest matches the signed bytes.
    pub cms_signature_valid: bool,
    /// How the byte range relates to the file.
    pub integrity: Integrity,
    /// The signer's certificate chains to a trusted root (at the time-stamp's time if there is
    /// a valid one, else now).
    pub chain_trusted: bool,
    /// What went wrong, in English, for logs and the details section of the page.
    pub problems: Vec<String>,
}

impl SignatureReport {
    /// Valid, unmodified (or only followed by later signatures) and trusted.
    pub fn is_valid(&self) -> bool {
        self.cms_signature_valid
            && self.chain_trusted
            && matches!(
                self.integrity,
                Integrity::WholeDocument | Integrity::FollowedBySignedRevisions
            )
            && self.timestamp.as_ref().is_none_or(|t| t.valid)
    }
}

/// Verify every signature of `pdf` against `trusted_roots`, now.
pub fn verify(pdf: &[u8], trusted_roots: &[Certificate]) -> Result<DocumentReport> {
    verify_at(pdf, trusted_roots, OffsetDateTime::now_utc())
}

/// Verify every signature of `pdf` against `trusted_roots`, checking certificate validity at
/// `now` when a signature has no valid time-stamp.
pub fn verify_at(pdf: &[u8], trusted_roots: &[Certificate], now: OffsetDateTime) -> Result<DocumentReport> {
    let found = find_signatures(pdf)?;
    let mut signatures: Vec<SignatureReport> = found
        .iter()
        .map(|signature| check_one(pdf, signature, trusted_roots, now))
        .collect();
    // A signature not covering the whole file is all right only if a later, valid signature
    // covers the rest.
    let whole_file_signed_later: Vec<bool> = signatures
        .iter()
        .map(|report| report.integrity == Integrity::WholeDocument && report.cms_signature_valid)
        .collect();
    for (index, report) in signatures.iter_mut().enumerate() {
        if report.integrity == Integrity::ModifiedAfterSigning
            && whole_file_signed_later[index + 1..].iter().any(|&signed| signed)
        {
            report.integrity = Integrity::FollowedBySignedRevisions;
        }
        if report.integrity == Integrity::ModifiedAfterSigning {
            report
                .problems
                .push("the document was modified after this signature".into());
        }
    }
    Ok(DocumentReport {
        sha256_hex: hex::encode(sha256(pdf)),
        size_bytes: pdf.len(),
        signatures,
    })
}

fn check_one(pdf: &[u8], found: &FoundSignature, roots: &[Certificate], now: OffsetDateTime) -> SignatureReport {
    let mut report = SignatureReport {
        field_name: found.field_name.clone(),
        sub_filter: found.sub_filter.clone(),
        signer_subject: None,
        signer_common_name: None,
        claimed_signer_name: found.name.clone(),
        claimed_signing_time: found.signing_time,
        reason: found.reason.clone(),
        location: found.location.clone(),
        timestamp: None,
        cms_signature_valid: false,
        integrity: Integrity::ByteRangeInvalid,
        chain_trusted: false,
        problems: Vec::new(),
    };
    let Some(ranges) = signed_ranges(pdf, found) else {
        report
            .problems
            .push("the byte range is malformed or does not frame /Contents".into());
        return report;
    };
    report.integrity = if ranges.1.end == pdf.len() {
        Integrity::WholeDocument
    } else {
        Integrity::ModifiedAfterSigning
    };
    let content_info = match content_info_prefix(&found.contents) {
        Ok(content_info) => content_info,
        Err(problem) => {
            report.problems.push(problem);
            return report;
        }
    };
    let parts = [&pdf[ranges.0], &pdf[ranges.1]];
    let checked = check(&content_info, Content::Detached(&parts));
    report.cms_signature_valid = checked.is_valid();
    report.problems.extend(checked.problems.iter().cloned());
    let Some(signer) = checked.signer.as_ref() else {
        return report;
    };
    report.signer_subject = Some(subject(signer));
    report.signer_common_name = signer
        .tbs_certificate()
        .subject()
        .common_name()
        .ok()
        .flatten()
        .map(String::from);
    let mut trust_time = now;
    if let Some(token) = checked.timestamp_token.as_ref() {
        let token_check = check_token(token, &checked.signature_value);
        let tsa_chain = token_check
            .signer
            .as_ref()
            .map(|tsa| build_path(tsa, &token_check.certificates, roots, token_check.time.unwrap_or(now)));
        if let Some(Err(problem)) = &tsa_chain {
            report.problems.push(format!("time-stamp authority: {problem}"));
        }
        report
            .problems
            .extend(token_check.problems.iter().map(|p| format!("time-stamp: {p}")));
        let timestamp = TimestampReport {
            time: token_check.time,
            valid: token_check.is_valid(),
            tsa_subject: token_check.signer.as_ref().map(subject),
            chain_trusted: matches!(tsa_chain, Some(Ok(_))),
        };
        if let (true, true, Some(time)) = (timestamp.valid, timestamp.chain_trusted, timestamp.time) {
            trust_time = time;
        }
        report.timestamp = Some(timestamp);
    }
    match build_path(signer, &checked.certificates, roots, trust_time) {
        Ok(_) => report.chain_trusted = true,
        Err(problem) => report.problems.push(format!("signer: {problem}")),
    }
    report
}

/// The two signed ranges, if `/ByteRange` is well formed, within the file, and its gap is
/// exactly the hex string that holds this signature's `/Contents`.
fn signed_ranges(pdf: &[u8], found: &FoundSignature) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let numbers: Vec<usize> = found
        .byte_range
        .iter()
        .map(|&n| usize::try_from(n).ok())
        .collect::<Option<_>>()?;
    let [start, first_len, second_start, second_len] = numbers.as_slice() else {
        return None;
    };
    let second_end = second_start.checked_add(*second_len)?;
    let framed = *start == 0
        && first_len < second_start
        && second_end <= pdf.len()
        && pdf.get(*first_len) == Some(&b'<')
        && pdf.get(second_start.checked_sub(1)?) == Some(&b'>');
    if !framed {
        return None;
    }
    let gap = hex::decode(&pdf[first_len + 1..second_start - 1]).ok()?;
    (gap == found.contents).then_some((0..*first_len, *second_start..second_end))
}
