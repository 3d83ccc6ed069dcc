//! Fees and payments end to end: quotes at filing, the gate on reception and on the result,
//! online payment through the sandbox gateway over HTTP (pay page, IPN, return page), the
//! IPN's exact answers to bad and replayed notifications, counter payments with receipts,
//! reconciliation of lost notifications, and who may do what.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};

use motcua_domain::account::{AccountKind, Role};
use motcua_domain::payment::{ExpiryPolicy, Money, TxnRef};
use motcua_storage::testing;
use motcua_vnpay::Notification;
use support::{PaymentSetup, TestApp, json_request};

fn birth(copies: &str) -> Value {
    json!({
        "procedure": "1.001193", "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02",
                 "so_ban_sao": copies}
    })
}

async fn file(app: &TestApp, token: &str, body: &Value) -> Value {
    let r = app
        .send(json_request("POST", "/api/v1/dossiers", body, Some(token)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

async fn start(app: &TestApp, token: &str, code: &str) -> support::Reply {
    app.send(json_request(
        "POST",
        &format!("/api/v1/dossiers/{code}/payments"),
        &json!({}),
        Some(token),
    ))
    .await
}

async fn act(app: &TestApp, token: &str, code: &str, body: Value) -> support::Reply {
    app.send(json_request(
        "POST",
        &format!("/api/v1/dossiers/{code}/actions"),
        &body,
        Some(token),
    ))
    .await
}

/// The signed IPN query of a notification (what a gateway sends).
fn ipn_query(n: &Notification) -> String {
    n.signed_query(&support::merchant_keys()).unwrap()
}

/// A notification about `txn_ref` for `amount` with the gateway's response code.
fn notification(txn_ref: &str, amount: i64, code: &str) -> Notification {
    Notification {
        tmn_code: "MOTCUA01".into(),
        txn_ref: TxnRef::parse(txn_ref).unwrap(),
        amount: Money::from_dong(amount),
        bank_code: "NCB".into(),
        bank_tran_no: "VNP14000001".into(),
        card_type: "ATM".into(),
        pay_date: Some(time::OffsetDateTime::now_utc()),
        order_info: "Thanh toan phi ho so".into(),
        transaction_no: "14000001".into(),
        response_code: code.into(),
        transaction_status: if code == "00" { "00".into() } else { "02".into() },
    }
}

async fn ipn(app: &TestApp, query: &str) -> String {
    let r = app.get(&format!("/thanh-toan/vnpay/ipn?{query}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type(), "application/json");
    r.json()["RspCode"].as_str().unwrap().to_owned()
}

async fn statuses(app: &TestApp, token: &str, code: &str) -> Vec<String> {
    let r = app
        .send(json_request(
            "GET",
            &format!("/api/v1/dossiers/{code}/payments"),
            &json!(null),
            Some(token),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn fees_are_quoted_at_filing_and_hold_reception_until_paid() {
    for db in testing::all().await {
        let (app, _) = TestApp::with_payments(db, PaymentSetup::default()).await;
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let mc = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let d = file(&app, &citizen, &birth("2")).await;
        assert_eq!(d["fee"]["amount"], 16_000, "{d}");
        assert_eq!(
            (d["fee"]["due"].as_str(), d["fee"]["paid"].as_bool()),
            (Some("at_filing"), Some(false))
        );
        assert_eq!(d["payment_due"], 16_000);
        assert_eq!(d["fee"]["quote"]["lines"][0]["quantity"], 2);
        let code = d["code"].as_str().unwrap();
        let mine = app
            .send(json_request("GET", "/api/v1/me/dossiers", &json!(null), Some(&citizen)))
            .await;
        assert_eq!(mine.json()[0]["payment_due"], 16_000, "{}", mine.body);

        let officer_view = app
            .send(json_request(
                "GET",
                &format!("/api/v1/dossiers/{code}"),
                &json!(null),
                Some(&mc),
            ))
            .await
            .json();
        assert!(
            !officer_view["available_actions"]
                .as_array()
                .unwrap()
                .contains(&json!("receive")),
            "{officer_view}"
        );
        let r = act(&app, &mc, code, json!({"version": 1, "action": "receive"})).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("payment_due"))
        );

        let free = file(&app, &citizen, &birth("0")).await;
        assert_eq!(free["fee"], Value::Null, "no copies, nothing to pay");
        assert!(free.get("payment_due").is_none());
        let r = app
            .send(json_request("POST", "/api/v1/dossiers", &birth("21"), Some(&citizen)))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["errors"][0]["field"], "data/so_ban_sao", "{}", r.body);
        assert_eq!(r.json()["errors"][0]["code"], "quantity_out_of_range");
    }
}

/// The whole online journey through HTTP: the API starts an attempt, the payer's browser
/// opens the sandbox gateway, pays, the gateway calls the IPN, the payer comes back.
#[tokio::test]
async fn a_citizen_pays_online_through_the_gateway() {
    for db in testing::all().await {
        let (app, base) = TestApp::with_payments(db, PaymentSetup::default()).await;
        let label = app.label();
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let mc = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let d = file(&app, &citizen, &birth("2")).await;
        let code = d["code"].as_str().unwrap().to_owned();
        let r = start(&app, &citizen, &code).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let started = r.json();
        assert_eq!(started["amount"], 16_000);
        let redirect = started["redirect_url"].as_str().unwrap().to_owned();
        assert!(
            redirect.starts_with(&format!("{base}/cong-thanh-toan-thu/paymentv2/vpcpay.html?")),
            "{redirect}"
        );
        assert!(redirect.contains("vnp_Amount=1600000") && redirect.contains("vnp_SecureHash="));

        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = http.get(&redirect).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("16.000 đ") && page.contains("Chọn ngân hàng"), "{page}");
        let field = |name: &str| {
            let at = page.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
            page[at..].split('"').next().unwrap().to_owned()
        };
        let (txn_ref, token) = (field("txn_ref"), field("token"));
        let done = http
            .post(format!("{base}/cong-thanh-toan-thu/thanh-toan"))
            .form(&[
                ("txn_ref", txn_ref.as_str()),
                ("token", token.as_str()),
                ("bank", "VCB"),
                ("choice", "pay"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 303);
        let back = done.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with(&format!("{base}/thanh-toan/vnpay/ket-qua?")), "{back}");

        assert_eq!(
            statuses(&app, &citizen, &code).await,
            ["paid"],
            "{label}: the IPN recorded it"
        );
        let returned = app.get(back.trim_start_matches(&base)).await;
        assert!(
            returned.body.contains("Đã thanh toán") && returned.body.contains("16.000 đ"),
            "{}",
            returned.body
        );
        assert_eq!(returned.headers["cache-control"], "no-store");

        let view = app
            .send(json_request(
                "GET",
                &format!("/api/v1/dossiers/{code}"),
                &json!(null),
                Some(&citizen),
            ))
            .await
            .json();
        assert_eq!(view["fee"]["paid"], true, "{label}");
        assert!(view.get("payment_due").is_none());
        let r = start(&app, &citizen, &code).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("already_paid"))
        );
        let r = act(&app, &mc, &code, json!({"version": 1, "action": "receive"})).await;
        assert_eq!(r.status, StatusCode::OK, "{label}: received once paid: {}", r.body);

        // Paying and settling leave their trace: the outbox event and the audit record.
        let outbox = app.db.store.pending_outbox(100).await.unwrap();
        assert!(outbox.iter().any(|o| o.1 == "payment.paid" && o.2 == code), "{label}");
        let audit = app.db.store.recent_audit(50).await.unwrap();
        assert!(audit.iter().any(|a| a.action == "payment.paid"), "{label}");
    }
}

#[tokio::test]
async fn the_notification_gets_the_protocol_answer_and_never_pays_twice() {
    for db in testing::all().await {
        let (app, _) = TestApp::with_payments(db, PaymentSetup::default()).await;
        let label = app.label();
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let code = file(&app, &citizen, &birth("2")).await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let a = start(&app, &citizen, &code).await.json()["txn_ref"]
            .as_str()
            .unwrap()
            .to_owned();
        let b = start(&app, &citizen, &code).await.json()["txn_ref"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_ne!(a, b, "each attempt is its own order");

        let good = ipn_query(&notification(&a, 16_000, "00"));
        let tampered = good.replace("vnp_Amount=1600000", "vnp_Amount=100");
        assert_eq!(ipn(&app, &tampered).await, "97", "{label}: altered after signing");
        let unsigned: String = good
            .split('&')
            .filter(|p| !p.starts_with("vnp_SecureHash"))
            .collect::<Vec<_>>()
            .join("&");
        assert_eq!(ipn(&app, &unsigned).await, "97", "no signature");
        assert_eq!(ipn(&app, "").await, "97", "nothing at all");
        assert_eq!(
            ipn(&app, &ipn_query(&notification("D999A1T1", 16_000, "00"))).await,
            "01",
            "unknown order"
        );
        assert_eq!(
            ipn(&app, &ipn_query(&notification(&a, 15_999, "00"))).await,
            "04",
            "wrong amount"
        );
        assert_eq!(
            statuses(&app, &citizen, &code).await,
            ["pending", "pending"],
            "{label}: nothing recorded"
        );

        // The return page may come first: it shows the gateway's word and records nothing.
        let early = app.get(&format!("/thanh-toan/vnpay/ket-qua?{good}")).await;
        assert!(early.body.contains("Đang chờ xác nhận"), "{}", early.body);
        assert_eq!(early.headers["refresh"], "3");
        assert_eq!(statuses(&app, &citizen, &code).await, ["pending", "pending"]);
        let forged = app.get(&format!("/thanh-toan/vnpay/ket-qua?{tampered}")).await;
        assert!(forged.body.contains("Không xác nhận được"), "{}", forged.body);

        assert_eq!(ipn(&app, &good).await, "00", "{label}");
        assert_eq!(ipn(&app, &good).await, "02", "{label}: a replay is already confirmed");
        // The other attempt succeeds late: the money is owed back, never a second payment.
        assert_eq!(ipn(&app, &ipn_query(&notification(&b, 16_000, "00"))).await, "00");
        assert_eq!(statuses(&app, &citizen, &code).await, ["paid", "refund_due"], "{label}");
        let after = app.get(&format!("/thanh-toan/vnpay/ket-qua?{good}")).await;
        assert!(
            after.body.contains("Đã thanh toán"),
            "after the IPN the same return shows paid"
        );

        // A cancelled attempt is failed; a success for it afterwards is already confirmed.
        let code2 = file(&app, &citizen, &birth("1")).await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let c = start(&app, &citizen, &code2).await.json()["txn_ref"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(ipn(&app, &ipn_query(&notification(&c, 8_000, "24"))).await, "00");
        assert_eq!(ipn(&app, &ipn_query(&notification(&c, 8_000, "00"))).await, "02");
        assert_eq!(statuses(&app, &citizen, &code2).await, ["failed"], "{label}");
    }
}

/// Two successes for two attempts of one dossier at the same moment: exactly one pays.
#[tokio::test]
async fn concurrent_successes_pay_a_dossier_once() {
    for db in testing::all().await {
        let (app, _) = TestApp::with_payments(db, PaymentSetup::default()).await;
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        for round in 0..5 {
            let code = file(&app, &citizen, &birth("1")).await["code"]
                .as_str()
                .unwrap()
                .to_owned();
            let a = start(&app, &citizen, &code).await.json()["txn_ref"]
                .as_str()
                .unwrap()
                .to_owned();
            let b = start(&app, &citizen, &code).await.json()["txn_ref"]
                .as_str()
                .unwrap()
                .to_owned();
            let (qa, qb) = (
                ipn_query(&notification(&a, 8_000, "00")),
                ipn_query(&notification(&b, 8_000, "00")),
            );
            let (ra, rb) = tokio::join!(ipn(&app, &qa), ipn(&app, &qb));
            assert_eq!((ra.as_str(), rb.as_str()), ("00", "00"), "round {round}");
            let mut s = statuses(&app, &citizen, &code).await;
            s.sort();
            assert_eq!(s, ["paid", "refund_due"], "{} round {round}", app.label());
        }
    }
}

#[tokio::test]
async fn officers_record_counter_payments_with_a_receipt() {
    for db in testing::all().await {
        let (app, _) = TestApp::with_payments(db, PaymentSetup::default()).await;
        let label = app.label();
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        app.user(
            "mc@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.50")),
        )
        .await;
        app.user(
            "tp@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.01")),
        )
        .await;
        app.user(
            "cv@example.vn",
            AccountKind::Officer,
            Some((Role::Specialist, "H15.50")),
        )
        .await;
        let code = file(&app, &citizen, &birth("3")).await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let record = |cookie: String| {
            let app = &app;
            let code = code.clone();
            async move {
                // Every signed-in page carries the session's token (the sign-out form).
                let csrf = support::csrf_of(&app.get_with_cookie("/", &cookie).await.body);
                app.post_form(
                    &format!("/ho-so/{code}/thu-phi"),
                    Some(&cookie),
                    &[("_csrf", &csrf), ("method", "cash")],
                )
                .await
            }
        };
        let elsewhere = app.sign_in("tp@example.vn").await;
        let r = record(elsewhere).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{label}: another agency's dossier: {}",
            r.body
        );
        let specialist = app.sign_in("cv@example.vn").await;
        assert_eq!(
            record(specialist).await.status,
            StatusCode::FORBIDDEN,
            "only the one-stop officer takes money"
        );

        let mc = app.sign_in("mc@example.vn").await;
        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &mc).await;
        assert!(page.body.contains("Ghi nhận đã thu 24.000 đ"), "{}", page.body);
        let r = record(mc.clone()).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(r.headers["location"], format!("/ho-so/{code}?xong=paid"));
        let page = app.get_with_cookie(&format!("/ho-so/{code}?xong=paid"), &mc).await;
        assert!(
            page.body.contains("Đã ghi nhận thu phí") && page.body.contains("Đã nộp"),
            "{label}"
        );
        let link = page
            .body
            .split("/bien-lai/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let pdf = app
            .get_with_cookie(&format!("/ho-so/{code}/bien-lai/{link}"), &mc)
            .await;
        assert_eq!(pdf.content_type(), "application/pdf");
        let text = support::pdf_text(&pdf.bytes);
        assert!(
            text.contains("BIÊN LAI THU PHÍ, LỆ PHÍ") && text.contains("24.000"),
            "{text}"
        );
        assert!(
            text.contains("Hai mươi tư nghìn đồng") && text.contains("Tiền mặt"),
            "{text}"
        );
        let again = record(mc.clone()).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{label}: paid once");
        assert_eq!(
            app.get_with_cookie(
                &format!("/ho-so/{code}/bien-lai/{link}"),
                &app.sign_in("tp@example.vn").await
            )
            .await
            .status,
            StatusCode::NOT_FOUND,
            "another agency's officer does not see the receipt"
        );
        assert_eq!(statuses(&app, &citizen, &code).await, ["paid"]);
    }
}

#[tokio::test]
async fn a_fee_due_before_the_result_holds_the_result() {
    let (app, _) = TestApp::with_payments(testing::sqlite().await, PaymentSetup::default()).await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let mc = app
        .token(
            "mc1@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.01")),
        )
        .await;
    let cv = app
        .token(
            "cv1@example.vn",
            AccountKind::Officer,
            Some((Role::Specialist, "H15.01")),
        )
        .await;
    let ld = app
        .token("ld1@example.vn", AccountKind::Officer, Some((Role::Leader, "H15.01")))
        .await;
    let mut body = birth("0");
    body["procedure"] = json!("2.000488");
    body["agency"] = json!("H15.01");
    body["data"].as_object_mut().unwrap().remove("so_ban_sao");
    let d = file(&app, &citizen, &body).await;
    assert_eq!(
        (d["fee"]["amount"].as_i64(), d["fee"]["due"].as_str()),
        (Some(200_000), Some("before_result"))
    );
    assert!(d.get("payment_due").is_none(), "not due until the result is ready");
    let code = d["code"].as_str().unwrap();
    let steps = [(&mc, "receive"), (&mc, "forward"), (&cv, "forward"), (&ld, "approve")];
    for (v, (who, action)) in steps.into_iter().enumerate() {
        let r = act(&app, who, code, json!({"version": v + 1, "action": action})).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
    }
    let r = act(
        &app,
        &mc,
        code,
        json!({"version": 5, "action": "return_result", "method": "counter"}),
    )
    .await;
    assert_eq!(
        (r.status, r.json()["code"].as_str()),
        (StatusCode::CONFLICT, Some("payment_due"))
    );
    let mine = app
        .send(json_request("GET", "/api/v1/me/dossiers", &json!(null), Some(&citizen)))
        .await
        .json();
    assert_eq!(mine[0]["payment_due"], 200_000, "due now that the result is ready");
    let txn = start(&app, &citizen, code).await.json()["txn_ref"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(ipn(&app, &ipn_query(&notification(&txn, 200_000, "00"))).await, "00");
    let r = act(
        &app,
        &mc,
        code,
        json!({"version": 5, "action": "return_result", "method": "counter"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// The notification never arrives: reconciliation asks the gateway (`querydr`) and settles.
#[tokio::test]
async fn reconciliation_settles_what_the_notification_missed() {
    for db in testing::all().await {
        let setup = PaymentSetup {
            ipn_reachable: false,
            expiry: ExpiryPolicy {
                first_query_after: time::Duration::ZERO,
                ..ExpiryPolicy::default()
            },
        };
        let (app, base) = TestApp::with_payments(db, setup).await;
        let label = app.label();
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let code = file(&app, &citizen, &birth("2")).await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let redirect = start(&app, &citizen, &code).await.json()["redirect_url"]
            .as_str()
            .unwrap()
            .to_owned();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = http.get(&redirect).send().await.unwrap().text().await.unwrap();
        let field = |name: &str| {
            let at = page.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
            page[at..].split('"').next().unwrap().to_owned()
        };
        let done = http
            .post(format!("{base}/cong-thanh-toan-thu/thanh-toan"))
            .form(&[
                ("txn_ref", field("txn_ref")),
                ("token", field("token")),
                ("choice", "pay".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), 303);
        assert_eq!(
            statuses(&app, &citizen, &code).await,
            ["pending"],
            "{label}: the notification was lost"
        );
        let n = motcua_app::payments::reconcile_once(&app.state, &reqwest::Client::new())
            .await
            .unwrap();
        assert_eq!(n, 1, "{label}");
        assert_eq!(
            statuses(&app, &citizen, &code).await,
            ["paid"],
            "{label}: settled from querydr"
        );
        let n = motcua_app::payments::reconcile_once(&app.state, &reqwest::Client::new())
            .await
            .unwrap();
        assert_eq!(n, 0, "{label}: settled once");
    }
}

/// An attempt the payer never completed expires once its time is over; the fee stays due
/// and a new attempt may start.
#[tokio::test]
async fn unfinished_attempts_expire() {
    for db in testing::all().await {
        let setup = PaymentSetup {
            ipn_reachable: false,
            expiry: ExpiryPolicy {
                pay_window: time::Duration::ZERO,
                expire_after: time::Duration::ZERO,
                first_query_after: time::Duration::ZERO,
                ..ExpiryPolicy::default()
            },
        };
        let (app, _) = TestApp::with_payments(db, setup).await;
        let label = app.label();
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let code = file(&app, &citizen, &birth("1")).await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(start(&app, &citizen, &code).await.status, StatusCode::CREATED);
        let n = motcua_app::payments::reconcile_once(&app.state, &reqwest::Client::new())
            .await
            .unwrap();
        assert_eq!(n, 1, "{label}");
        assert_eq!(statuses(&app, &citizen, &code).await, ["expired"], "{label}");
        let view = app
            .send(json_request(
                "GET",
                &format!("/api/v1/dossiers/{code}"),
                &json!(null),
                Some(&citizen),
            ))
            .await
            .json();
        assert_eq!(view["payment_due"], 8_000, "an expired attempt leaves the fee to pay");
        assert_eq!(
            start(&app, &citizen, &code).await.status,
            StatusCode::CREATED,
            "and a new attempt may start"
        );
    }
}

#[tokio::test]
async fn only_the_applicant_pays_and_others_see_nothing() {
    let (app, base) = TestApp::with_payments(testing::sqlite().await, PaymentSetup::default()).await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let other = app.token("binh@example.vn", AccountKind::Citizen, None).await;
    let mc = app
        .token(
            "mc@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.50")),
        )
        .await;
    let code = file(&app, &citizen, &birth("1")).await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        start(&app, &other, &code).await.status,
        StatusCode::NOT_FOUND,
        "not theirs: not found"
    );
    assert_eq!(
        start(&app, &mc, &code).await.status,
        StatusCode::FORBIDDEN,
        "officers do not pay for citizens"
    );
    let anonymous = app
        .send(json_request(
            "POST",
            &format!("/api/v1/dossiers/{code}/payments"),
            &json!({}),
            None,
        ))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let list = app
        .send(json_request(
            "GET",
            &format!("/api/v1/dossiers/{code}/payments"),
            &json!(null),
            Some(&other),
        ))
        .await;
    assert_eq!(list.status, StatusCode::NOT_FOUND);
    let bad = app
        .send(json_request(
            "POST",
            &format!("/api/v1/dossiers/{code}/payments"),
            &json!({"locale": "fr"}),
            Some(&citizen),
        ))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The sandbox refuses a forged pay request and a completion without its token.
    let http = reqwest::Client::new();
    let forged = http
        .get(format!(
            "{base}/cong-thanh-toan-thu/paymentv2/vpcpay.html?vnp_Amount=100&vnp_SecureHash=00"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 400);
    let no_token = http
        .post(format!("{base}/cong-thanh-toan-thu/thanh-toan"))
        .form(&[("txn_ref", "D1A1T1"), ("token", "x"), ("choice", "pay")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 400);
    assert!(no_token.text().await.unwrap().contains("invalid_token"));
}

#[tokio::test]
async fn malformed_fee_schedules_are_refused_on_import_with_their_line() {
    let app = TestApp::sqlite().await;
    let admin = app
        .token(
            "admin@example.vn",
            AccountKind::Officer,
            Some((Role::SystemAdmin, "H15")),
        )
        .await;
    let export = app
        .send(json_request("GET", "/api/v1/catalogue", &json!(null), Some(&admin)))
        .await;
    let mut doc = export.json();
    let p = doc["procedures"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["code"] == "1.001193")
        .unwrap();
    p["fee_schedule"]["items"][0]["unit_amount_vnd"] = json!(-8000);
    p["fee_schedule"]["items"][0]["field"] = json!("khong_co");
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let line = text.lines().position(|l| l.contains("\"1.001193\"")).unwrap() + 1;
    let req = axum::http::Request::post("/api/v1/catalogue")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {admin}"))
        .body(axum::body::Body::from(text.clone()))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let errors = r.json()["errors"].as_array().unwrap().clone();
    let fields: Vec<_> = errors
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        fields.contains(&("fee_schedule/items/0/unit_amount_vnd".into(), "negative_amount".into())),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("fee_schedule/items/0/field".into(), "unknown_field".into())),
        "{fields:?}"
    );
    // Each error names the procedure and the line where it starts in the document (the
    // opening brace before its code).
    let lines: Vec<&str> = text.lines().collect();
    for e in &errors {
        let l = e["line"].as_u64().unwrap() as usize;
        assert_eq!(e["item"], "procedures/1");
        assert!(
            l <= line && line - l < 40 && lines[l - 1].trim() == "{",
            "{e} (code on line {line})"
        );
    }
}
