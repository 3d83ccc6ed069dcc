//! Signing a PDF: in one call with a [`Signer`], or in two steps ([`prepare`] then
//! [`finish`]) for a signer elsewhere — a leader's USB token driven from the browser.

use der::{Decode, Encode};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use x509_cert::Certificate;

use crate::algorithm::{SignatureAlgorithm, VerifyFailure, sha256, verify_signature};
use crate::error::{Error, Result};
use crate::pdf::placeholder::PdfWithPlaceholder;
use crate::pdf::prepare::{SignatureFields, append_signature_field};
use crate::signed_data::build;
use crate::signer::Signer;
use crate::tsp::TimestampClient;

/// Bytes reserved for the CMS in `/Contents` unless told otherwise: room for a chain of four
/// RSA-4096 certificates and a time-stamp token with its own chain.
pub const DEFAULT_RESERVED_BYTES: usize = 24 * 1024;

/// The most that may be reserved (a CMS with long chains and a time-stamp stays far below).
pub const MAX_RESERVED_BYTES: usize = 1024 * 1024;

/// What the signature dictionary says besides the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOptions {
    /// The signing time written as `/M` (PAdES puts the claimed time here, not in the CMS).
    pub signing_time: OffsetDateTime,
    /// `/Reason`, e.g. "Ký số kết quả giải quyết hồ sơ H01.23-240101-0001".
    pub reason: Option<String>,
    /// `/Location`, e.g. the agency's place.
    pub location: Option<String>,
    /// `/Name`, the signer's name as shown by viewers.
    pub signer_name: Option<String>,
    /// `/ContactInfo`.
    pub contact_info: Option<String>,
    /// The form field's name; `Signature1`, `Signature2`… by default.
    pub field_name: Option<String>,
    /// Bytes reserved for the CMS; [`DEFAULT_RESERVED_BYTES`] by default.
    pub reserved_bytes: usize,
}

impl SignOptions {
    /// Options with only the signing time set.
    pub fn at(signing_time: OffsetDateTime) -> Self {
        Self {
            signing_time,
            reason: None,
            location: None,
            signer_name: None,
            contact_info: None,
            field_name: None,
            reserved_bytes: DEFAULT_RESERVED_BYTES,
        }
    }

    fn fields(&self) -> SignatureFields<'_> {
        SignatureFields {
            field_name: self.field_name.as_deref(),
            signing_time: self.signing_time,
            reason: self.reason.as_deref(),
            location: self.location.as_deref(),
            signer_name: self.signer_name.as_deref(),
            contact_info: self.contact_info.as_deref(),
            reserved_bytes: self.reserved_bytes,
        }
    }
}

/// A PDF with its signature field in place, waiting for a signature over
/// [`PreparedSignature::to_be_signed`].
///
/// Keep it on the server (serialise it into the session or the database) while the browser's
/// token signs; never send it to the browser and back: [`finish`] trusts its certificate chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparedSignature {
    pdf: Vec<u8>,
    byte_range: [usize; 4],
    signed_attributes: Vec<u8>,
    certificate_chain: Vec<Vec<u8>>,
    algorithm: SignatureAlgorithm,
}

impl PreparedSignature {
    /// The exact bytes to sign (DER of the CMS signed attributes). A signer that hashes
    /// itself (PKCS#11 `CKM_SHA256_RSA_PKCS`, WebCrypto) signs these.
    pub fn to_be_signed(&self) -> &[u8] {
        &self.signed_attributes
    }

    /// SHA-256 of [`Self::to_be_signed`], for a signer that takes a pre-computed hash
    /// (PKCS#11 `CKM_RSA_PKCS` over a DigestInfo, `CKM_ECDSA`, most token plug-ins).
    pub fn digest_to_sign(&self) -> [u8; 32] {
        sha256(&self.signed_attributes)
    }

    /// Which signature is expected back (from the certificate's key).
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }
}

/// Step one of a deferred signature: add the signature field to `pdf` for the signer whose
/// certificate is `chain[0]` (its issuers follow) and compute what must be signed.
///
/// A chain read from a USB token is not trusted yet: check it first with
/// [`crate::credentials::check_signing_certificate`] (validity, key usage, trusted root).
pub fn prepare(pdf: &[u8], chain: &[Certificate], options: &SignOptions) -> Result<PreparedSignature> {
    let signer = chain
        .first()
        .ok_or_else(|| Error::PreparedStateInvalid("no signing certificate was given".into()))?;
    let algorithm = SignatureAlgorithm::for_public_key(signer.tbs_certificate().subject_public_key_info())?;
    let prepared_pdf = append_signature_field(pdf, &options.fields())?;
    let content_digest = sha256_of_parts(&prepared_pdf.signed_parts());
    let attributes = build::signed_attributes(&content_digest, signer)?;
    let certificate_chain = chain
        .iter()
        .map(|certificate| certificate.to_der())
        .collect::<Result<_, _>>()?;
    Ok(PreparedSignature {
        signed_attributes: build::to_be_signed(&attributes)?,
        pdf: prepared_pdf.bytes,
        byte_range: prepared_pdf.byte_range,
        certificate_chain,
        algorithm,
    })
}

/// Step two: embed `signature` (over [`PreparedSignature::to_be_signed`]) and return the
/// signed PDF (PAdES B-B). An ECDSA signature may come as DER or as raw `r‖s` (WebCrypto).
/// The signature is verified against the certificate first.
pub fn finish(prepared: PreparedSignature, signature: &[u8]) -> Result<Vec<u8>> {
    let checked = check_returned_signature(prepared, signature)?;
    checked.embed(None)
}

/// Step two with a signature time-stamp from `tsa` (PAdES B-T).
pub async fn finish_with_timestamp(
    prepared: PreparedSignature,
    signature: &[u8],
    tsa: &TimestampClient,
) -> Result<Vec<u8>> {
    let checked = check_returned_signature(prepared, signature)?;
    let token = tsa.timestamp(&checked.signature).await?;
    checked.embed(Some(build::timestamp_attribute(&token)?))
}

/// Sign `pdf` with `signer` in one call (PAdES B-B).
pub fn sign_pdf(pdf: &[u8], signer: &dyn Signer, options: &SignOptions) -> Result<Vec<u8>> {
    let prepared = prepare(pdf, signer.certificate_chain(), options)?;
    let signature = signer.sign(prepared.to_be_signed())?;
    finish(prepared, &signature)
}

/// Sign `pdf` with `signer` and add a signature time-stamp from `tsa` (PAdES B-T).
pub async fn sign_pdf_with_timestamp(
    pdf: &[u8],
    signer: &dyn Signer,
    options: &SignOptions,
    tsa: &TimestampClient,
) -> Result<Vec<u8>> {
    let prepared = prepare(pdf, signer.certificate_chain(), options)?;
    let signature = signer.sign(prepared.to_be_signed())?;
    finish_with_timestamp(prepared, &signature, tsa).await
}

/// A prepared document and a signature that verifies with its certificate.
struct CheckedSignature {
    pdf: PdfWithPlaceholder,
    chain: Vec<Certificate>,
    signed_attributes: Vec<u8>,
    algorithm: SignatureAlgorithm,
    signature: Vec<u8>,
}

impl CheckedSignature {
    fn embed(self, unsigned: Option<cms::signed_data::UnsignedAttributes>) -> Result<Vec<u8>> {
        let attributes = build::signed_attributes_from_der(&self.signed_attributes)?;
        let cms = build::assemble(&self.chain, attributes, self.algorithm, &self.signature, unsigned)?;
        self.pdf.embed(&cms)
    }
}

fn check_returned_signature(prepared: PreparedSignature, signature: &[u8]) -> Result<CheckedSignature> {
    let chain = prepared
        .certificate_chain
        .iter()
        .map(|der| Certificate::from_der(der))
        .collect::<Result<Vec<_>, _>>()?;
    let signer = chain
        .first()
        .ok_or_else(|| Error::PreparedStateInvalid("no signing certificate".into()))?;
    let pdf = PdfWithPlaceholder::new(prepared.pdf, prepared.byte_range)?;
    // The signed attributes must still describe this very document.
    let attributes = build::signed_attributes_from_der(&prepared.signed_attributes)?;
    let expected = build::signed_attributes(&sha256_of_parts(&pdf.signed_parts()), signer)?;
    if attributes != expected {
        return Err(Error::PreparedStateInvalid(
            "the document or certificate changed since it was prepared".into(),
        ));
    }
    let signature = normalise_signature(prepared.algorithm, signature);
    let spki = signer.tbs_certificate().subject_public_key_info();
    match verify_signature(
        spki,
        prepared.algorithm.identifier().oid,
        None,
        &prepared.signed_attributes,
        &signature,
    ) {
        Ok(()) => {}
        Err(VerifyFailure::Invalid) => return Err(Error::SignatureRejected),
        Err(VerifyFailure::Unsupported(what)) => return Err(Error::UnsupportedAlgorithm(what)),
    }
    Ok(CheckedSignature {
        pdf,
        chain,
        signed_attributes: prepared.signed_attributes,
        algorithm: prepared.algorithm,
        signature,
    })
}

/// ECDSA signatures from WebCrypto and many tokens are raw `r‖s`; CMS wants DER.
fn normalise_signature(algorithm: SignatureAlgorithm, signature: &[u8]) -> Vec<u8> {
    if algorithm == SignatureAlgorithm::EcdsaP256Sha256
        && signature.len() == 64
        && let Ok(raw) = p256::ecdsa::Signature::from_slice(signature)
    {
        return raw.to_der().as_bytes().to_vec();
    }
    signature.to_vec()
}

fn sha256_of_parts(parts: &[&[u8]; 2]) -> [u8; 32] {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}
