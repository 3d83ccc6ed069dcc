//! The crate's one error type. Each variant has a stable code.

/// Why a message could not be built, verified or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VnpayError {
    /// The hash secret is empty.
    #[error("the hash secret is empty")]
    EmptySecret,
    /// A terminal code is 8 ASCII letters and digits.
    #[error("a terminal code is 8 ASCII letters and digits")]
    InvalidTmnCode,
    /// The message carries no `vnp_SecureHash`.
    #[error("the message is not signed")]
    MissingSignature,
    /// The signature does not match the message.
    #[error("the signature does not match")]
    BadSignature,
    /// A `vnp_*` parameter appears twice, so what was signed is ambiguous.
    #[error("the parameter {0} appears more than once")]
    DuplicateParameter(String),
    /// A required field is missing or empty.
    #[error("the field {0} is missing")]
    MissingField(&'static str),
    /// A field does not have the expected form.
    #[error("the field {0} is invalid")]
    InvalidField(&'static str),
    /// The message is for another terminal.
    #[error("the message is for another terminal")]
    WrongTerminal,
    /// The body is not the expected JSON.
    #[error("the body is not valid JSON: {0}")]
    MalformedJson(String),
    /// An amount does not fit once scaled by 100.
    #[error("the amount is out of range")]
    AmountOutOfRange,
    /// The sandbox already has an order with this reference.
    #[error("an order with this reference exists")]
    DuplicateOrder,
    /// The sandbox has no order with this reference.
    #[error("no such order")]
    UnknownOrder,
    /// The sandbox order was already paid, cancelled or failed.
    #[error("the order is already completed")]
    OrderCompleted,
    /// The pay request's expiry date has passed.
    #[error("the order has expired")]
    OrderExpired,
}

impl VnpayError {
    /// Stable code for logs, the API and the message catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            VnpayError::EmptySecret => "empty_secret",
            VnpayError::InvalidTmnCode => "invalid_tmn_code",
            VnpayError::MissingSignature => "missing_signature",
            VnpayError::BadSignature => "bad_signature",
            VnpayError::DuplicateParameter(_) => "duplicate_parameter",
            VnpayError::MissingField(_) => "missing_field",
            VnpayError::InvalidField(_) => "invalid_field",
            VnpayError::WrongTerminal => "wrong_terminal",
            VnpayError::MalformedJson(_) => "malformed_json",
            VnpayError::AmountOutOfRange => "amount_out_of_range",
            VnpayError::DuplicateOrder => "duplicate_order",
            VnpayError::UnknownOrder => "unknown_order",
            VnpayError::OrderCompleted => "order_completed",
            VnpayError::OrderExpired => "order_expired",
        }
    }

    /// Whether the message failed authentication (as opposed to being authentic but odd).
    pub fn is_signature_failure(&self) -> bool {
        matches!(
            self,
            VnpayError::MissingSignature | VnpayError::BadSignature | VnpayError::DuplicateParameter(_)
        )
    }
}
