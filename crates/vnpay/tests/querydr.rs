//! Reconciliation: the merchant asks the sandbox about its orders.
#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod common;

use common::*;
use motcua_domain::payment::{AttemptStatus, PaymentAttempt, record_report};
use motcua_vnpay::querydr::{QueryParams, QueryRequest};
use motcua_vnpay::sandbox::{SandboxGateway, SandboxOutcome};
use motcua_vnpay::{HashSecret, Merchant, MerchantKeys, QueryResult, TmnCode, VnpayError};
use time::Duration;

fn later() -> time::OffsetDateTime {
    NOW + Duration::minutes(16)
}

fn request(m: &Merchant, a: &PaymentAttempt) -> QueryRequest {
    m.querydr_request(&QueryParams {
        request_id: "R1",
        txn_ref: &a.txn_ref,
        transaction_date: a.created_at,
        create_date: later(),
        ip_addr: "10.0.0.5".parse().unwrap(),
        order_info: "Truy vấn giao dịch",
    })
    .unwrap()
}

fn ask(gateway: &SandboxGateway, a: &PaymentAttempt) -> QueryResult {
    let r = request(&merchant(), a);
    let answer = gateway.answer_querydr(&r.body, later());
    merchant().verify_querydr_response(&answer).unwrap()
}

fn place(gateway: &SandboxGateway, a: &PaymentAttempt) {
    let url = merchant().pay_url(&pay_params(a, RETURN_URL)).unwrap();
    gateway.accept_pay(query_of(&url), NOW).unwrap();
}

#[test]
fn an_open_order_is_still_pending_and_reports_nothing() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    place(&gateway, &a);
    let r = ask(&gateway, &a);
    assert!(r.is_found());
    assert_eq!((r.transaction_status.as_str(), r.amount), ("01", Some(a.amount)));
    assert_eq!(r.to_report(), None);
}

#[test]
fn a_paid_order_reconciles_a_pending_attempt_whose_ipn_was_lost() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    place(&gateway, &a);
    gateway
        .complete(
            a.txn_ref.as_str(),
            SandboxOutcome::Paid {
                bank_code: "NCB".into(),
            },
            NOW,
        )
        .unwrap();
    let r = ask(&gateway, &a);
    assert_eq!(
        (r.response_code.as_str(), r.message.as_str()),
        ("00", "QueryDR Success")
    );
    assert_eq!((r.bank_code.as_str(), r.pay_date), ("NCB", Some(NOW)));
    let report = r.to_report().unwrap();
    assert!(report.paid);
    let recorded = record_report(&a, &report, &[], later()).unwrap();
    assert_eq!(recorded.attempt.status, AttemptStatus::Paid);
}

#[test]
fn a_cancelled_order_reconciles_as_failed() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    place(&gateway, &a);
    gateway
        .complete(a.txn_ref.as_str(), SandboxOutcome::Cancelled, NOW)
        .unwrap();
    let report = ask(&gateway, &a).to_report().unwrap();
    assert!(!report.paid);
    assert_eq!(
        record_report(&a, &report, &[], later()).unwrap().attempt.status,
        AttemptStatus::Failed
    );
}

#[test]
fn unknown_orders_bad_signatures_and_other_terminals_are_answered_with_their_codes() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    assert_eq!(ask(&gateway, &a).response_code, "91", "never placed");
    place(&gateway, &a);
    let mut shifted = a.clone();
    shifted.created_at += Duration::seconds(1);
    assert_eq!(ask(&gateway, &shifted).response_code, "91", "another transaction date");

    let good = request(&merchant(), &a);
    let tampered = good.body.replace("\"R1\"", "\"R2\"");
    let answer = gateway.answer_querydr(&tampered, later());
    assert_eq!(merchant().verify_querydr_response(&answer).unwrap().response_code, "97");

    let other = Merchant::new(
        MerchantKeys {
            tmn_code: TmnCode::parse("OTHER001").unwrap(),
            ..keys()
        },
        "http://x",
    );
    let answer = gateway.answer_querydr(&request(&other, &a).body, later());
    assert_eq!(merchant().verify_querydr_response(&answer).unwrap().response_code, "02");

    let answer = gateway.answer_querydr("{not json", later());
    let r = merchant().verify_querydr_response(&answer).unwrap();
    assert_eq!((r.response_code.as_str(), r.to_report()), ("03", None));
}

#[test]
fn responses_are_trusted_only_when_their_signature_holds() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    place(&gateway, &a);
    gateway
        .complete(a.txn_ref.as_str(), SandboxOutcome::Cancelled, NOW)
        .unwrap();
    let answer = gateway.answer_querydr(&request(&merchant(), &a).body, later());
    assert!(answer.contains("\"vnp_TransactionStatus\":\"02\""));
    let promoted = answer.replace("\"vnp_TransactionStatus\":\"02\"", "\"vnp_TransactionStatus\":\"00\"");
    assert_eq!(
        merchant().verify_querydr_response(&promoted).unwrap_err(),
        VnpayError::BadSignature
    );
    let unsigned = {
        let mut v: serde_json::Value = serde_json::from_str(&answer).unwrap();
        v.as_object_mut().unwrap().remove("vnp_SecureHash");
        v.to_string()
    };
    assert_eq!(
        merchant().verify_querydr_response(&unsigned).unwrap_err(),
        VnpayError::MissingSignature
    );
    let stranger = Merchant::new(
        MerchantKeys {
            secret: HashSecret::new("OTHERSECRET").unwrap(),
            ..keys()
        },
        "http://x",
    );
    assert_eq!(
        stranger.verify_querydr_response(&answer).unwrap_err(),
        VnpayError::BadSignature
    );
    assert_eq!(
        merchant().verify_querydr_response("<html>").unwrap_err().code(),
        "malformed_json"
    );
}

#[test]
fn the_response_hash_covers_the_documented_fields_in_order() {
    // Recompute the response signature in Python from the JSON alone, in the order of §3.
    let gateway = sandbox();
    let a = attempt(1, &[]);
    place(&gateway, &a);
    gateway
        .complete(
            a.txn_ref.as_str(),
            SandboxOutcome::Paid {
                bank_code: "NCB".into(),
            },
            NOW,
        )
        .unwrap();
    let answer = gateway.answer_querydr(&request(&merchant(), &a).body, later());
    let script = r#"
import hmac, hashlib, json, sys
r = json.loads(sys.argv[2])
order = ["ResponseId", "Command", "ResponseCode", "Message", "TmnCode", "TxnRef", "Amount", "BankCode", "PayDate",
         "TransactionNo", "TransactionType", "TransactionStatus", "OrderInfo", "PromotionCode", "PromotionAmount"]
data = "|".join(r.get("vnp_" + k, "") for k in order)
print(hmac.new(sys.argv[1].encode(), data.encode(), hashlib.sha512).hexdigest() == r["vnp_SecureHash"])
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script, SECRET, &answer])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "True",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
