//! pay → sandbox → return page and IPN → verify and decide, with every refusal.
#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod common;

use common::*;
use motcua_domain::payment::{AttemptStatus, PaymentAttempt};
use motcua_vnpay::ipn::{self, IpnOutcome};
use motcua_vnpay::response_code::{ReturnOutcome, classify, explain};
use motcua_vnpay::sandbox::{Completion, MemoryOrderBook, SandboxGateway, SandboxOutcome};
use motcua_vnpay::{HashSecret, Locale, Merchant, MerchantKeys, TmnCode, VnpayError};
use time::Duration;

fn paid_at_ncb() -> SandboxOutcome {
    SandboxOutcome::Paid {
        bank_code: "NCB".into(),
    }
}

/// Sends the attempt through the sandbox and returns what the payer's choice produced.
fn pay(gateway: &SandboxGateway, a: &PaymentAttempt, outcome: SandboxOutcome) -> Completion {
    let url = merchant().pay_url(&pay_params(a, RETURN_URL)).unwrap();
    let request = gateway.accept_pay(query_of(&url), NOW).unwrap();
    assert_eq!((request.txn_ref.clone(), request.amount), (a.txn_ref.clone(), a.amount));
    gateway
        .complete(a.txn_ref.as_str(), outcome, NOW + Duration::minutes(3))
        .unwrap()
}

/// The merchant's IPN endpoint over a list of stored attempts (the dossier's).
fn ipn_over(stored: &[PaymentAttempt], ipn_url: &str) -> IpnOutcome {
    ipn::handle(
        &merchant(),
        query_of(ipn_url),
        |r| {
            stored
                .iter()
                .find(|a| &a.txn_ref == r)
                .map(|a| (a.clone(), stored.to_vec()))
        },
        NOW + Duration::minutes(4),
    )
}

fn code(o: &IpnOutcome) -> &'static str {
    o.answer.rsp_code()
}

#[test]
fn a_paid_order_is_confirmed_once_and_a_replay_is_already_confirmed() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    let done = pay(&gateway, &a, paid_at_ncb());
    assert!(
        done.return_url
            .starts_with(&format!("{RETURN_URL}?vnp_Amount=20000000&"))
    );
    assert!(done.ipn_url.starts_with(&format!("{IPN_URL}?")));

    // The return page: verified, shown, never recorded.
    let shown = merchant().verify_notification(query_of(&done.return_url)).unwrap();
    assert!(shown.is_paid());
    assert_eq!(classify(&shown.response_code), ReturnOutcome::Paid);
    assert_eq!(explain(&shown.response_code, Locale::Vn), "Giao dịch thành công.");

    let first = ipn_over(std::slice::from_ref(&a), &done.ipn_url);
    assert_eq!(
        first.answer.to_json(),
        r#"{"RspCode":"00","Message":"Confirm Success"}"#
    );
    let paid = first.update.unwrap();
    assert_eq!(paid.status, AttemptStatus::Paid);
    let receipt = paid.receipt.clone().unwrap();
    assert_eq!(
        (receipt.bank_code.as_str(), receipt.response_code.as_str()),
        ("NCB", "00")
    );
    assert_eq!(receipt.paid_at, Some(NOW + Duration::minutes(3)));

    let replay = ipn_over(std::slice::from_ref(&paid), &done.ipn_url);
    assert_eq!(
        replay.answer.to_json(),
        r#"{"RspCode":"02","Message":"Order already confirmed"}"#
    );
    assert_eq!(replay.update, None);
}

#[test]
fn cancelled_and_failed_orders_are_recorded_as_failed() {
    for (outcome, expected_code, shown_as) in [
        (SandboxOutcome::Cancelled, "24", ReturnOutcome::Cancelled),
        (
            SandboxOutcome::Failed {
                bank_code: "VCB".into(),
                response_code: "51".into(),
            },
            "51",
            ReturnOutcome::Failed,
        ),
    ] {
        let gateway = sandbox();
        let a = attempt(1, &[]);
        let done = pay(&gateway, &a, outcome);
        let n = merchant().verify_notification(query_of(&done.return_url)).unwrap();
        assert!(!n.is_paid());
        assert_eq!(
            (n.response_code.as_str(), classify(&n.response_code)),
            (expected_code, shown_as)
        );
        let o = ipn_over(std::slice::from_ref(&a), &done.ipn_url);
        assert_eq!(code(&o), "00");
        let failed = o.update.unwrap();
        assert_eq!(failed.status, AttemptStatus::Failed);
        assert_eq!(failed.receipt.as_ref().unwrap().response_code, expected_code);
        // A retry of the dossier can then be paid.
        let b = attempt(2, std::slice::from_ref(&failed));
        let done = pay(&gateway, &b, paid_at_ncb());
        let o = ipn_over(&[failed.clone(), b.clone()], &done.ipn_url);
        assert_eq!(o.update.unwrap().status, AttemptStatus::Paid);
    }
}

#[test]
fn a_success_for_a_dossier_paid_by_another_attempt_is_refund_due() {
    let gateway = sandbox();
    let first = attempt(1, &[]);
    let second = attempt(2, std::slice::from_ref(&first));
    let done_first = pay(&gateway, &first, paid_at_ncb());
    let done_second = pay(&gateway, &second, paid_at_ncb());
    let first_paid = ipn_over(&[first.clone(), second.clone()], &done_first.ipn_url)
        .update
        .unwrap();
    assert_eq!(first_paid.status, AttemptStatus::Paid);
    let o = ipn_over(&[first_paid.clone(), second.clone()], &done_second.ipn_url);
    assert_eq!(code(&o), "00", "recorded, so the gateway stops retrying");
    assert_eq!(o.update.unwrap().status, AttemptStatus::RefundDue);
}

#[test]
fn an_unknown_order_is_not_found() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    let done = pay(&gateway, &a, paid_at_ncb());
    let o = ipn_over(&[], &done.ipn_url);
    assert_eq!(o.answer.to_json(), r#"{"RspCode":"01","Message":"Order not found"}"#);
}

#[test]
fn a_signed_amount_other_than_the_orders_is_invalid_amount() {
    // The gateway (here: the sandbox, told a different amount) signs 100.000 đ; the
    // merchant's order is 200.000 đ.
    let gateway = sandbox();
    let a = attempt(1, &[]);
    let mut cheaper = a.clone();
    cheaper.amount = motcua_domain::payment::Money::from_dong(100_000);
    let done = pay(&gateway, &cheaper, paid_at_ncb());
    let o = ipn_over(std::slice::from_ref(&a), &done.ipn_url);
    assert_eq!(o.answer.to_json(), r#"{"RspCode":"04","Message":"Invalid amount"}"#);
    assert_eq!(o.update, None);
}

#[test]
fn altered_or_unsigned_notifications_are_invalid_signature() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    let done = pay(&gateway, &a, SandboxOutcome::Cancelled);
    let stored = std::slice::from_ref(&a);
    let altered = done.ipn_url.replace("vnp_Amount=20000000", "vnp_Amount=100");
    let promoted = done
        .ipn_url
        .replace("vnp_ResponseCode=24", "vnp_ResponseCode=00")
        .replace("vnp_TransactionStatus=02", "vnp_TransactionStatus=00");
    let unsigned = done.ipn_url.split("&vnp_SecureHash=").next().unwrap().to_owned();
    let garbage = format!("{unsigned}&vnp_SecureHash=not-hex");
    let other_key = {
        let n = merchant().verify_notification(query_of(&done.ipn_url)).unwrap();
        let forger = MerchantKeys {
            secret: HashSecret::new("GUESSED").unwrap(),
            ..keys()
        };
        format!("{IPN_URL}?{}", n.signed_query(&forger).unwrap())
    };
    for forged in [altered, promoted, unsigned, garbage, other_key] {
        let o = ipn_over(stored, &forged);
        assert_eq!(
            o.answer.to_json(),
            r#"{"RspCode":"97","Message":"Invalid signature"}"#,
            "{forged}"
        );
        assert_eq!(o.update, None);
    }
}

#[test]
fn another_terminal_is_refused_on_both_sides() {
    let other = MerchantKeys {
        tmn_code: TmnCode::parse("OTHER001").unwrap(),
        ..keys()
    };
    // The sandbox refuses a pay request for a terminal it is not…
    let a = attempt(1, &[]);
    let url = Merchant::new(other.clone(), "http://x")
        .pay_url(&pay_params(&a, RETURN_URL))
        .unwrap();
    assert_eq!(
        sandbox().accept_pay(query_of(&url), NOW).unwrap_err(),
        VnpayError::WrongTerminal
    );
    // …and the merchant refuses a notification for another terminal, even well signed.
    let other_gateway = SandboxGateway::new(other.clone(), IPN_URL, MemoryOrderBook::new());
    other_gateway.accept_pay(query_of(&url), NOW).unwrap();
    let done = other_gateway.complete(a.txn_ref.as_str(), paid_at_ncb(), NOW).unwrap();
    assert_eq!(
        merchant().verify_notification(query_of(&done.return_url)).unwrap_err(),
        VnpayError::WrongTerminal
    );
    let o = ipn_over(std::slice::from_ref(&a), &done.ipn_url);
    assert_eq!(o.answer.to_json(), r#"{"RspCode":"99","Message":"Unknown error"}"#);
}

#[test]
fn the_sandbox_refuses_bad_pay_requests() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    let url = merchant().pay_url(&pay_params(&a, RETURN_URL)).unwrap();
    let q = query_of(&url);
    let tampered = q.replace("vnp_Amount=20000000", "vnp_Amount=100");
    assert_eq!(
        gateway.accept_pay(&tampered, NOW).unwrap_err(),
        VnpayError::BadSignature
    );
    let unsigned = q.split("&vnp_SecureHash=").next().unwrap();
    assert_eq!(
        gateway.accept_pay(unsigned, NOW).unwrap_err(),
        VnpayError::MissingSignature
    );
    assert_eq!(
        gateway.accept_pay(q, a.pay_before + Duration::seconds(1)).unwrap_err(),
        VnpayError::OrderExpired
    );
    gateway.accept_pay(q, NOW).unwrap();
    assert_eq!(gateway.accept_pay(q, NOW).unwrap_err(), VnpayError::DuplicateOrder);
    // A well-signed request missing a parameter of §1.
    let partial = motcua_vnpay::query::signed_query(
        &keys().secret,
        &[
            ("vnp_Version", "2.1.0"),
            ("vnp_Command", "pay"),
            ("vnp_TmnCode", TMN),
            ("vnp_Amount", "100"),
        ],
    );
    assert_eq!(
        gateway.accept_pay(&partial, NOW).unwrap_err(),
        VnpayError::MissingField("vnp_CurrCode")
    );
}

#[test]
fn an_order_completes_once_and_a_late_choice_is_a_time_out() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    pay(&gateway, &a, paid_at_ncb());
    assert_eq!(
        gateway
            .complete(a.txn_ref.as_str(), SandboxOutcome::Cancelled, NOW)
            .unwrap_err(),
        VnpayError::OrderCompleted
    );
    assert_eq!(
        gateway.complete("D42A99", SandboxOutcome::Cancelled, NOW).unwrap_err(),
        VnpayError::UnknownOrder
    );
    let b = attempt(2, &[]);
    let url = merchant().pay_url(&pay_params(&b, RETURN_URL)).unwrap();
    gateway.accept_pay(query_of(&url), NOW).unwrap();
    let late = gateway
        .complete(b.txn_ref.as_str(), paid_at_ncb(), b.pay_before + Duration::minutes(1))
        .unwrap();
    assert_eq!(late.notification.response_code, "11");
    let o = ipn_over(std::slice::from_ref(&b), &late.ipn_url);
    assert_eq!(o.update.unwrap().status, AttemptStatus::Failed);
    let bad = SandboxOutcome::Failed {
        bank_code: "NCB".into(),
        response_code: "00".into(),
    };
    let c = attempt(3, &[]);
    let url = merchant().pay_url(&pay_params(&c, RETURN_URL)).unwrap();
    gateway.accept_pay(query_of(&url), NOW).unwrap();
    assert_eq!(
        gateway.complete(c.txn_ref.as_str(), bad, NOW).unwrap_err(),
        VnpayError::InvalidField("vnp_ResponseCode")
    );
}

#[test]
fn money_taken_for_an_expired_attempt_is_refund_due_and_a_late_failure_is_just_confirmed() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    let b = attempt(2, &[]);
    let paid = pay(&gateway, &a, paid_at_ncb());
    let cancelled = pay(&gateway, &b, SandboxOutcome::Cancelled);
    let expired_a = motcua_domain::payment::expire(&a, a.expires_at).unwrap();
    let expired_b = motcua_domain::payment::expire(&b, b.expires_at).unwrap();
    let o = ipn_over(std::slice::from_ref(&expired_a), &paid.ipn_url);
    assert_eq!((code(&o), o.update.unwrap().status), ("00", AttemptStatus::RefundDue));
    let o = ipn_over(std::slice::from_ref(&expired_b), &cancelled.ipn_url);
    assert_eq!((code(&o), o.update), ("00", None));
}

#[test]
fn the_return_url_keeps_its_own_query_and_fragment() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    let return_url = "https://dịchvụcông.vn/thanh toán/kết quả?hồ_sơ=H15.50&a=b=c#phần";
    let url = merchant().pay_url(&pay_params(&a, return_url)).unwrap();
    let request = gateway.accept_pay(query_of(&url), NOW).unwrap();
    assert_eq!(request.return_url, return_url, "decoded exactly");
    let done = gateway.complete(a.txn_ref.as_str(), paid_at_ncb(), NOW).unwrap();
    assert!(
        done.return_url
            .starts_with("https://dịchvụcông.vn/thanh toán/kết quả?hồ_sơ=H15.50&a=b=c&vnp_Amount=")
    );
    assert!(done.return_url.ends_with("#phần"));
    // The merchant's own parameters do not disturb the signature.
    assert!(merchant().verify_notification(query_of(&done.return_url)).is_ok());
}
