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
//! - [`add_verification_mark`]: the public page's QR code on a result made elsewhere.
//!
//! # Design notes
//!
//! - **PDF**: lopdf reads the PDF (classic or cross-reference-stream files, object streams)
//!   and its `IncrementalDocument` writes the update: the original bytes unchanged, then the
//!   new signature dictionary, widget, page and form objects and a cross-reference section of
//!   the original's kind with `/Prev`. lopdf knows nothing of a signature's byte range, so the
//!   signature dictionary is written with a fixed-width dummy `/ByteRange` and a zero
//!   `/Contents`, which are then found in the appended bytes and overwritten in place, byte for
//!   byte, so every offset lopdf wrote stays right. No PDF syntax is written by hand.
//! - **ASN.1**: all through RustCrypto's `der` 0.8, `x509-cert` 0.3 and `cms` types; nothing is
//!   hand-encoded. `cms` is pinned to `=0.3.0-pre.1`, the pre-release `p12-keystore` (through
//!   `pkcs12`) pins, so one copy of the stack is built. The ESS signing-certificate-v2 and the
//!   RFC 3161 structures are declared with `der`'s derive macros: `cms` lacks the former, and
//!   `x509-tsp` 0.1 is built on the older der 0.7 / cms 0.2 family.
//! - **Signer**: synchronous, see [`Signer`]; the browser-token case is [`prepare`] /
//!   [`finish`].
//! - **Not done**: PAdES B-LT/B-LTA (DSS with OCSP/CRL, document time-stamps), revocation
//!   checking in [`verify()`], a visible signature appearance.

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
pub use pdf::stamp::add_verification_mark;
pub use sign::{
    DEFAULT_RESERVED_BYTES, MAX_RESERVED_BYTES, PreparedSignature, SignOptions, finish, finish_with_timestamp, prepare,
    sign_pdf, sign_pdf_with_timestamp,
};
pub use signer::{PrivateKey, ServerKeySigner, Signer};
pub use tsp::TimestampClient;
pub use verify::{DocumentReport, Integrity, SignatureReport, TimestampReport, verify, verify_at};
pub use x509_cert::Certificate;
