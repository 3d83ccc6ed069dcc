//! Reading a PKCS#12 file with `p12-keystore` (pure Rust).

use der::Decode;
use p12_keystore::{KeyStore, KeyStoreEntry, Pkcs12ImportPolicy};
use x509_cert::Certificate;

use crate::error::{CredentialPart, Error, Result};
use crate::signer::PrivateKey;

/// The first private key of a PKCS#12 file and every certificate in it.
pub fn read_pkcs12(pkcs12: &[u8], password: &str) -> Result<(PrivateKey, Vec<Certificate>)> {
    let unreadable = |detail: String| Error::CredentialUnreadable {
        part: CredentialPart::Pkcs12,
        detail,
    };
    let store = KeyStore::from_pkcs12(pkcs12, password, Pkcs12ImportPolicy::Relaxed)
        .map_err(|e| unreadable(format!("{e} (wrong password, or not a PKCS#12 file)")))?;
    let (_, chain) = store
        .private_key_chain()
        .ok_or_else(|| unreadable("it holds no private key".into()))?;
    let key = PrivateKey::from_pkcs8_der(chain.key().as_der()).map_err(|e| unreadable(e.to_string()))?;
    let loose = store.entries().filter_map(|(_, entry)| match entry {
        KeyStoreEntry::Certificate(certificate) => Some(certificate),
        _ => None,
    });
    let certificates = chain
        .certs()
        .iter()
        .chain(loose)
        .map(|certificate| {
            Certificate::from_der(certificate.as_der())
                .map_err(|e| unreadable(format!("a certificate cannot be decoded: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    if certificates.is_empty() {
        return Err(unreadable("it holds no certificate".into()));
    }
    Ok((key, certificates))
}
