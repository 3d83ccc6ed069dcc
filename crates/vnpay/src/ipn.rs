//! §2: the IPN decision and its JSON answer. The checks run in the order the gateway
//! expects: signature (`97`), order (`01`), amount (`04`), already settled (`02`), then the
//! outcome is recorded (`00`); anything unexpected is `99`.
//!
//! ```text
//! let outcome = match ipn::verify(&merchant, raw_query) {
//!     Err(answer) => return answer,                     // 97 / 99
//!     Ok(n) => { let (attempt, siblings) = load(&n.txn_ref).await?;   // the app's storage
//!                ipn::decide(&n, attempt.as_ref(), &siblings, now) }
//! };
//! if let Some(updated) = &outcome.update { store(updated).await? }  // conditional on the old status
//! outcome.answer.to_json()
//! ```

use motcua_domain::payment::{PaymentAttempt, PaymentError, TxnRef, record_report};
use serde::Serialize;
use time::OffsetDateTime;

use crate::notification::Notification;
use crate::pay::Merchant;

/// The answers of the IPN protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IpnCode {
    /// `00`: recorded.
    ConfirmSuccess,
    /// `01`: no such order.
    OrderNotFound,
    /// `02`: the order was settled before.
    AlreadyConfirmed,
    /// `04`: the amount is not the order's.
    InvalidAmount,
    /// `97`: the signature is missing or wrong.
    InvalidSignature,
    /// `99`: anything else.
    UnknownError,
}

impl IpnCode {
    /// `RspCode`.
    pub fn code(self) -> &'static str {
        match self {
            IpnCode::ConfirmSuccess => "00",
            IpnCode::OrderNotFound => "01",
            IpnCode::AlreadyConfirmed => "02",
            IpnCode::InvalidAmount => "04",
            IpnCode::InvalidSignature => "97",
            IpnCode::UnknownError => "99",
        }
    }

    /// `Message`, exactly as the protocol has it.
    pub fn message(self) -> &'static str {
        match self {
            IpnCode::ConfirmSuccess => "Confirm Success",
            IpnCode::OrderNotFound => "Order not found",
            IpnCode::AlreadyConfirmed => "Order already confirmed",
            IpnCode::InvalidAmount => "Invalid amount",
            IpnCode::InvalidSignature => "Invalid signature",
            IpnCode::UnknownError => "Unknown error",
        }
    }
}

/// The JSON body answered to the gateway: `{"RspCode":"00","Message":"Confirm Success"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IpnAnswer {
    #[serde(rename = "RspCode")]
    rsp_code: &'static str,
    #[serde(rename = "Message")]
    message: &'static str,
}

impl IpnAnswer {
    /// The answer for a code.
    pub fn of(code: IpnCode) -> IpnAnswer {
        IpnAnswer {
            rsp_code: code.code(),
            message: code.message(),
        }
    }

    /// `RspCode`.
    pub fn rsp_code(&self) -> &'static str {
        self.rsp_code
    }

    /// `Message`.
    pub fn message(&self) -> &'static str {
        self.message
    }

    /// The body to send (`application/json`).
    pub fn to_json(&self) -> String {
        format!(r#"{{"RspCode":"{}","Message":"{}"}}"#, self.rsp_code, self.message)
    }
}

/// What to answer and what to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpnOutcome {
    pub answer: IpnAnswer,
    /// The attempt to store (its status changed), when the notification was recorded.
    pub update: Option<PaymentAttempt>,
}

impl IpnOutcome {
    fn answer(code: IpnCode) -> IpnOutcome {
        IpnOutcome {
            answer: IpnAnswer::of(code),
            update: None,
        }
    }
}

/// Verifies the IPN query: `Err` carries the answer when the signature fails (`97`) or the
/// signed content is unexpected (wrong terminal, malformed field: `99`).
pub fn verify(merchant: &Merchant, raw_query: &str) -> Result<Notification, IpnAnswer> {
    merchant.verify_notification(raw_query).map_err(|e| {
        IpnAnswer::of(if e.is_signature_failure() {
            IpnCode::InvalidSignature
        } else {
            IpnCode::UnknownError
        })
    })
}

/// Decides on a verified notification given the attempt found under its reference (if
/// any) and the dossier's attempts (`siblings`, this one may be among them).
pub fn decide(
    n: &Notification,
    attempt: Option<&PaymentAttempt>,
    siblings: &[PaymentAttempt],
    now: OffsetDateTime,
) -> IpnOutcome {
    let Some(attempt) = attempt else {
        return IpnOutcome::answer(IpnCode::OrderNotFound);
    };
    match record_report(attempt, &n.to_report(), siblings, now) {
        Ok(recorded) => IpnOutcome {
            answer: IpnAnswer::of(IpnCode::ConfirmSuccess),
            update: recorded.changed.then_some(recorded.attempt),
        },
        Err(PaymentError::AmountMismatch { .. }) => IpnOutcome::answer(IpnCode::InvalidAmount),
        Err(PaymentError::AlreadySettled(_)) => IpnOutcome::answer(IpnCode::AlreadyConfirmed),
        Err(_) => IpnOutcome::answer(IpnCode::UnknownError),
    }
}

/// The whole IPN handling with a synchronous look-up (`txn_ref` → the attempt and the
/// dossier's attempts): for tests and benchmarks; the app does the same steps with its
/// asynchronous storage.
pub fn handle(
    merchant: &Merchant,
    raw_query: &str,
    lookup: impl FnOnce(&TxnRef) -> Option<(PaymentAttempt, Vec<PaymentAttempt>)>,
    now: OffsetDateTime,
) -> IpnOutcome {
    match verify(merchant, raw_query) {
        Err(answer) => IpnOutcome { answer, update: None },
        Ok(n) => match lookup(&n.txn_ref) {
            None => decide(&n, None, &[], now),
            Some((attempt, siblings)) => decide(&n, Some(&attempt), &siblings, now),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_the_protocol_json() {
        let all = [
            (
                IpnCode::ConfirmSuccess,
                r#"{"RspCode":"00","Message":"Confirm Success"}"#,
            ),
            (
                IpnCode::OrderNotFound,
                r#"{"RspCode":"01","Message":"Order not found"}"#,
            ),
            (
                IpnCode::AlreadyConfirmed,
                r#"{"RspCode":"02","Message":"Order already confirmed"}"#,
            ),
            (IpnCode::InvalidAmount, r#"{"RspCode":"04","Message":"Invalid amount"}"#),
            (
                IpnCode::InvalidSignature,
                r#"{"RspCode":"97","Message":"Invalid signature"}"#,
            ),
            (IpnCode::UnknownError, r#"{"RspCode":"99","Message":"Unknown error"}"#),
        ];
        for (code, json) in all {
            let answer = IpnAnswer::of(code);
            assert_eq!(answer.to_json(), json);
            assert_eq!(serde_json::to_string(&answer).unwrap(), json);
        }
    }
}
