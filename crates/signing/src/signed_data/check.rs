//! Checking a CMS `SignedData`: the message digest, the signer's signature over the signed
//! attributes, the ESS signing-certificate binding. Used for PDF signatures (detached content)
//! and for RFC 3161 time-stamp tokens (encapsulated `TSTInfo`).

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use const_oid::db::{rfc3161, rfc5911};
use der::asn1::OctetString;
use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;

use super::ess::SigningCertificateV2;
use crate::algorithm::{DigestAlgorithm, VerifyFailure, sha256, verify_signature};

/// What the signed content is.
pub(crate) enum Content<'a> {
    /// Detached: the content is these byte ranges, concatenated (a PDF's `/ByteRange`).
    Detached(&'a [&'a [u8]]),
    /// Encapsulated in the `SignedData` itself (a time-stamp token's `TSTInfo`).
    Encapsulated,
}

/// The outcome of checking one `SignedData`.
#[derive(Debug, Default)]
pub(crate) struct CheckedSignedData {
    /// The certificate that signed, if it was found among the embedded certificates.
    pub signer: Option<Certificate>,
    /// All embedded certificates.
    pub certificates: Vec<Certificate>,
    /// The message-digest attribute equals the digest of the content.
    pub digest_matches: bool,
    /// The signature over the signed attributes verifies with the signer's key.
    pub signature_verifies: bool,
    /// The signature value (what a signature time-stamp covers).
    pub signature_value: Vec<u8>,
    /// The signature time-stamp token (unsigned attribute), if any.
    pub timestamp_token: Option<ContentInfo>,
    /// The encapsulated content, if any.
    pub encapsulated: Option<Vec<u8>>,
    /// Human-readable problems found on the way (English, for logs and the report).
    pub problems: Vec<String>,
}

impl CheckedSignedData {
    /// Digest and signature both good.
    pub(crate) fn is_valid(&self) -> bool {
        self.digest_matches && self.signature_verifies && self.signer.is_some()
    }
}

/// Read a `ContentInfo` from the start of `bytes`, ignoring what follows (a PDF's `/Contents`
/// is zero-padded after the DER).
pub(crate) fn content_info_prefix(bytes: &[u8]) -> Result<ContentInfo, String> {
    ContentInfo::from_der_partial(bytes)
        .map(|(content_info, _rest)| content_info)
        .map_err(|e| format!("the signature is not a CMS structure: {e}"))
}

/// Check `content_info` (which must hold a `SignedData` with one signer) against `content`.
pub(crate) fn check(content_info: &ContentInfo, content: Content<'_>) -> CheckedSignedData {
    let mut out = CheckedSignedData::default();
    if content_info.content_type != rfc5911::ID_SIGNED_DATA {
        out.problems.push("the CMS structure is not SignedData".into());
        return out;
    }
    let signed_data: SignedData = match content_info.content.decode_as() {
        Ok(signed_data) => signed_data,
        Err(e) => {
            out.problems.push(format!("the SignedData cannot be decoded: {e}"));
            return out;
        }
    };
    out.certificates = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            cms::cert::CertificateChoices::Certificate(certificate) => Some(certificate.clone()),
            cms::cert::CertificateChoices::Other(_) => None,
        })
        .collect();
    let signer_infos = signed_data.signer_infos.0.as_slice();
    let Some(signer_info) = signer_infos.first() else {
        out.problems.push("the SignedData has no signer".into());
        return out;
    };
    if signer_infos.len() > 1 {
        out.problems
            .push("the SignedData has more than one signer; the first is checked".into());
    }
    out.signature_value = signer_info.signature.as_bytes().to_vec();
    out.signer = out
        .certificates
        .iter()
        .find(|certificate| identifies(&signer_info.sid, certificate))
        .cloned();
    if out.signer.is_none() {
        out.problems
            .push("the signer's certificate is not embedded in the signature".into());
    }
    out.timestamp_token = signer_info
        .unsigned_attrs
        .iter()
        .flat_map(|attributes| attributes.iter())
        .find(|attribute| attribute.oid == rfc3161::ID_AA_TIME_STAMP_TOKEN)
        .and_then(|attribute| attribute.values.iter().next())
        .and_then(|value| value.decode_as::<ContentInfo>().ok());

    let Some(digest_algorithm) = DigestAlgorithm::from_oid(signer_info.digest_alg.oid) else {
        out.problems
            .push(format!("unsupported digest algorithm {}", signer_info.digest_alg.oid));
        return out;
    };
    let pades = matches!(content, Content::Detached(_));
    let content_digest = match content {
        Content::Detached(parts) => digest_algorithm.digest(parts),
        Content::Encapsulated => {
            let econtent = signed_data
                .encap_content_info
                .econtent
                .as_ref()
                .and_then(|any| any.decode_as::<OctetString>().ok());
            let Some(econtent) = econtent else {
                out.problems.push("the SignedData encapsulates no content".into());
                return out;
            };
            out.encapsulated = Some(econtent.as_bytes().to_vec());
            digest_algorithm.digest(&[econtent.as_bytes()])
        }
    };
    let Some(signed_attributes) = signer_info.signed_attrs.as_ref() else {
        out.problems.push("the signature has no signed attributes".into());
        return out;
    };
    let single_value = |oid| {
        signed_attributes
            .iter()
            .find(|attribute| attribute.oid == oid)
            .and_then(|attribute| attribute.values.iter().next())
    };
    let message_digest = single_value(rfc5911::ID_MESSAGE_DIGEST).and_then(|v| v.decode_as::<OctetString>().ok());
    out.digest_matches = message_digest.is_some_and(|digest| digest.as_bytes() == content_digest.as_slice());
    if !out.digest_matches {
        out.problems
            .push("the signed content was changed (message digest mismatch)".into());
    }
    let content_type =
        single_value(rfc5911::ID_CONTENT_TYPE).and_then(|v| v.decode_as::<const_oid::ObjectIdentifier>().ok());
    if content_type != Some(signed_data.encap_content_info.econtent_type) {
        out.problems
            .push("the content-type attribute is missing or wrong".into());
    }
    if let Some(signer) = out.signer.as_ref() {
        let ess = single_value(rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2);
        // PAdES requires the attribute; a time-stamp token may carry the SHA-1 version instead.
        if ess.is_some() || pades {
            check_ess_binding(ess, signer, &mut out.problems);
        }
        let to_be_signed = match signed_attributes.to_der() {
            Ok(der) => der,
            Err(e) => {
                out.problems
                    .push(format!("the signed attributes cannot be encoded: {e}"));
                return out;
            }
        };
        match verify_signature(
            signer.tbs_certificate().subject_public_key_info(),
            signer_info.signature_algorithm.oid,
            Some(signer_info.digest_alg.oid),
            &to_be_signed,
            signer_info.signature.as_bytes(),
        ) {
            Ok(()) => out.signature_verifies = true,
            Err(VerifyFailure::Invalid) => {
                out.problems.push("the cryptographic signature is invalid".into());
            }
            Err(VerifyFailure::Unsupported(what)) => {
                out.problems.push(format!("cannot verify: unsupported {what}"));
            }
        }
    }
    out
}

/// The ESS signing-certificate-v2 attribute, when present, must name the signer's certificate.
fn check_ess_binding(value: Option<&der::Any>, signer: &Certificate, problems: &mut Vec<String>) {
    let Some(value) = value else {
        problems.push("no ESS signing-certificate-v2 attribute (required by PAdES)".into());
        return;
    };
    let bound = value.decode_as::<SigningCertificateV2>().ok().and_then(|ess| {
        let first = ess.certs.into_iter().next()?;
        let sha256_default = first
            .hash_algorithm
            .as_ref()
            .is_none_or(|a| a.oid == const_oid::db::rfc5912::ID_SHA_256);
        let der = signer.to_der().ok()?;
        Some(if sha256_default {
            first.cert_hash.as_bytes() == sha256(&der)
        } else {
            let algorithm = DigestAlgorithm::from_oid(first.hash_algorithm?.oid)?;
            first.cert_hash.as_bytes() == algorithm.digest(&[&der]).as_slice()
        })
    });
    if bound != Some(true) {
        problems.push("the ESS signing-certificate-v2 attribute does not match the signer".into());
    }
}

fn identifies(sid: &SignerIdentifier, certificate: &Certificate) -> bool {
    let tbs = certificate.tbs_certificate();
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            &isn.issuer == tbs.issuer() && &isn.serial_number == tbs.serial_number()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            matches!(tbs.get_extension::<SubjectKeyIdentifier>(), Ok(Some((_, own))) if &own == ski)
        }
    }
}
