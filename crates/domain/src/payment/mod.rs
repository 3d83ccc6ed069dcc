//! Payments: amounts in đồng, each procedure's fee schedule and the quote it gives for a
//! dossier's answers, and the payment attempts made through a gateway with their states.
//! Gateway protocols (VNPay, …) live in adapter crates; this module knows none of them.

pub mod attempt;
pub mod error;
pub mod method;
pub mod money;
pub mod quote;
pub mod schedule;
mod schedule_validate;
pub mod txn_ref;
pub mod words;

pub use attempt::{
    AttemptStatus, ExpiryPolicy, GatewayReceipt, GatewayReport, PaymentAttempt, Recorded, expire, next_query_at,
    open_attempt, paid_attempt, record_report,
};
pub use error::{FeeError, PaymentError};
pub use method::PaymentMethod;
pub use money::{MAX_AMOUNT_VND, Money, format_vnd, parse_vnd};
pub use quote::{Quote, QuoteLine};
pub use schedule::{ChoiceAmount, Exemption, FeeDue, FeeItem, FeeSchedule};
pub use txn_ref::TxnRef;
pub use words::in_words;

#[cfg(test)]
mod attempt_tests;
#[cfg(test)]
mod money_tests;
#[cfg(test)]
mod schedule_tests;
