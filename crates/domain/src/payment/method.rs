//! How a fee was paid.

use serde::{Deserialize, Serialize};

/// The way a payment was made. The names are part of the API and the outbox payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Online, through the VNPay gateway.
    Vnpay,
    /// In cash at the counter, recorded by a one-stop officer.
    Cash,
    /// By bank transfer, checked and recorded by a one-stop officer.
    Transfer,
}

impl PaymentMethod {
    /// Every method.
    pub const ALL: [PaymentMethod; 3] = [PaymentMethod::Vnpay, PaymentMethod::Cash, PaymentMethod::Transfer];

    /// The stable name: `vnpay`, `cash`, `transfer`.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Vnpay => "vnpay",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Transfer => "transfer",
        }
    }

    /// Reads a stable name.
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether an officer records it at the counter (not a gateway).
    pub fn is_counter(self) -> bool {
        matches!(self, PaymentMethod::Cash | PaymentMethod::Transfer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(PaymentMethod::parse("card"), None);
        assert!(PaymentMethod::Cash.is_counter() && !PaymentMethod::Vnpay.is_counter());
    }
}
