//! A demo certification authority, generated on a first run so that results can be signed and
//! verified before an agency has its real certificate. Everything it issues says DEMO in the
//! subject's organisation: it is not for real use, and no real verifier trusts it unless told to.

use std::time::{Duration, SystemTime};

use const_oid::db::rfc4519;
use der::asn1::{PrintableStringRef, Utf8StringRef};
use der::{Any, Decode, DecodePem, Encode, EncodePem};
use p256::pkcs8::DecodePrivateKey as _;
use spki::{SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use time::OffsetDateTime;
use x509_cert::Certificate;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use crate::error::{Error, Result};
use crate::signer::PrivateKey;

/// The demo root's common name.
pub const DEMO_ROOT_COMMON_NAME: &str = "motcua demo CA";
/// The organisation of everything the demo CA issues: says it is a demo.
pub const DEMO_ORGANISATION: &str = "motcua DEMO - not for real use";

const ROOT_LIFETIME: Duration = Duration::from_secs(20 * 365 * 24 * 3600);
const AGENCY_LIFETIME: Duration = Duration::from_secs(3 * 365 * 24 * 3600);
/// Certificates start an hour early, so a clock slightly behind does not reject them.
const BACKDATE: Duration = Duration::from_secs(3600);

/// The agency a signing certificate is issued to.
#[derive(Debug, Clone, Copy)]
pub struct Agency<'a> {
    /// The agency's name, the certificate's CN (e.g. "UBND xã Hòa Bình").
    pub name: &'a str,
    /// The agency's code (e.g. the code in the national list of agencies), put in O.
    pub code: &'a str,
}

/// A certificate issued to an agency, as PEM for the data folder.
#[derive(Debug, Clone)]
pub struct IssuedCertificate {
    /// The agency's certificate.
    pub certificate_pem: String,
    /// The agency's private key (PKCS#8), when the CA generated it.
    pub key_pem: Option<String>,
    /// The agency's certificate followed by the demo root: what a signer embeds.
    pub chain_pem: String,
}

/// The demo root CA: its certificate and its P-256 key.
pub struct DemoCa {
    certificate: Certificate,
    key: p256::ecdsa::SigningKey,
}

impl std::fmt::Debug for DemoCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoCa")
            .field("subject", &self.certificate.tbs_certificate().subject().to_string())
            .finish_non_exhaustive()
    }
}

impl DemoCa {
    /// Generate a new demo root, valid from `now` (less an hour) for twenty years.
    pub fn generate(now: OffsetDateTime) -> Result<Self> {
        let key = crate::signer::new_p256_key();
        let subject = name(&[
            (rfc4519::C, "VN"),
            (rfc4519::O, DEMO_ORGANISATION),
            (rfc4519::CN, DEMO_ROOT_COMMON_NAME),
        ])?;
        let public =
            SubjectPublicKeyInfoOwned::from_key(key.verifying_key()).map_err(|e| Error::SignerFailed(e.to_string()))?;
        let profile = Profile {
            subject: subject.clone(),
            issuer: subject,
            ca: true,
        };
        let certificate = build(profile, public, now, ROOT_LIFETIME, &key)?;
        Ok(Self { certificate, key })
    }

    /// Load a demo root saved earlier with [`Self::certificate_pem`] and [`Self::key_pem`].
    pub fn from_pem(certificate_pem: &str, key_pem: &str) -> Result<Self> {
        let certificate = Certificate::from_pem(certificate_pem)?;
        let key = p256::ecdsa::SigningKey::from_pkcs8_pem(key_pem).map_err(|e| Error::CredentialUnreadable {
            part: crate::CredentialPart::Key,
            detail: format!("demo CA key: {e}"),
        })?;
        if !PrivateKey::EcdsaP256(key.clone()).matches(certificate.tbs_certificate().subject_public_key_info()) {
            return Err(Error::KeyCertificateMismatch);
        }
        Ok(Self { certificate, key })
    }

    /// The root certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The root certificate as PEM (what verifiers are told to trust).
    pub fn certificate_pem(&self) -> Result<String> {
        Ok(self.certificate.to_pem(der::pem::LineEnding::LF)?)
    }

    /// The root key as PKCS#8 PEM.
    pub fn key_pem(&self) -> Result<String> {
        PrivateKey::EcdsaP256(self.key.clone()).to_pkcs8_pem()
    }

    /// Issue a signing certificate, with a new P-256 key, to `agency`.
    pub fn issue(&self, agency: Agency<'_>, now: OffsetDateTime) -> Result<IssuedCertificate> {
        let key = PrivateKey::generate_p256();
        let mut issued = self.issue_for_key(agency, &key, now)?;
        issued.key_pem = Some(key.to_pkcs8_pem()?);
        Ok(issued)
    }

    /// Issue a signing certificate to `agency` for an existing key (RSA or P-256).
    pub fn issue_for_key(
        &self,
        agency: Agency<'_>,
        key: &PrivateKey,
        now: OffsetDateTime,
    ) -> Result<IssuedCertificate> {
        let subject = name(&[
            (rfc4519::C, "VN"),
            (rfc4519::O, &format!("{} ({DEMO_ORGANISATION})", agency.code)),
            (rfc4519::CN, agency.name),
        ])?;
        let profile = Profile {
            subject,
            issuer: self.certificate.tbs_certificate().subject().clone(),
            ca: false,
        };
        let certificate = build(profile, key.public_key_info()?, now, AGENCY_LIFETIME, &self.key)?;
        let certificate_pem = certificate.to_pem(der::pem::LineEnding::LF)?;
        Ok(IssuedCertificate {
            chain_pem: format!("{certificate_pem}{}", self.certificate_pem()?),
            certificate_pem,
            key_pem: None,
        })
    }
}

/// A name from `(attribute, value)` pairs, most significant first; C is a PrintableString,
/// the rest UTF8String (Vietnamese names need it).
fn name(parts: &[(const_oid::ObjectIdentifier, &str)]) -> Result<Name> {
    let mut sequence = RdnSequence::default();
    for &(oid, value) in parts {
        let value = if oid == rfc4519::C {
            Any::encode_from(&PrintableStringRef::new(value)?)?
        } else {
            Any::encode_from(&Utf8StringRef::new(value)?)?
        };
        let mut rdn = RelativeDistinguishedName::default();
        rdn.insert(AttributeTypeAndValue { oid, value })?;
        sequence.push(rdn);
    }
    Ok(Name::from_der(&sequence.to_der()?)?)
}

fn build(
    profile: Profile,
    public: SubjectPublicKeyInfoOwned,
    now: OffsetDateTime,
    lifetime: Duration,
    issuer_key: &p256::ecdsa::SigningKey,
) -> Result<Certificate> {
    let start = SystemTime::from(now)
        .checked_sub(BACKDATE)
        .ok_or_else(|| Error::SignerFailed("time out of range".into()))?;
    let end = start
        .checked_add(lifetime)
        .ok_or_else(|| Error::SignerFailed("time out of range".into()))?;
    let validity = Validity::new(Time::try_from(start)?, Time::try_from(end)?);
    let builder = CertificateBuilder::new(profile, random_serial()?, validity, public)
        .map_err(|e| Error::SignerFailed(format!("certificate builder: {e}")))?;
    builder
        .build::<_, p256::ecdsa::DerSignature>(issuer_key)
        .map_err(|e| Error::SignerFailed(format!("certificate signing: {e}")))
}

fn random_serial() -> Result<SerialNumber> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::SignerFailed(format!("random source: {e}")))?;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    Ok(SerialNumber::new(&bytes)?)
}

/// The demo profile: a root CA, or an end-entity signing certificate with key usage
/// digitalSignature + nonRepudiation.
struct Profile {
    subject: Name,
    issuer: Name,
    ca: bool,
}

impl BuilderProfile for Profile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let subject = tbs.subject();
        let mut extensions = Vec::new();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        let aki = SubjectKeyIdentifier::try_from(issuer_spk)?;
        extensions.push(
            AuthorityKeyIdentifier {
                key_identifier: Some(aki.0),
                ..Default::default()
            }
            .to_extension(subject, &extensions)?,
        );
        extensions.push(
            (
                true,
                &BasicConstraints {
                    ca: self.ca,
                    path_len_constraint: self.ca.then_some(0),
                },
            )
                .to_extension(subject, &extensions)?,
        );
        let usage = if self.ca {
            KeyUsages::KeyCertSign | KeyUsages::CRLSign
        } else {
            KeyUsages::DigitalSignature | KeyUsages::NonRepudiation
        };
        extensions.push((true, &KeyUsage(usage)).to_extension(subject, &extensions)?);
        extensions.push(ski.to_extension(subject, &extensions)?);
        Ok(extensions)
    }
}
