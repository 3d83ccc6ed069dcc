//! Reading PEM files: private keys (PKCS#8, PKCS#1, SEC1) and certificate lists. Each block
//! is decoded by `der`'s PEM (RFC 7468) decoder; this module only finds where blocks start
//! and end, so that files with several blocks, or with `openssl`'s text before a block, work.

use der::Decode;
use x509_cert::Certificate;

use crate::error::{CredentialPart, Error, Result};
use crate::signer::PrivateKey;

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// The `(label, DER)` of every PEM block in `text`.
fn blocks(text: &[u8], part: CredentialPart) -> Result<Vec<(String, Vec<u8>)>> {
    let unreadable = |detail: String| Error::CredentialUnreadable { part, detail };
    let text = std::str::from_utf8(text).map_err(|_| unreadable("not a PEM text file".into()))?;
    let mut rest = text;
    let mut out = Vec::new();
    while let Some(start) = rest.find(BEGIN) {
        let from_start = &rest[start..];
        let end = from_start
            .find(END)
            .ok_or_else(|| unreadable("a PEM block has no END line".into()))?;
        let after_end = end + END.len();
        let close = from_start[after_end..]
            .find(DASHES)
            .map(|at| after_end + at + DASHES.len())
            .ok_or_else(|| unreadable("a PEM END line is cut off".into()))?;
        let (label, der) = der::pem::decode_vec(&from_start.as_bytes()[..close])
            .map_err(|e| unreadable(format!("bad PEM block: {e}")))?;
        out.push((label.to_string(), der));
        rest = &from_start[close..];
    }
    if out.is_empty() {
        return Err(unreadable("no PEM block found".into()));
    }
    Ok(out)
}

/// The certificates in a PEM file, in file order (other blocks are ignored).
pub fn read_certificates(pem: &[u8], part: CredentialPart) -> Result<Vec<Certificate>> {
    let certificates = blocks(pem, part)?
        .into_iter()
        .filter(|(label, _)| label == "CERTIFICATE")
        .map(|(_, der)| {
            Certificate::from_der(&der).map_err(|e| Error::CredentialUnreadable {
                part,
                detail: format!("a certificate cannot be decoded: {e}"),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if certificates.is_empty() {
        return Err(Error::CredentialUnreadable {
            part,
            detail: "no CERTIFICATE block found".into(),
        });
    }
    Ok(certificates)
}

/// The private key in a PEM file: `PRIVATE KEY` (PKCS#8), `RSA PRIVATE KEY` (PKCS#1) or
/// `EC PRIVATE KEY` (SEC1, P-256). Password-protected PEM is refused: use PKCS#12 for that.
pub fn read_private_key(pem: &[u8]) -> Result<PrivateKey> {
    let part = CredentialPart::Key;
    let unreadable = |detail: String| Error::CredentialUnreadable { part, detail };
    for (label, der) in blocks(pem, part)? {
        let key = match label.as_str() {
            "PRIVATE KEY" => PrivateKey::from_pkcs8_der(&der),
            "RSA PRIVATE KEY" => PrivateKey::from_pkcs1_der(&der),
            "EC PRIVATE KEY" => PrivateKey::from_sec1_der(&der),
            "ENCRYPTED PRIVATE KEY" => {
                return Err(unreadable(
                    "the key is password-protected; give a PKCS#12 file with its password instead".into(),
                ));
            }
            _ => continue,
        };
        return key.map_err(|e| unreadable(e.to_string()));
    }
    Err(unreadable("no PRIVATE KEY block found".into()))
}
