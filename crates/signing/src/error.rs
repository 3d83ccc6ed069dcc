//! The one error type of this crate, with stable codes.

use std::fmt;

/// Which configured item a credential error is about, so that the application can name the
/// setting it read that item from ("the server refuses to start: setting `signing.key_file`: …").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialPart {
    /// The private key (PEM, PKCS#8 or PKCS#1 or SEC1).
    Key,
    /// The signing certificate and the chain above it (PEM).
    Certificates,
    /// The PKCS#12 (.p12 / .pfx) file holding key and certificates.
    Pkcs12,
    /// The trusted root certificates (PEM).
    TrustedRoots,
}

impl fmt::Display for CredentialPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CredentialPart::Key => "private key",
            CredentialPart::Certificates => "certificate chain",
            CredentialPart::Pkcs12 => "PKCS#12 file",
            CredentialPart::TrustedRoots => "trusted roots",
        })
    }
}

/// Everything that can go wrong while loading credentials, signing or time-stamping.
///
/// Verification of a signed PDF does not fail with these: it reports what it found
/// (see [`crate::verify`]); only an unreadable PDF is an error there.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The PDF could not be parsed.
    #[error("the PDF could not be read: {0}")]
    PdfUnreadable(String),
    /// The PDF is encrypted; results are never encrypted, so this is refused.
    #[error("the PDF is encrypted; encrypted PDFs are not signed")]
    PdfEncrypted,
    /// The PDF has a structure this crate does not sign (no pages, a repaired cross-reference).
    #[error("the PDF cannot be signed: {0}")]
    PdfUnsupported(String),
    /// The CMS signature does not fit the space reserved for `/Contents`.
    #[error("the signature needs {needed} bytes but only {reserved} were reserved")]
    SignatureTooLarge {
        /// Bytes the DER-encoded CMS needs.
        needed: usize,
        /// Bytes reserved in the PDF.
        reserved: usize,
    },
    /// The key or certificate uses an algorithm this crate does not sign or verify with.
    #[error("unsupported key or algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// A signer (server key, HSM, token) failed to produce a signature.
    #[error("the signer failed: {0}")]
    SignerFailed(String),
    /// A signature returned for a prepared document does not verify with its certificate.
    #[error("the returned signature does not verify with the signing certificate")]
    SignatureRejected,
    /// A prepared (deferred) signature state is inconsistent (corrupted or from another document).
    #[error("the prepared signature state is inconsistent: {0}")]
    PreparedStateInvalid(String),
    /// DER encoding or decoding of a CMS or X.509 structure failed.
    #[error("ASN.1 encoding failed: {0}")]
    Asn1(#[from] der::Error),
    /// The time-stamp authority could not be reached or answered with an HTTP error.
    #[error("the time-stamp authority could not be reached: {0}")]
    TimestampUnreachable(String),
    /// The time-stamp authority answered, but not with a usable token.
    #[error("the time-stamp authority refused or answered badly: {0}")]
    TimestampRejected(String),
    /// A configured credential could not be read (bad PEM, wrong password, no key in it…).
    #[error("{part}: cannot be read: {detail}")]
    CredentialUnreadable {
        /// Which item.
        part: CredentialPart,
        /// What was wrong.
        detail: String,
    },
    /// The private key does not belong to the signing certificate.
    #[error("private key: it does not match the public key of the signing certificate")]
    KeyCertificateMismatch,
    /// The signing certificate is not valid yet.
    #[error("certificate chain: the signing certificate is not valid before {not_before}")]
    CertificateNotYetValid {
        /// Start of validity (RFC 3339).
        not_before: String,
    },
    /// The signing certificate has expired.
    #[error("certificate chain: the signing certificate expired at {not_after}")]
    CertificateExpired {
        /// End of validity (RFC 3339).
        not_after: String,
    },
    /// The signing certificate's key usage lacks digitalSignature or nonRepudiation.
    #[error(
        "certificate chain: the signing certificate's key usage must include \
         digitalSignature and nonRepudiation (contentCommitment); missing: {missing}"
    )]
    KeyUsageMissing {
        /// The missing usages, comma-separated.
        missing: String,
    },
    /// The signing certificate does not chain to a configured trusted root.
    #[error("certificate chain: does not lead to a trusted root: {detail}")]
    ChainUntrusted {
        /// Why (which issuer was not found or which link failed).
        detail: String,
    },
}

impl Error {
    /// A stable code for logs, API error bodies and translations.
    pub fn code(&self) -> &'static str {
        match self {
            Error::PdfUnreadable(_) => "signing.pdf_unreadable",
            Error::PdfEncrypted => "signing.pdf_encrypted",
            Error::PdfUnsupported(_) => "signing.pdf_unsupported",
            Error::SignatureTooLarge { .. } => "signing.signature_too_large",
            Error::UnsupportedAlgorithm(_) => "signing.unsupported_algorithm",
            Error::SignerFailed(_) => "signing.signer_failed",
            Error::SignatureRejected => "signing.signature_rejected",
            Error::PreparedStateInvalid(_) => "signing.prepared_state_invalid",
            Error::Asn1(_) => "signing.asn1",
            Error::TimestampUnreachable(_) => "signing.timestamp_unreachable",
            Error::TimestampRejected(_) => "signing.timestamp_rejected",
            Error::CredentialUnreadable { .. } => "signing.credential_unreadable",
            Error::KeyCertificateMismatch => "signing.key_certificate_mismatch",
            Error::CertificateNotYetValid { .. } => "signing.certificate_not_yet_valid",
            Error::CertificateExpired { .. } => "signing.certificate_expired",
            Error::KeyUsageMissing { .. } => "signing.key_usage_missing",
            Error::ChainUntrusted { .. } => "signing.chain_untrusted",
        }
    }

    /// For credential errors: which configured item is wrong, so the caller can name its setting.
    pub fn credential_part(&self) -> Option<CredentialPart> {
        match self {
            Error::CredentialUnreadable { part, .. } => Some(*part),
            Error::KeyCertificateMismatch => Some(CredentialPart::Key),
            Error::CertificateNotYetValid { .. } | Error::CertificateExpired { .. } | Error::KeyUsageMissing { .. } => {
                Some(CredentialPart::Certificates)
            }
            Error::ChainUntrusted { .. } => Some(CredentialPart::Certificates),
            _ => None,
        }
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<lopdf::Error> for Error {
    fn from(error: lopdf::Error) -> Self {
        Error::PdfUnreadable(error.to_string())
    }
}
