//! Payment attempts: one row per order at the gateway or per payment recorded at the
//! counter. Settling an attempt, marking the dossier paid, the outbox event and the audit
//! record are one transaction; the partial unique index `payment_attempts_one_paid` keeps a
//! dossier paid at most once whatever races.

mod read;
mod write;

use motcua_domain::ids::{DossierId, PaymentId, UserId};
use motcua_domain::payment::{PaymentAttempt, PaymentMethod};
use time::OffsetDateTime;

pub use write::{NewPayment, Settlement};

/// A stored payment attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub id: PaymentId,
    pub attempt: PaymentAttempt,
    pub method: PaymentMethod,
    /// When the gateway was last asked about it (reconciliation).
    pub last_queried_at: Option<OffsetDateTime>,
    /// The officer who recorded a counter payment.
    pub recorded_by: Option<UserId>,
    /// The receipt's number (biên lai), once paid.
    pub receipt_no: Option<String>,
}

impl PaymentRecord {
    pub fn dossier(&self) -> DossierId {
        self.attempt.dossier
    }
}
