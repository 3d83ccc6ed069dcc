//! Building the CMS `SignedData` of a PAdES baseline signature from typed `cms` structures.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
    UnsignedAttributes,
};
use const_oid::db::{rfc3161, rfc5911};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;

use super::ess::{EssCertIdV2, IssuerSerial, SigningCertificateV2};
use crate::algorithm::{SignatureAlgorithm, sha256, sha256_identifier};
use crate::error::{Error, Result};

/// An attribute with one value.
fn attribute(oid: const_oid::ObjectIdentifier, value: Any) -> Result<Attribute> {
    let mut values = SetOfVec::new();
    values.insert(value)?;
    Ok(Attribute { oid, values })
}

/// The signed attributes of PAdES B-B: content-type (id-data), message-digest (SHA-256 of the
/// signed byte ranges) and ESS signing-certificate-v2. PAdES forbids the CMS signing-time
/// attribute: the time is the PDF's `/M` (and, in B-T, the time-stamp).
pub(crate) fn signed_attributes(
    content_digest: &[u8; 32],
    signing_certificate: &Certificate,
) -> Result<SignedAttributes> {
    let content_type = attribute(rfc5911::ID_CONTENT_TYPE, Any::encode_from(&rfc5911::ID_DATA)?)?;
    let message_digest = attribute(
        rfc5911::ID_MESSAGE_DIGEST,
        Any::encode_from(&OctetString::new(content_digest.to_vec())?)?,
    )?;
    let tbs = signing_certificate.tbs_certificate();
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: OctetString::new(sha256(&signing_certificate.to_der()?).to_vec())?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            }),
        }],
    };
    let signing_certificate = attribute(rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2, Any::encode_from(&ess)?)?;
    let mut attributes = SetOfVec::new();
    attributes.insert(content_type)?;
    attributes.insert(message_digest)?;
    attributes.insert(signing_certificate)?;
    Ok(attributes)
}

/// The bytes a signer signs: the DER of the signed attributes as a `SET OF` (RFC 5652 §5.4).
pub(crate) fn to_be_signed(attributes: &SignedAttributes) -> Result<Vec<u8>> {
    Ok(attributes.to_der()?)
}

/// Read back signed attributes from the bytes that were signed.
pub(crate) fn signed_attributes_from_der(der: &[u8]) -> Result<SignedAttributes> {
    Ok(SignedAttributes::from_der(der)?)
}

/// The unsigned attributes holding an RFC 3161 `TimeStampToken` over the signature value.
pub(crate) fn timestamp_attribute(token: &ContentInfo) -> Result<UnsignedAttributes> {
    let mut attributes = SetOfVec::new();
    attributes.insert(attribute(rfc3161::ID_AA_TIME_STAMP_TOKEN, Any::encode_from(token)?)?)?;
    Ok(attributes)
}

/// The complete `ContentInfo` (DER) of a detached `SignedData` with one signer.
pub(crate) fn assemble(
    chain: &[Certificate],
    signed_attributes: SignedAttributes,
    algorithm: SignatureAlgorithm,
    signature: &[u8],
    unsigned_attributes: Option<UnsignedAttributes>,
) -> Result<Vec<u8>> {
    let signer = chain
        .first()
        .ok_or_else(|| Error::PreparedStateInvalid("no signing certificate".into()))?;
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: signer.tbs_certificate().issuer().clone(),
            serial_number: signer.tbs_certificate().serial_number().clone(),
        }),
        digest_alg: sha256_identifier(),
        signed_attrs: Some(signed_attributes),
        signature_algorithm: algorithm.identifier(),
        signature: OctetString::new(signature.to_vec())?,
        unsigned_attrs: unsigned_attributes,
    };
    let mut certificates = SetOfVec::new();
    for certificate in chain {
        let choice = CertificateChoices::Certificate(certificate.clone());
        if !certificates.as_slice().contains(&choice) {
            certificates.insert(choice)?;
        }
    }
    let mut digest_algorithms = SetOfVec::new();
    digest_algorithms.insert(sha256_identifier())?;
    let mut signer_infos = SetOfVec::new();
    signer_infos.insert(signer_info)?;
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: rfc5911::ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(certificates)),
        crls: None,
        signer_infos: SignerInfos(signer_infos),
    };
    let content_info = ContentInfo {
        content_type: rfc5911::ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data)?,
    };
    Ok(content_info.to_der()?)
}
