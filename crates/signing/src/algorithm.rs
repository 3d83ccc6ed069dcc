//! Digest and signature algorithms: which ones we sign with, which ones we verify.
//!
//! We sign with SHA-256 and either RSA PKCS#1 v1.5 or ECDSA P-256 (what Vietnamese CAs issue
//! and what every PAdES validator accepts). We verify RSA with SHA-256/384/512 and ECDSA P-256
//! with SHA-256/384/512, enough for the certificates of the Vietnamese national root and its CAs.

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5912;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use crate::error::{Error, Result};

/// A digest algorithm of the SHA-2 family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DigestAlgorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlgorithm {
    pub(crate) fn from_oid(oid: ObjectIdentifier) -> Option<Self> {
        match oid {
            rfc5912::ID_SHA_256 => Some(Self::Sha256),
            rfc5912::ID_SHA_384 => Some(Self::Sha384),
            rfc5912::ID_SHA_512 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The digest of the concatenation of `parts`.
    pub(crate) fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut hasher = D::new();
            for part in parts {
                hasher.update(part);
            }
            hasher.finalize().to_vec()
        }
        match self {
            Self::Sha256 => run::<sha2::Sha256>(parts),
            Self::Sha384 => run::<sha2::Sha384>(parts),
            Self::Sha512 => run::<sha2::Sha512>(parts),
        }
    }
}

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(data).into()
}

/// The algorithm identifier of SHA-256 (parameters absent, as RFC 5754 recommends).
pub(crate) fn sha256_identifier() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: rfc5912::ID_SHA_256,
        parameters: None,
    }
}

/// How a signature is made: the key type decides it, the digest is always SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignatureAlgorithm {
    /// RSA PKCS#1 v1.5 with SHA-256 (`sha256WithRSAEncryption`).
    RsaPkcs1Sha256,
    /// ECDSA on P-256 with SHA-256 (`ecdsa-with-SHA256`); the signature is DER `Ecdsa-Sig-Value`.
    EcdsaP256Sha256,
}

impl SignatureAlgorithm {
    /// The algorithm matching a certificate's public key.
    pub fn for_public_key(spki: &SubjectPublicKeyInfoOwned) -> Result<Self> {
        match spki.algorithm.oid {
            rfc5912::RSA_ENCRYPTION => Ok(Self::RsaPkcs1Sha256),
            rfc5912::ID_EC_PUBLIC_KEY => {
                let curve = spki
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
                if curve == Some(rfc5912::SECP_256_R_1) {
                    Ok(Self::EcdsaP256Sha256)
                } else {
                    Err(Error::UnsupportedAlgorithm(
                        "elliptic-curve keys other than P-256".into(),
                    ))
                }
            }
            other => Err(Error::UnsupportedAlgorithm(format!("public key type {other}"))),
        }
    }

    /// The `signatureAlgorithm` written into the CMS `SignerInfo`.
    pub(crate) fn identifier(self) -> AlgorithmIdentifierOwned {
        match self {
            Self::RsaPkcs1Sha256 => AlgorithmIdentifierOwned {
                oid: rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
                parameters: Some(der::asn1::Any::null()),
            },
            Self::EcdsaP256Sha256 => AlgorithmIdentifierOwned {
                oid: rfc5912::ECDSA_WITH_SHA_256,
                parameters: None,
            },
        }
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VerifyFailure {
    /// An algorithm or key we do not verify.
    Unsupported(String),
    /// The signature is wrong for this key and data.
    Invalid,
}

/// Verify `signature` over `message` with the public key `spki`, where `signature_algorithm`
/// is an X.509/CMS signature algorithm identifier; `digest_hint` is the CMS `digestAlgorithm`,
/// used when the signature algorithm is plain `rsaEncryption`.
pub(crate) fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    signature_algorithm: ObjectIdentifier,
    digest_hint: Option<ObjectIdentifier>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyFailure> {
    let hinted = || digest_hint.and_then(DigestAlgorithm::from_oid);
    let (is_rsa, digest) = match signature_algorithm {
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION => (true, Some(DigestAlgorithm::Sha256)),
        rfc5912::SHA_384_WITH_RSA_ENCRYPTION => (true, Some(DigestAlgorithm::Sha384)),
        rfc5912::SHA_512_WITH_RSA_ENCRYPTION => (true, Some(DigestAlgorithm::Sha512)),
        rfc5912::RSA_ENCRYPTION => (true, hinted()),
        rfc5912::ECDSA_WITH_SHA_256 => (false, Some(DigestAlgorithm::Sha256)),
        rfc5912::ECDSA_WITH_SHA_384 => (false, Some(DigestAlgorithm::Sha384)),
        rfc5912::ECDSA_WITH_SHA_512 => (false, Some(DigestAlgorithm::Sha512)),
        rfc5912::ID_EC_PUBLIC_KEY => (false, hinted()),
        other => {
            return Err(VerifyFailure::Unsupported(format!("signature algorithm {other}")));
        }
    };
    let digest = digest.ok_or_else(|| VerifyFailure::Unsupported("digest algorithm".to_string()))?;
    let hash = digest.digest(&[message]);
    if is_rsa {
        verify_rsa(spki, digest, &hash, signature)
    } else {
        verify_p256(spki, &hash, signature)
    }
}

fn verify_rsa(
    spki: &SubjectPublicKeyInfoOwned,
    digest: DigestAlgorithm,
    hash: &[u8],
    signature: &[u8],
) -> Result<(), VerifyFailure> {
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::pkcs8::DecodePublicKey;
    use rsa::signature::hazmat::PrehashVerifier;
    if spki.algorithm.oid != rfc5912::RSA_ENCRYPTION {
        return Err(VerifyFailure::Invalid);
    }
    let key = der::Encode::to_der(spki)
        .ok()
        .and_then(|der| rsa::PublicKey::from_public_key_der(&der).ok())
        .ok_or_else(|| VerifyFailure::Unsupported("RSA public key".into()))?;
    let signature = Signature::try_from(signature).map_err(|_| VerifyFailure::Invalid)?;
    let outcome = match digest {
        DigestAlgorithm::Sha256 => VerifyingKey::<sha2::Sha256>::new(key).verify_prehash(hash, &signature),
        DigestAlgorithm::Sha384 => VerifyingKey::<sha2::Sha384>::new(key).verify_prehash(hash, &signature),
        DigestAlgorithm::Sha512 => VerifyingKey::<sha2::Sha512>::new(key).verify_prehash(hash, &signature),
    };
    outcome.map_err(|_| VerifyFailure::Invalid)
}

fn verify_p256(spki: &SubjectPublicKeyInfoOwned, hash: &[u8], signature: &[u8]) -> Result<(), VerifyFailure> {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    use p256::ecdsa::{Signature, VerifyingKey};
    if !matches!(
        SignatureAlgorithm::for_public_key(spki),
        Ok(SignatureAlgorithm::EcdsaP256Sha256)
    ) {
        return Err(VerifyFailure::Unsupported("elliptic curve other than P-256".into()));
    }
    let key = VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes()).map_err(|_| VerifyFailure::Invalid)?;
    let signature = Signature::from_der(signature).map_err(|_| VerifyFailure::Invalid)?;
    key.verify_prehash(hash, &signature).map_err(|_| VerifyFailure::Invalid)
}
