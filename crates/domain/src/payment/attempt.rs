//! Payment attempts and their states. One attempt is one order at the gateway (one
//! `TxnRef`); a dossier may have several attempts and is paid by at most one of them.
//!
//! ```text
//!            gateway: paid, dossier unpaid        gateway: paid, dossier paid by another
//! pending ─────────────────────────────► paid    pending ─────────────────────► refund_due
//! pending ── gateway: not paid ────────► failed
//! pending ── expires_at passed ────────► expired ── gateway: paid ────────────► refund_due
//! ```
//!
//! A gateway report is applied to a pending attempt only. The one exception is money taken
//! for an attempt that had already expired: it is never dropped, it becomes `refund_due`.
//! `paid`, `failed` and `refund_due` are settled: nothing changes them here.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::error::PaymentError;
use super::money::{MAX_AMOUNT_VND, Money};
use super::txn_ref::TxnRef;
use crate::ids::DossierId;

/// State of an attempt. The names are part of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptStatus {
    /// Sent to the gateway; no final word yet.
    Pending,
    /// Paid; this attempt pays the dossier.
    Paid,
    /// The gateway reported that it was not paid (cancelled, refused, timed out).
    Failed,
    /// Given up on after its time; another attempt may be opened.
    Expired,
    /// Money was taken but the dossier was already paid (or the attempt had expired): it
    /// is owed back to the payer.
    RefundDue,
}

impl AttemptStatus {
    /// Every state, in the order above.
    pub const ALL: [AttemptStatus; 5] = [
        AttemptStatus::Pending,
        AttemptStatus::Paid,
        AttemptStatus::Failed,
        AttemptStatus::Expired,
        AttemptStatus::RefundDue,
    ];

    /// The stable name: `pending`, `paid`, `failed`, `expired`, `refund_due`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Pending => "pending",
            AttemptStatus::Paid => "paid",
            AttemptStatus::Failed => "failed",
            AttemptStatus::Expired => "expired",
            AttemptStatus::RefundDue => "refund_due",
        }
    }

    /// Reads a stable name.
    pub fn parse(s: &str) -> Option<AttemptStatus> {
        AttemptStatus::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether the gateway's word on this attempt has been recorded for good.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            AttemptStatus::Paid | AttemptStatus::Failed | AttemptStatus::RefundDue
        )
    }
}

/// How long an attempt stays open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryPolicy {
    /// How long the payer has at the gateway (sent as the order's expiry date).
    pub pay_window: Duration,
    /// How long after creation a still-pending attempt may be expired. Longer than the pay
    /// window, so that late notifications and reconciliation have time to arrive.
    pub expire_after: Duration,
    /// First reconciliation query after creation.
    pub first_query_after: Duration,
    /// Interval of later reconciliation queries.
    pub query_every: Duration,
}

impl Default for ExpiryPolicy {
    /// 15 minutes to pay; queried after 15 minutes, then daily; expired after 2 days.
    fn default() -> Self {
        ExpiryPolicy {
            pay_window: Duration::minutes(15),
            expire_after: Duration::days(2),
            first_query_after: Duration::minutes(15),
            query_every: Duration::days(1),
        }
    }
}

/// What the gateway said about a transaction, kept with the attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayReceipt {
    /// The gateway's response code (`00`, `24`, `51`, …).
    pub response_code: String,
    /// The gateway's transaction number (empty when none was made).
    pub transaction_no: String,
    /// The payer's bank (empty when unknown).
    pub bank_code: String,
    /// When the gateway says it was paid.
    pub paid_at: Option<OffsetDateTime>,
}

/// A verified report from a gateway (its notification or its answer to a query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayReport {
    pub txn_ref: TxnRef,
    pub amount: Money,
    /// The gateway says the money was taken.
    pub paid: bool,
    pub receipt: GatewayReceipt,
}

/// One payment attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentAttempt {
    pub txn_ref: TxnRef,
    pub dossier: DossierId,
    /// Fixed when the attempt is created.
    pub amount: Money,
    pub status: AttemptStatus,
    pub created_at: OffsetDateTime,
    /// The gateway refuses payment after this (its order expiry date).
    pub pay_before: OffsetDateTime,
    /// A still-pending attempt may be expired from this instant on.
    pub expires_at: OffsetDateTime,
    /// When the attempt left `pending`.
    pub settled_at: Option<OffsetDateTime>,
    pub receipt: Option<GatewayReceipt>,
}

/// Opens a new attempt to pay `amount` for `dossier`. `existing` are the dossier's attempts
/// so far (any order). Refused when there is nothing to pay, the amount is out of range,
/// the dossier is already paid, or the reference is already used.
pub fn open_attempt(
    dossier: DossierId,
    txn_ref: TxnRef,
    amount: Money,
    existing: &[PaymentAttempt],
    now: OffsetDateTime,
    policy: &ExpiryPolicy,
) -> Result<PaymentAttempt, PaymentError> {
    if amount == Money::ZERO {
        return Err(PaymentError::NothingToPay);
    }
    if amount.is_negative() || amount.dong() > MAX_AMOUNT_VND {
        return Err(PaymentError::AmountOutOfRange(amount));
    }
    if paid_attempt(existing).is_some() {
        return Err(PaymentError::AlreadyPaid);
    }
    if existing.iter().any(|a| a.txn_ref == txn_ref) {
        return Err(PaymentError::DuplicateTxnRef);
    }
    Ok(PaymentAttempt {
        txn_ref,
        dossier,
        amount,
        status: AttemptStatus::Pending,
        created_at: now,
        pay_before: now.saturating_add(policy.pay_window),
        expires_at: now.saturating_add(policy.expire_after.max(policy.pay_window)),
        settled_at: None,
        receipt: None,
    })
}

/// The attempt that paid the dossier, if any.
pub fn paid_attempt(attempts: &[PaymentAttempt]) -> Option<&PaymentAttempt> {
    attempts.iter().find(|a| a.status == AttemptStatus::Paid)
}

/// What recording a gateway report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// The attempt after the report.
    pub attempt: PaymentAttempt,
    /// Whether anything changed (false: a failure reported for an expired attempt, which
    /// confirms what is already known).
    pub changed: bool,
}

/// Applies a verified gateway report to `attempt`. `siblings` are the dossier's attempts
/// (this one may be among them), to keep the dossier paid at most once.
///
/// Checks, in this order: the report is about this attempt (`wrong_attempt`); the amount is
/// the attempt's (`amount_mismatch`); the attempt is not settled (`already_settled`). Then a
/// pending attempt becomes `paid` (or `refund_due` if another attempt paid the dossier) or
/// `failed`; an expired one becomes `refund_due` if money was taken and is otherwise left
/// as it is.
pub fn record_report(
    attempt: &PaymentAttempt,
    report: &GatewayReport,
    siblings: &[PaymentAttempt],
    now: OffsetDateTime,
) -> Result<Recorded, PaymentError> {
    if report.txn_ref != attempt.txn_ref {
        return Err(PaymentError::WrongAttempt);
    }
    if report.amount != attempt.amount {
        return Err(PaymentError::AmountMismatch {
            expected: attempt.amount,
            reported: report.amount,
        });
    }
    if attempt.status.is_settled() {
        return Err(PaymentError::AlreadySettled(attempt.status));
    }
    let paid_by_other = siblings
        .iter()
        .any(|a| a.status == AttemptStatus::Paid && a.txn_ref != attempt.txn_ref);
    let status = match (attempt.status, report.paid) {
        (AttemptStatus::Pending, true) if paid_by_other => AttemptStatus::RefundDue,
        (AttemptStatus::Pending, true) => AttemptStatus::Paid,
        (AttemptStatus::Pending, false) => AttemptStatus::Failed,
        (AttemptStatus::Expired, true) => AttemptStatus::RefundDue,
        (_, _) => {
            return Ok(Recorded {
                attempt: attempt.clone(),
                changed: false,
            });
        }
    };
    Ok(Recorded {
        attempt: PaymentAttempt {
            status,
            settled_at: Some(now),
            receipt: Some(report.receipt.clone()),
            ..attempt.clone()
        },
        changed: true,
    })
}

/// Expires a pending attempt whose time is up (`not_pending`, `not_yet_expired` otherwise).
/// Query the gateway once more first: money taken later still becomes `refund_due`.
pub fn expire(attempt: &PaymentAttempt, now: OffsetDateTime) -> Result<PaymentAttempt, PaymentError> {
    if attempt.status != AttemptStatus::Pending {
        return Err(PaymentError::NotPending(attempt.status));
    }
    if now < attempt.expires_at {
        return Err(PaymentError::NotYetExpired);
    }
    Ok(PaymentAttempt {
        status: AttemptStatus::Expired,
        settled_at: Some(now),
        ..attempt.clone()
    })
}

/// When the gateway should next be asked about a pending attempt (reconciliation): the
/// first time `first_query_after` its creation, then every `query_every` after the last
/// query. `None` once the attempt is no longer pending.
pub fn next_query_at(
    attempt: &PaymentAttempt,
    last_queried_at: Option<OffsetDateTime>,
    policy: &ExpiryPolicy,
) -> Option<OffsetDateTime> {
    if attempt.status != AttemptStatus::Pending {
        return None;
    }
    Some(match last_queried_at {
        None => attempt.created_at.saturating_add(policy.first_query_after),
        Some(last) => last.saturating_add(policy.query_every),
    })
}
