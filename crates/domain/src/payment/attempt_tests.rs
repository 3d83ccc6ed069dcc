use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::ids::DossierId;

const NOW: OffsetDateTime = datetime!(2026-03-02 09:00 +7);
const DOSSIER: DossierId = DossierId(42);

fn amount() -> Money {
    Money::from_dong(200_000)
}

fn open(n: u32, existing: &[PaymentAttempt]) -> Result<PaymentAttempt, PaymentError> {
    open_attempt(
        DOSSIER,
        TxnRef::for_attempt(DOSSIER, n),
        amount(),
        existing,
        NOW,
        &ExpiryPolicy::default(),
    )
}

fn report(attempt: &PaymentAttempt, paid: bool) -> GatewayReport {
    GatewayReport {
        txn_ref: attempt.txn_ref.clone(),
        amount: attempt.amount,
        paid,
        receipt: GatewayReceipt {
            response_code: if paid { "00" } else { "24" }.into(),
            transaction_no: "14123456".into(),
            bank_code: "NCB".into(),
            paid_at: paid.then_some(NOW + Duration::minutes(3)),
        },
    }
}

fn later() -> OffsetDateTime {
    NOW + Duration::minutes(5)
}

#[test]
fn state_names_are_stable() {
    let names: Vec<_> = AttemptStatus::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(names, ["pending", "paid", "failed", "expired", "refund_due"]);
    for s in AttemptStatus::ALL {
        assert_eq!(AttemptStatus::parse(s.as_str()), Some(s));
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    assert_eq!(AttemptStatus::parse("settled"), None);
}

#[test]
fn a_new_attempt_is_pending_with_its_amount_and_times() {
    let a = open(1, &[]).unwrap();
    assert_eq!(a.status, AttemptStatus::Pending);
    assert_eq!(a.txn_ref.as_str(), "D42A1");
    assert_eq!(a.amount, amount());
    assert_eq!(a.pay_before, NOW + Duration::minutes(15));
    assert_eq!(a.expires_at, NOW + Duration::days(2));
    assert_eq!((a.settled_at, a.receipt), (None, None));
}

#[test]
fn opening_is_refused_when_nothing_is_due_or_the_dossier_is_paid() {
    let zero = open_attempt(
        DOSSIER,
        TxnRef::for_attempt(DOSSIER, 1),
        Money::ZERO,
        &[],
        NOW,
        &ExpiryPolicy::default(),
    );
    assert_eq!(zero.unwrap_err().code(), "nothing_to_pay");
    for bad in [-1, MAX_AMOUNT_VND + 1] {
        let r = open_attempt(
            DOSSIER,
            TxnRef::for_attempt(DOSSIER, 1),
            Money::from_dong(bad),
            &[],
            NOW,
            &ExpiryPolicy::default(),
        );
        assert_eq!(r.unwrap_err().code(), "amount_out_of_range");
    }
    let first = open(1, &[]).unwrap();
    assert_eq!(
        open(1, std::slice::from_ref(&first)).unwrap_err(),
        PaymentError::DuplicateTxnRef
    );
    let second = open(2, std::slice::from_ref(&first)).unwrap();
    assert_eq!(
        second.status,
        AttemptStatus::Pending,
        "several pending attempts are allowed"
    );
    let paid = record_report(&first, &report(&first, true), &[], later())
        .unwrap()
        .attempt;
    assert_eq!(open(3, &[paid, second]).unwrap_err(), PaymentError::AlreadyPaid);
}

#[test]
fn a_success_pays_a_pending_attempt() {
    let a = open(1, &[]).unwrap();
    let r = record_report(&a, &report(&a, true), std::slice::from_ref(&a), later()).unwrap();
    assert!(r.changed);
    assert_eq!(r.attempt.status, AttemptStatus::Paid);
    assert_eq!(r.attempt.settled_at, Some(later()));
    assert_eq!(r.attempt.receipt.as_ref().unwrap().transaction_no, "14123456");
    assert_eq!(paid_attempt(std::slice::from_ref(&r.attempt)), Some(&r.attempt));
}

#[test]
fn a_failure_fails_a_pending_attempt() {
    let a = open(1, &[]).unwrap();
    let r = record_report(&a, &report(&a, false), &[], later()).unwrap();
    assert_eq!(r.attempt.status, AttemptStatus::Failed);
    assert_eq!(r.attempt.receipt.as_ref().unwrap().response_code, "24");
    assert_eq!(paid_attempt(std::slice::from_ref(&r.attempt)), None);
}

#[test]
fn a_second_success_for_a_paid_dossier_is_owed_back_not_paid_twice() {
    let first = open(1, &[]).unwrap();
    let second = open(2, std::slice::from_ref(&first)).unwrap();
    let first = record_report(&first, &report(&first, true), &[], later())
        .unwrap()
        .attempt;
    let siblings = [first.clone(), second.clone()];
    let r = record_report(&second, &report(&second, true), &siblings, later()).unwrap();
    assert_eq!(r.attempt.status, AttemptStatus::RefundDue);
    let after = [first, r.attempt];
    assert_eq!(after.iter().filter(|a| a.status == AttemptStatus::Paid).count(), 1);
    // A failure of the other attempt is simply a failure.
    let third = open(3, &[]).unwrap();
    let r = record_report(&third, &report(&third, false), &after, later()).unwrap();
    assert_eq!(r.attempt.status, AttemptStatus::Failed);
}

#[test]
fn settled_attempts_refuse_any_further_report() {
    let a = open(1, &[]).unwrap();
    for first_paid in [true, false] {
        let settled = record_report(&a, &report(&a, first_paid), &[], later())
            .unwrap()
            .attempt;
        for again in [true, false] {
            let e = record_report(&settled, &report(&settled, again), &[], later()).unwrap_err();
            assert_eq!(e, PaymentError::AlreadySettled(settled.status));
            assert_eq!(e.code(), "already_settled");
        }
    }
    let other = open(2, &[]).unwrap();
    let paid_other = record_report(&other, &report(&other, true), &[], later())
        .unwrap()
        .attempt;
    let refund = record_report(&a, &report(&a, true), &[paid_other], later())
        .unwrap()
        .attempt;
    assert_eq!(refund.status, AttemptStatus::RefundDue);
    assert_eq!(
        record_report(&refund, &report(&refund, true), &[], later()).unwrap_err(),
        PaymentError::AlreadySettled(AttemptStatus::RefundDue)
    );
}

#[test]
fn reports_about_another_order_or_amount_are_refused_before_anything_else() {
    let a = open(1, &[]).unwrap();
    let b = open(2, &[]).unwrap();
    assert_eq!(
        record_report(&a, &report(&b, true), &[], later()).unwrap_err(),
        PaymentError::WrongAttempt
    );
    let mut cheaper = report(&a, true);
    cheaper.amount = Money::from_dong(1_000);
    let e = record_report(&a, &cheaper, &[], later()).unwrap_err();
    assert_eq!(
        e,
        PaymentError::AmountMismatch {
            expected: amount(),
            reported: Money::from_dong(1_000)
        }
    );
    // The amount is checked before the state, as the gateway's answer order requires.
    let settled = record_report(&a, &report(&a, true), &[], later()).unwrap().attempt;
    assert_eq!(
        record_report(&settled, &cheaper, &[], later()).unwrap_err().code(),
        "amount_mismatch"
    );
}

#[test]
fn pending_attempts_expire_only_when_their_time_is_up() {
    let a = open(1, &[]).unwrap();
    assert_eq!(
        expire(&a, a.expires_at - Duration::seconds(1)),
        Err(PaymentError::NotYetExpired)
    );
    let e = expire(&a, a.expires_at).unwrap();
    assert_eq!(e.status, AttemptStatus::Expired);
    assert_eq!(e.settled_at, Some(a.expires_at));
    assert_eq!(
        expire(&e, a.expires_at).unwrap_err(),
        PaymentError::NotPending(AttemptStatus::Expired)
    );
    let paid = record_report(&a, &report(&a, true), &[], later()).unwrap().attempt;
    assert_eq!(expire(&paid, a.expires_at).unwrap_err().code(), "not_pending");
}

#[test]
fn the_expiry_is_configurable() {
    let policy = ExpiryPolicy {
        pay_window: Duration::minutes(30),
        expire_after: Duration::hours(1),
        ..ExpiryPolicy::default()
    };
    let a = open_attempt(DOSSIER, TxnRef::for_attempt(DOSSIER, 1), amount(), &[], NOW, &policy).unwrap();
    assert_eq!(a.pay_before, NOW + Duration::minutes(30));
    assert!(expire(&a, NOW + Duration::hours(1)).is_ok());
    // expire_after shorter than the pay window is stretched to it.
    let short = ExpiryPolicy {
        expire_after: Duration::minutes(1),
        ..policy
    };
    let b = open_attempt(DOSSIER, TxnRef::for_attempt(DOSSIER, 2), amount(), &[], NOW, &short).unwrap();
    assert_eq!(b.expires_at, b.pay_before);
}

#[test]
fn money_taken_after_expiry_is_owed_back_and_a_late_failure_changes_nothing() {
    let a = open(1, &[]).unwrap();
    let expired = expire(&a, a.expires_at).unwrap();
    let r = record_report(&expired, &report(&expired, false), &[], a.expires_at).unwrap();
    assert!(!r.changed);
    assert_eq!(r.attempt, expired);
    let r = record_report(&expired, &report(&expired, true), &[], a.expires_at).unwrap();
    assert!(r.changed);
    assert_eq!(r.attempt.status, AttemptStatus::RefundDue);
}

#[test]
fn reconciliation_queries_follow_the_policy_while_pending() {
    let policy = ExpiryPolicy::default();
    let a = open(1, &[]).unwrap();
    assert_eq!(next_query_at(&a, None, &policy), Some(NOW + Duration::minutes(15)));
    let last = NOW + Duration::minutes(16);
    assert_eq!(next_query_at(&a, Some(last), &policy), Some(last + Duration::days(1)));
    let failed = record_report(&a, &report(&a, false), &[], later()).unwrap().attempt;
    assert_eq!(next_query_at(&failed, None, &policy), None);
    assert_eq!(next_query_at(&expire(&a, a.expires_at).unwrap(), None, &policy), None);
}

#[test]
fn txn_refs_are_plain_ascii_alphanumerics() {
    assert!(TxnRef::parse("D42A1").is_ok());
    assert!(TxnRef::parse(&"9".repeat(100)).is_ok());
    for bad in ["", "D42-A1", "D42 A1", "Đ42", &"9".repeat(101)] {
        assert_eq!(TxnRef::parse(bad), Err(PaymentError::InvalidTxnRef), "{bad:?}");
    }
    assert!(serde_json::from_str::<TxnRef>("\"a&b\"").is_err());
    assert_eq!(serde_json::to_string(&TxnRef::parse("X1").unwrap()).unwrap(), "\"X1\"");
}

#[test]
fn attempts_round_trip_through_json() {
    let a = open(1, &[]).unwrap();
    let paid = record_report(&a, &report(&a, true), &[], later()).unwrap().attempt;
    let text = serde_json::to_string(&paid).unwrap();
    assert!(text.contains("\"status\":\"paid\""));
    assert_eq!(serde_json::from_str::<PaymentAttempt>(&text).unwrap(), paid);
}
