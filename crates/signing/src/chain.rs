//! Certificate path building and checking: from a signer's certificate, through the
//! certificates at hand, to one of the trusted roots. Checks each link's signature, each
//! certificate's validity at the given time, and that issuers are CAs. Revocation (CRL, OCSP)
//! is not checked: that needs the network and is PAdES B-LT's business.

use der::Encode;
use time::OffsetDateTime;
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};

use crate::algorithm::{VerifyFailure, verify_signature};

/// Longest chain looked for (leaf, intermediates, root).
const MAX_DEPTH: usize = 8;

/// Whether `at` lies within `certificate`'s validity; the error says which bound failed.
pub(crate) fn check_validity(certificate: &Certificate, at: OffsetDateTime) -> Result<(), Validity> {
    let validity = certificate.tbs_certificate().validity();
    let not_before = to_offset(validity.not_before);
    let not_after = to_offset(validity.not_after);
    if at < not_before {
        return Err(Validity::NotYetValid(rfc3339(not_before)));
    }
    if at > not_after {
        return Err(Validity::Expired(rfc3339(not_after)));
    }
    Ok(())
}

/// A validity bound that failed, as RFC 3339 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Validity {
    NotYetValid(String),
    Expired(String),
}

fn to_offset(time: x509_cert::time::Time) -> OffsetDateTime {
    let seconds = i64::try_from(time.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

pub(crate) fn rfc3339(instant: OffsetDateTime) -> String {
    instant
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| instant.to_string())
}

/// Build a path from `leaf` to a certificate in `roots`, using `intermediates`, valid at `at`.
/// Returns the path (leaf first, root last) or why there is none.
pub(crate) fn build_path(
    leaf: &Certificate,
    intermediates: &[Certificate],
    roots: &[Certificate],
    at: OffsetDateTime,
) -> Result<Vec<Certificate>, String> {
    if roots.is_empty() {
        return Err("no trusted root is configured".into());
    }
    let mut path = vec![leaf.clone()];
    let mut current = leaf.clone();
    for _ in 0..MAX_DEPTH {
        if let Err(bound) = check_validity(&current, at) {
            return Err(format!("{} is {}", subject(&current), describe(&bound)));
        }
        if roots.iter().any(|root| same(root, &current)) {
            return Ok(path);
        }
        if let Some(root) = roots.iter().find(|root| issued_by(&current, root)) {
            if let Err(bound) = check_validity(root, at) {
                return Err(format!("the trusted root {} is {}", subject(root), describe(&bound)));
            }
            path.push(root.clone());
            return Ok(path);
        }
        let next = intermediates
            .iter()
            .filter(|candidate| !path.iter().any(|seen| same(seen, candidate)))
            .find(|candidate| issued_by(&current, candidate));
        match next {
            Some(issuer) if is_ca(issuer) => {
                path.push(issuer.clone());
                current = issuer.clone();
            }
            Some(issuer) => {
                return Err(format!("{} is not a certification authority", subject(issuer)));
            }
            None => {
                return Err(format!(
                    "no trusted issuer found for {} (issuer {})",
                    subject(&current),
                    current.tbs_certificate().issuer()
                ));
            }
        }
    }
    Err("the certificate chain is too long".into())
}

fn describe(bound: &Validity) -> String {
    match bound {
        Validity::NotYetValid(from) => format!("not valid before {from}"),
        Validity::Expired(at) => format!("expired at {at}"),
    }
}

/// The subject as an RFC 4514 string.
pub(crate) fn subject(certificate: &Certificate) -> String {
    certificate.tbs_certificate().subject().to_string()
}

fn same(a: &Certificate, b: &Certificate) -> bool {
    a == b || matches!((a.to_der(), b.to_der()), (Ok(x), Ok(y)) if x == y)
}

/// `child`'s issuer name is `issuer`'s subject and `issuer`'s key verifies `child`'s signature.
pub(crate) fn issued_by(child: &Certificate, issuer: &Certificate) -> bool {
    if child.tbs_certificate().issuer() != issuer.tbs_certificate().subject() {
        return false;
    }
    let Ok(tbs) = child.tbs_certificate().to_der() else {
        return false;
    };
    let Some(signature) = child.signature().as_bytes() else {
        return false;
    };
    let outcome = verify_signature(
        issuer.tbs_certificate().subject_public_key_info(),
        child.signature_algorithm().oid,
        None,
        &tbs,
        signature,
    );
    match outcome {
        Ok(()) => true,
        Err(VerifyFailure::Invalid | VerifyFailure::Unsupported(_)) => false,
    }
}

/// A CA certificate: basicConstraints cA, and keyCertSign if a key usage is present.
fn is_ca(certificate: &Certificate) -> bool {
    let tbs = certificate.tbs_certificate();
    let ca = matches!(tbs.get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca);
    let may_sign_certificates = match tbs.get_extension::<KeyUsage>() {
        Ok(Some((_, usage))) => usage.key_cert_sign(),
        Ok(None) => true,
        Err(_) => false,
    };
    ca && may_sign_certificates
}
