//! PAdES baseline signatures (B-B, and B-T with an RFC 3161 time-stamp authority) on the
//! electronic results of dossiers, with the agency's X.509 certificate, and their
//! verification for the public result page.
//!
//! - [`sign_pdf`] / [`sign_pdf_with_timestamp`]: one call with a [`Signer`] (a key held by the
//!   server, [`ServerKeySigner`]).
//! - [`prepare`] then [`finish`] / [`finish_with_timestamp`]: for a leader's USB token in
//!   the browser — the server prepares, the token signs [`PreparedSignature::to_be_signed`]
//!   (or its digest), the server finishes.
//! - [`credentials`]: keys and certificates from configuration (PEM, PKCS#12), checked at load.
//! - [`demo_ca`]: a clearly marked demo CA and agency certificates for first runs and tests.
//! - [`verify()`]: what the public page shows about each signature of a PDF.
//!
//! The signature is an incremental update (the original bytes are kept unchanged, then the
//! new objects follow): see `pdf::prepare` for why lopdf's `IncrementalDocument` is used with
//! fixed-width placeholders. All ASN.1 goes through RustCrypto's `der`, `x509-cert` and `cms`
//! types; nothing is hand-encoded.

mod algorithm;
mod chain;
pub mod credentials;
pub mod demo_ca;
mod error;
mod pdf;
mod sign;
mod signed_data;
mod signer;
mod tsp;
mod verify;

pub use algorithm::SignatureAlgorithm;
pub use error::{CredentialPart, Error, Result};
pub use sign::{
    DEFAULT_RESERVED_BYTES, MAX_RESERVED_BYTES, PreparedSignature, SignOptions, finish, finish_with_timestamp, prepare,
    sign_pdf, sign_pdf_with_timestamp,
};
pub use signer::{PrivateKey, ServerKeySigner, Signer};
pub use tsp::TimestampClient;
pub use verify::{DocumentReport, Integrity, SignatureReport, TimestampReport, verify, verify_at};
pub use x509_cert::Certificate;
