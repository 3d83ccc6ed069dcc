//! The signer seam: who holds the private key.
//!
//! [`Signer`] is synchronous on purpose. A server-side key signs in well under a
//! millisecond (P-256) or a few milliseconds (RSA-2048), so an `async` signature would only
//! add a boxed future and an `async-trait`-style object to every call. The case that is
//! really asynchronous — a leader's USB token in the browser, which answers after a human
//! enters a PIN — is not a `Signer` at all but the two-step [`crate::prepare`] /
//! [`crate::finish`] flow, which survives between two HTTP requests. A remote HSM can
//! implement `Signer` with a blocking call run inside `tokio::task::spawn_blocking`.

use std::fmt;

use p256::pkcs8::DecodePrivateKey as _;
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::pkcs8::EncodePrivateKey as _;
use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _, Signer as _};
use x509_cert::Certificate;

use crate::algorithm::SignatureAlgorithm;
use crate::error::{Error, Result};

/// Something that holds a private key and its certificate chain.
pub trait Signer: Send + Sync {
    /// The signing certificate first, then the certificates above it (without the root is
    /// fine; with it is fine too). Never empty.
    fn certificate_chain(&self) -> &[x509_cert::Certificate];

    /// Sign `to_be_signed` (the DER of the CMS signed attributes) with SHA-256 and the
    /// algorithm of the signing certificate's key. RSA returns the PKCS#1 v1.5 signature,
    /// ECDSA the DER `Ecdsa-Sig-Value`.
    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>>;
}

/// A private key held by the server: RSA (any size from 2048 bits) or ECDSA P-256.
#[derive(Clone)]
pub enum PrivateKey {
    /// An RSA key; signs with PKCS#1 v1.5 and SHA-256.
    Rsa(rsa::PrivateKey),
    /// A P-256 key; signs with ECDSA and SHA-256.
    EcdsaP256(p256::ecdsa::SigningKey),
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrivateKey::Rsa(_) => f.write_str("PrivateKey::Rsa(<redacted>)"),
            PrivateKey::EcdsaP256(_) => f.write_str("PrivateKey::EcdsaP256(<redacted>)"),
        }
    }
}

impl PrivateKey {
    /// A fresh P-256 key from the operating system's random source.
    pub fn generate_p256() -> Self {
        PrivateKey::EcdsaP256(new_p256_key())
    }

    /// A fresh RSA key of `bits` bits (2048 or more).
    pub fn generate_rsa(bits: usize) -> Result<Self> {
        if bits < 2048 {
            return Err(Error::UnsupportedAlgorithm("RSA keys below 2048 bits".into()));
        }
        rsa::PrivateKey::new(&mut getrandom::SysRng, bits)
            .map(PrivateKey::Rsa)
            .map_err(|e| Error::SignerFailed(format!("RSA key generation: {e}")))
    }

    /// Read a PKCS#8 `PrivateKeyInfo` (DER), RSA or P-256.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self> {
        if let Ok(key) = rsa::PrivateKey::from_pkcs8_der(der) {
            return Ok(PrivateKey::Rsa(key));
        }
        match p256::SecretKey::from_pkcs8_der(der) {
            Ok(key) => Ok(PrivateKey::EcdsaP256(key.into())),
            Err(_) => Err(Error::UnsupportedAlgorithm(
                "the PKCS#8 key is neither RSA nor P-256 (or is malformed)".into(),
            )),
        }
    }

    /// Read a PKCS#1 `RSAPrivateKey` (DER).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self> {
        rsa::PrivateKey::from_pkcs1_der(der)
            .map(PrivateKey::Rsa)
            .map_err(|e| Error::UnsupportedAlgorithm(format!("PKCS#1 RSA key: {e}")))
    }

    /// Read a SEC1 `ECPrivateKey` (DER), P-256 only.
    pub fn from_sec1_der(der: &[u8]) -> Result<Self> {
        p256::SecretKey::from_sec1_der(der)
            .map(|key| PrivateKey::EcdsaP256(key.into()))
            .map_err(|_| Error::UnsupportedAlgorithm("SEC1 key that is not P-256".into()))
    }

    /// The key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), for storing in the data folder.
    pub fn to_pkcs8_pem(&self) -> Result<String> {
        let line_ending = der::pem::LineEnding::LF;
        let pem = match self {
            PrivateKey::Rsa(key) => key.to_pkcs8_pem(line_ending),
            PrivateKey::EcdsaP256(key) => p256::SecretKey::from(key).to_pkcs8_pem(line_ending),
        };
        pem.map(|pem| pem.to_string())
            .map_err(|e| Error::SignerFailed(format!("PKCS#8 encoding: {e}")))
    }

    /// The public half, as a `SubjectPublicKeyInfo`.
    pub fn public_key_info(&self) -> Result<spki::SubjectPublicKeyInfoOwned> {
        use spki::EncodePublicKey as _;
        let der = match self {
            PrivateKey::Rsa(key) => key.to_public_key().to_public_key_der(),
            PrivateKey::EcdsaP256(key) => key.verifying_key().to_public_key_der(),
        }
        .map_err(|e| Error::SignerFailed(format!("public key encoding: {e}")))?;
        Ok(der::Decode::from_der(der.as_bytes())?)
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        match self {
            PrivateKey::Rsa(_) => SignatureAlgorithm::RsaPkcs1Sha256,
            PrivateKey::EcdsaP256(_) => SignatureAlgorithm::EcdsaP256Sha256,
        }
    }

    /// Whether this key is the private half of `spki`.
    pub fn matches(&self, spki: &spki::SubjectPublicKeyInfoOwned) -> bool {
        match self {
            PrivateKey::Rsa(key) => der::Encode::to_der(spki)
                .ok()
                .and_then(|der| {
                    use rsa::pkcs8::DecodePublicKey as _;
                    rsa::PublicKey::from_public_key_der(&der).ok()
                })
                .is_some_and(|public| public == key.to_public_key()),
            PrivateKey::EcdsaP256(key) => {
                SignatureAlgorithm::for_public_key(spki).ok() == Some(SignatureAlgorithm::EcdsaP256Sha256)
                    && p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
                        .is_ok_and(|public| &public == key.verifying_key())
            }
        }
    }

    /// Sign `message` (hashing it with SHA-256).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        match self {
            PrivateKey::Rsa(key) => {
                let signing_key = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key.clone());
                // Randomised: RSA blinding against timing side channels.
                signing_key
                    .try_sign_with_rng(&mut getrandom::SysRng, message)
                    .map(|signature| signature.to_vec())
                    .map_err(|e| Error::SignerFailed(format!("RSA: {e}")))
            }
            PrivateKey::EcdsaP256(key) => {
                let signature: p256::ecdsa::Signature = key
                    .try_sign(message)
                    .map_err(|e| Error::SignerFailed(format!("ECDSA: {e}")))?;
                Ok(signature.to_der().to_vec())
            }
        }
    }
}

/// A fresh P-256 signing key from the operating system's random source.
pub(crate) fn new_p256_key() -> p256::ecdsa::SigningKey {
    use p256::elliptic_curve::Generate as _;
    p256::ecdsa::SigningKey::from(p256::SecretKey::generate())
}

/// A [`Signer`] over a key held by the server (from configuration or the demo CA).
#[derive(Debug, Clone)]
pub struct ServerKeySigner {
    key: PrivateKey,
    chain: Vec<Certificate>,
}

impl ServerKeySigner {
    /// Pair a key with its certificate chain (signing certificate first). Checks only that the
    /// chain is not empty and that the key belongs to the first certificate; the checks of
    /// validity, key usage and trust are [`crate::credentials`]'s job at load time.
    pub fn new(key: PrivateKey, chain: Vec<Certificate>) -> Result<Self> {
        let leaf = chain.first().ok_or_else(|| Error::CredentialUnreadable {
            part: crate::CredentialPart::Certificates,
            detail: "no certificate".into(),
        })?;
        if !key.matches(leaf.tbs_certificate().subject_public_key_info()) {
            return Err(Error::KeyCertificateMismatch);
        }
        Ok(Self { key, chain })
    }

    /// The key.
    pub fn key(&self) -> &PrivateKey {
        &self.key
    }
}

impl Signer for ServerKeySigner {
    fn certificate_chain(&self) -> &[Certificate] {
        &self.chain
    }

    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>> {
        self.key.sign(to_be_signed)
    }
}
