//! The merchant's order reference sent to the gateway (`vnp_TxnRef`): one per attempt.

use serde::{Deserialize, Serialize};

use super::error::PaymentError;
use crate::ids::DossierId;

/// An order reference: 1 to 100 ASCII letters and digits, so that it reads the same in
/// every encoder and every gateway.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TxnRef(String);

impl TxnRef {
    /// The longest reference accepted.
    pub const MAX_LEN: usize = 100;

    /// Checks and wraps a reference.
    pub fn parse(text: &str) -> Result<TxnRef, PaymentError> {
        if text.is_empty() || text.len() > Self::MAX_LEN || !text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(PaymentError::InvalidTxnRef);
        }
        Ok(TxnRef(text.to_owned()))
    }

    /// The reference of the `attempt`-th attempt (1, 2, …) of a dossier: `D{dossier}A{attempt}`.
    /// Unique as long as attempt numbers are unique per dossier; it reveals the row id only.
    pub fn for_attempt(dossier: DossierId, attempt: u32) -> TxnRef {
        TxnRef(format!("D{}A{attempt}", dossier.get().unsigned_abs()))
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TxnRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TxnRef {
    type Error = PaymentError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        TxnRef::parse(&s)
    }
}

impl From<TxnRef> for String {
    fn from(r: TxnRef) -> String {
        r.0
    }
}
