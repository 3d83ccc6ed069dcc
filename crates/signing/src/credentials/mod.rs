//! Signing keys and certificates from configuration, checked when they are loaded so that a
//! wrong setting stops the server at start rather than at the first signature.
//!
//! Checks: the key matches the certificate; the certificate is valid now; its key usage
//! includes digitalSignature and nonRepudiation (contentCommitment); the chain leads to a
//! configured trusted root. Each failure is an [`Error`] with a stable code and a
//! [`CredentialPart`] saying which setting is wrong.

mod pem;
mod pkcs12;

pub use pem::{read_certificates, read_private_key};
pub use pkcs12::read_pkcs12;

/// Certificates as PEM, one after another (what a verifier is given as trusted roots).
pub fn certificates_pem(certificates: &[Certificate]) -> Result<String> {
    use der::EncodePem;
    let mut out = String::new();
    for c in certificates {
        out.push_str(&c.to_pem(der::pem::LineEnding::LF)?);
    }
    Ok(out)
}

use time::OffsetDateTime;
use x509_cert::Certificate;
use x509_cert::ext::pkix::KeyUsage;

use crate::chain::{Validity, build_path, check_validity};
use crate::error::{CredentialPart, Error, Result};
use crate::signer::ServerKeySigner;

/// Load a PEM private key and a PEM certificate chain (signing certificate first, or in any
/// order: the one matching the key is taken as the signing certificate), and check them
/// against the PEM trusted roots at `now`.
pub fn load_pem(
    key_pem: &[u8],
    certificates_pem: &[u8],
    trusted_roots_pem: &[u8],
    now: OffsetDateTime,
) -> Result<ServerKeySigner> {
    let key = read_private_key(key_pem)?;
    let certificates = read_certificates(certificates_pem, CredentialPart::Certificates)?;
    let roots = read_certificates(trusted_roots_pem, CredentialPart::TrustedRoots)?;
    checked_signer(key, certificates, &roots, now)
}

/// Load a PKCS#12 file (key and certificates) with its password, and check it against the
/// PEM trusted roots at `now`.
pub fn load_pkcs12(
    pkcs12: &[u8],
    password: &str,
    trusted_roots_pem: &[u8],
    now: OffsetDateTime,
) -> Result<ServerKeySigner> {
    let (key, certificates) = read_pkcs12(pkcs12, password)?;
    let roots = read_certificates(trusted_roots_pem, CredentialPart::TrustedRoots)?;
    checked_signer(key, certificates, &roots, now)
}

/// Put the certificate matching `key` first, then run every check.
fn checked_signer(
    key: crate::PrivateKey,
    mut certificates: Vec<Certificate>,
    roots: &[Certificate],
    now: OffsetDateTime,
) -> Result<ServerKeySigner> {
    let leaf = certificates
        .iter()
        .position(|c| key.matches(c.tbs_certificate().subject_public_key_info()))
        .ok_or(Error::KeyCertificateMismatch)?;
    certificates.swap(0, leaf);
    check_signing_certificate(&certificates, roots, now)?;
    ServerKeySigner::new(key, certificates)
}

/// The checks on a signing certificate (`chain[0]`, its issuers after it), also usable for a
/// certificate read from a USB token before [`crate::prepare`].
pub fn check_signing_certificate(
    chain: &[Certificate],
    trusted_roots: &[Certificate],
    now: OffsetDateTime,
) -> Result<()> {
    let leaf = chain.first().ok_or_else(|| Error::CredentialUnreadable {
        part: CredentialPart::Certificates,
        detail: "no certificate".into(),
    })?;
    match check_validity(leaf, now) {
        Ok(()) => {}
        Err(Validity::NotYetValid(not_before)) => {
            return Err(Error::CertificateNotYetValid { not_before });
        }
        Err(Validity::Expired(not_after)) => return Err(Error::CertificateExpired { not_after }),
    }
    let usage = match leaf.tbs_certificate().get_extension::<KeyUsage>() {
        Ok(Some((_, usage))) => Some(usage),
        _ => None,
    };
    let mut missing = Vec::new();
    if !usage.is_some_and(|u| u.digital_signature()) {
        missing.push("digitalSignature");
    }
    if !usage.is_some_and(|u| u.non_repudiation()) {
        missing.push("nonRepudiation");
    }
    if !missing.is_empty() {
        return Err(Error::KeyUsageMissing {
            missing: missing.join(", "),
        });
    }
    build_path(leaf, &chain[1..], trusted_roots, now)
        .map(|_| ())
        .map_err(|detail| Error::ChainUntrusted { detail })
}
