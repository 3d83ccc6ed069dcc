//! Why a fee could not be computed or a payment step was refused. Each has a stable code.

use super::attempt::AttemptStatus;
use super::money::Money;

/// Why a quote could not be computed from the form answers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    #[error("the quantity {0} is missing")]
    QuantityMissing(String),
    #[error("the quantity {0} is not a whole number")]
    QuantityInvalid(String),
    #[error("the quantity {field} must be between {min} and {max}")]
    QuantityOutOfRange { field: String, min: u32, max: u32 },
    #[error("the choice {0} is missing")]
    ChoiceMissing(String),
    #[error("the choice {0} has no price in the fee schedule")]
    ChoiceUnknown(String),
    #[error("the amount is too large to compute")]
    Overflow,
}

impl FeeError {
    /// Stable code for the API and the message catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            FeeError::QuantityMissing(_) => "quantity_missing",
            FeeError::QuantityInvalid(_) => "quantity_invalid",
            FeeError::QuantityOutOfRange { .. } => "quantity_out_of_range",
            FeeError::ChoiceMissing(_) => "choice_missing",
            FeeError::ChoiceUnknown(_) => "choice_unknown",
            FeeError::Overflow => "amount_overflow",
        }
    }

    /// The form field the problem is about, to place the message next to it.
    pub fn field(&self) -> Option<&str> {
        match self {
            FeeError::QuantityMissing(f)
            | FeeError::QuantityInvalid(f)
            | FeeError::QuantityOutOfRange { field: f, .. }
            | FeeError::ChoiceMissing(f)
            | FeeError::ChoiceUnknown(f) => Some(f),
            FeeError::Overflow => None,
        }
    }
}

/// Why a payment attempt could not be opened or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error("a transaction reference is 1 to 100 ASCII letters and digits")]
    InvalidTxnRef,
    #[error("there is nothing to pay")]
    NothingToPay,
    #[error("the amount {0} is out of range")]
    AmountOutOfRange(Money),
    #[error("the dossier is already paid")]
    AlreadyPaid,
    #[error("the transaction reference is already used")]
    DuplicateTxnRef,
    #[error("the report is about another transaction")]
    WrongAttempt,
    #[error("the amount reported ({reported}) differs from the attempt's ({expected})")]
    AmountMismatch { expected: Money, reported: Money },
    #[error("the attempt is already settled ({0:?})")]
    AlreadySettled(AttemptStatus),
    #[error("the attempt is not pending ({0:?})")]
    NotPending(AttemptStatus),
    #[error("the attempt may still be paid")]
    NotYetExpired,
}

impl PaymentError {
    /// Stable code for the API and the message catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            PaymentError::InvalidTxnRef => "invalid_txn_ref",
            PaymentError::NothingToPay => "nothing_to_pay",
            PaymentError::AmountOutOfRange(_) => "amount_out_of_range",
            PaymentError::AlreadyPaid => "already_paid",
            PaymentError::DuplicateTxnRef => "duplicate_txn_ref",
            PaymentError::WrongAttempt => "wrong_attempt",
            PaymentError::AmountMismatch { .. } => "amount_mismatch",
            PaymentError::AlreadySettled(_) => "already_settled",
            PaymentError::NotPending(_) => "not_pending",
            PaymentError::NotYetExpired => "not_yet_expired",
        }
    }
}
