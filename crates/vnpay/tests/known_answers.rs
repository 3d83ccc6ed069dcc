//! Signatures checked against values computed outside this code: pasted vectors (each
//! with the Python line that recomputes it) and Python run on freshly built messages.
#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod common;

use std::process::Command;

use common::*;
use motcua_vnpay::querydr::QueryParams;
use time::Duration;

// python3 -c 'import hmac,hashlib;print(hmac.new(b"DEMOSECRETDEMOSECRETDEMOSECRET12",b"vnp_Amount=20000000&vnp_Command=pay&vnp_CreateDate=20260302090000&vnp_CurrCode=VND&vnp_ExpireDate=20260302091500&vnp_IpAddr=203.0.113.7&vnp_Locale=vn&vnp_OrderInfo=Le+phi+ho+so+H15+50+260302+0001&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdichvucong.daklak.gov.vn%2Fthanh-toan%2Fket-qua&vnp_TmnCode=MOTCUA01&vnp_TxnRef=D42A1&vnp_Version=2.1.0",hashlib.sha512).hexdigest())'
const PAY_HASH: &str = "f549db32375457a63c0e0fcfc7b4addcf8ee3d901c1cc0775e174d40e5c0d19ef0ae21532c5246a43f124418955ba515ae40afce66eddf3b17b8ffa097019bbb";

// python3 -c 'import hmac,hashlib;print(hmac.new(b"DEMOSECRETDEMOSECRETDEMOSECRET12",b"vnp_Amount=20000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14000001&vnp_CardType=ATM&vnp_OrderInfo=Le+phi+ho+so+H15+50+260302+0001&vnp_PayDate=20260302090500&vnp_ResponseCode=00&vnp_TmnCode=MOTCUA01&vnp_TransactionNo=14000001&vnp_TransactionStatus=00&vnp_TxnRef=D42A1",hashlib.sha512).hexdigest())'
const IPN_HASH: &str = "06b6daf52990a47fb3f089eaf084b2e281179a007118eed8115cc2a16af1ea5a52f77467bee08e46090b5a6dd416d78e40c87ed32a7fd3a5f682ebc98e664d67";

// python3 -c 'import hmac,hashlib;print(hmac.new(b"DEMOSECRETDEMOSECRETDEMOSECRET12",b"R20260302091600|2.1.0|querydr|MOTCUA01|D42A1|20260302090000|20260302091600|10.0.0.5|Tra cuu D42A1",hashlib.sha512).hexdigest())'
const QUERY_HASH: &str = "a4c3b126c27dbd8d822a0a0368c957f6d90a90bfd2a702563cc59b929c64c284d87cabc17ef7a964eb7355f416122d5eb81a0f3dec5bf94e28f751cb4e4ae5d8";

#[test]
fn the_pay_url_is_exactly_the_documented_query_and_signature() {
    let a = attempt(1, &[]);
    let url = merchant().pay_url(&pay_params(&a, RETURN_URL)).unwrap();
    assert_eq!(
        url,
        format!(
            "http://127.0.0.1:8080/sandbox-vnpay/paymentv2/vpcpay.html?\
             vnp_Amount=20000000&vnp_Command=pay&vnp_CreateDate=20260302090000&vnp_CurrCode=VND\
             &vnp_ExpireDate=20260302091500&vnp_IpAddr=203.0.113.7&vnp_Locale=vn\
             &vnp_OrderInfo=Le+phi+ho+so+H15+50+260302+0001&vnp_OrderType=other\
             &vnp_ReturnUrl=https%3A%2F%2Fdichvucong.daklak.gov.vn%2Fthanh-toan%2Fket-qua\
             &vnp_TmnCode=MOTCUA01&vnp_TxnRef=D42A1&vnp_Version=2.1.0&vnp_SecureHash={PAY_HASH}"
        )
    );
}

#[test]
fn a_notification_signed_elsewhere_verifies() {
    let raw = format!(
        "vnp_Amount=20000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14000001&vnp_CardType=ATM\
         &vnp_OrderInfo=Le+phi+ho+so+H15+50+260302+0001&vnp_PayDate=20260302090500&vnp_ResponseCode=00\
         &vnp_TmnCode=MOTCUA01&vnp_TransactionNo=14000001&vnp_TransactionStatus=00&vnp_TxnRef=D42A1\
         &vnp_SecureHash={IPN_HASH}"
    );
    let n = merchant().verify_notification(&raw).unwrap();
    assert!(n.is_paid());
    assert_eq!(n.amount.dong(), 200_000);
    assert_eq!(n.order_info, "Le phi ho so H15 50 260302 0001");
    assert_eq!(n.pay_date, Some(NOW + Duration::minutes(5)));
    // The same bytes in another order verify too (the signed string is sorted).
    let shuffled = raw.replacen("vnp_Amount=20000000&", "", 1) + "&vnp_Amount=20000000";
    assert!(merchant().verify_notification(&shuffled).is_ok());
}

#[test]
fn the_querydr_request_is_signed_over_the_pipe_joined_fields() {
    let a = attempt(1, &[]);
    let request = merchant()
        .querydr_request(&QueryParams {
            request_id: "R20260302091600",
            txn_ref: &a.txn_ref,
            transaction_date: a.created_at,
            create_date: NOW + Duration::minutes(16),
            ip_addr: "10.0.0.5".parse().unwrap(),
            order_info: "Tra cứu D42A1",
        })
        .unwrap();
    assert_eq!(
        request.url,
        "http://127.0.0.1:8080/sandbox-vnpay/merchant_webapi/api/transaction"
    );
    let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"vnp_RequestId": "R20260302091600", "vnp_Version": "2.1.0", "vnp_Command": "querydr",
            "vnp_TmnCode": "MOTCUA01", "vnp_TxnRef": "D42A1", "vnp_OrderInfo": "Tra cuu D42A1",
            "vnp_TransactionDate": "20260302090000", "vnp_CreateDate": "20260302091600",
            "vnp_IpAddr": "10.0.0.5", "vnp_SecureHash": QUERY_HASH})
    );
}

/// Python's own reading of the signing rule: parse the query, keep the non-empty `vnp_*`
/// except the hash fields, sort, `urlencode` (space → `+`), HMAC-SHA512. Prints the hex.
const PYTHON_SIGN: &str = r#"
import hmac, hashlib, sys, urllib.parse
secret, query = sys.argv[1], sys.argv[2]
pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
signed = sorted((k, v) for k, v in pairs
                if k.startswith("vnp_") and v and k not in ("vnp_SecureHash", "vnp_SecureHashType"))
data = urllib.parse.urlencode(signed)
print(hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest())
"#;

fn python_signature(secret: &str, query: &str) -> String {
    let out = Command::new("python3")
        .args(["-c", PYTHON_SIGN, secret, query])
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn sent_hash(query: &str) -> &str {
    query.split("vnp_SecureHash=").nth(1).unwrap()
}

#[test]
fn python_recomputes_the_signature_of_fresh_pay_urls() {
    let a = attempt(1, &[]);
    for return_url in [
        RETURN_URL,
        "https://dịchvụcông.vn/thanh toán/kết quả?hồ_sơ=H15.50-260302-0001&a=b=c",
        "http://localhost:8080/tra-ve?x=1+2&y=%41#phần",
    ] {
        let url = merchant().pay_url(&pay_params(&a, return_url)).unwrap();
        let q = query_of(&url);
        assert_eq!(python_signature(SECRET, q), sent_hash(q), "{return_url}");
    }
}

#[test]
fn python_recomputes_the_signature_of_fresh_notifications() {
    let gateway = sandbox();
    let a = attempt(1, &[]);
    let url = merchant().pay_url(&pay_params(&a, RETURN_URL)).unwrap();
    gateway.accept_pay(query_of(&url), NOW).unwrap();
    let done = gateway
        .complete(
            a.txn_ref.as_str(),
            motcua_vnpay::sandbox::SandboxOutcome::Cancelled,
            NOW,
        )
        .unwrap();
    let q = query_of(&done.ipn_url);
    assert_eq!(python_signature(SECRET, q), sent_hash(q));
}

#[test]
fn a_query_signed_by_python_with_characters_encoders_disagree_on_verifies() {
    // Python's urlencode writes `*` as %2A and leaves `~` alone; the WHATWG encoder used
    // here does the opposite. Verification uses the string as sent, so both pass.
    let unsigned = "vnp_Amount=20000000&vnp_BankCode=NCB&vnp_OrderInfo=a*b~c (d)!&vnp_PayDate=20260302090500\
                    &vnp_ResponseCode=00&vnp_TmnCode=MOTCUA01&vnp_TransactionNo=1&vnp_TransactionStatus=00\
                    &vnp_TxnRef=D42A1";
    let script = r#"
import hmac, hashlib, sys, urllib.parse
pairs = sorted(urllib.parse.parse_qsl(sys.argv[2]))
data = urllib.parse.urlencode(pairs)
print(data + "&vnp_SecureHash=" + hmac.new(sys.argv[1].encode(), data.encode(), hashlib.sha512).hexdigest())
"#;
    let out = Command::new("python3")
        .args(["-c", script, SECRET, unsigned])
        .output()
        .unwrap();
    assert!(out.status.success());
    let signed = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(signed.contains("a%2Ab~c+%28d%29%21"), "{signed}");
    let n = merchant().verify_notification(&signed).unwrap();
    assert_eq!(n.order_info, "a*b~c (d)!");
}
