//! The merchant's terminal code and hash secret. The secret never appears in `Debug` output.

use std::fmt;

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha512;

use crate::error::VnpayError;

pub(crate) type HmacSha512 = Hmac<Sha512>;

/// The terminal code VNPay gives a merchant (`vnp_TmnCode`): 8 ASCII letters and digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TmnCode(String);

impl TmnCode {
    /// Checks and wraps a terminal code.
    pub fn parse(text: &str) -> Result<TmnCode, VnpayError> {
        if text.len() == 8 && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(TmnCode(text.to_owned()))
        } else {
            Err(VnpayError::InvalidTmnCode)
        }
    }

    /// The code as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TmnCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The hash secret shared with the gateway: the HMAC-SHA512 key. Read it from the
/// configuration or a file; its `Debug` output is redacted and it has no `Display` or
/// `Serialize`.
#[derive(Clone, Deserialize)]
#[serde(try_from = "String")]
pub struct HashSecret(String);

impl HashSecret {
    /// Wraps a secret (refused when empty).
    pub fn new(secret: impl Into<String>) -> Result<HashSecret, VnpayError> {
        let secret = secret.into();
        if secret.is_empty() {
            return Err(VnpayError::EmptySecret);
        }
        Ok(HashSecret(secret))
    }

    /// Reads a secret from a file's contents (as given by a `*_FILE` setting): surrounding
    /// white space and the final newline are dropped.
    pub fn from_file_contents(contents: &str) -> Result<HashSecret, VnpayError> {
        HashSecret::new(contents.trim())
    }

    /// A fresh HMAC-SHA512 keyed with this secret.
    pub(crate) fn mac(&self) -> HmacSha512 {
        // HMAC takes keys of any length (longer ones are hashed), so this cannot fail.
        <HmacSha512 as Mac>::new_from_slice(self.0.as_bytes()).expect("HMAC accepts a key of any length")
    }
}

impl TryFrom<String> for HashSecret {
    type Error = VnpayError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        HashSecret::new(s)
    }
}

impl fmt::Debug for HashSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HashSecret(<redacted>)")
    }
}

/// What both sides of the protocol need: the terminal code and its secret.
#[derive(Debug, Clone)]
pub struct MerchantKeys {
    pub tmn_code: TmnCode,
    pub secret: HashSecret,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_never_printed() {
        let keys = MerchantKeys {
            tmn_code: TmnCode::parse("MOTCUA01").unwrap(),
            secret: HashSecret::new("SUPERSECRETVALUE").unwrap(),
        };
        let shown = format!("{keys:?} {:#?}", keys);
        assert!(!shown.contains("SUPERSECRETVALUE"), "{shown}");
        assert!(shown.contains("MOTCUA01") && shown.contains("redacted"));
        let from_config: HashSecret = serde_json::from_str("\"SUPERSECRETVALUE\"").unwrap();
        assert!(!format!("{from_config:?}").contains("SUPER"));
    }

    #[test]
    fn secrets_and_terminals_are_checked() {
        assert_eq!(HashSecret::new("").unwrap_err(), VnpayError::EmptySecret);
        assert!(serde_json::from_str::<HashSecret>("\"\"").is_err());
        assert_eq!(
            HashSecret::from_file_contents("  \n").unwrap_err(),
            VnpayError::EmptySecret
        );
        let from_file = HashSecret::from_file_contents("ABC\n").unwrap();
        assert_eq!(from_file.0, "ABC");
        for bad in ["MOTCUA0", "MOTCUA012", "MOTCUA-1", "MOTCUÁ01"] {
            assert_eq!(TmnCode::parse(bad), Err(VnpayError::InvalidTmnCode), "{bad}");
        }
    }
}
