//! SMS through an HTTP gateway, against a local receiver started by each test: the exact
//! request (method, path, headers, body, encoding of Vietnamese), and how answers, slowness
//! and absence are classified.
#![allow(clippy::unwrap_used)] // helpers of the test-suite

#[path = "support/receiver.rs"]
mod receiver;

use std::time::{Duration, Instant};

use motcua_notify::*;
use receiver::{Receiver, Reply};
use serde_json::json;

fn site() -> SiteContext {
    SiteContext::new(&SiteConfig {
        public_base_url: "https://dichvucong.daklak.gov.vn".into(),
        portal_name: "Cổng Dịch vụ công tỉnh Đắk Lắk".into(),
        portal_name_en: None,
    })
    .unwrap()
}

fn sms(kind: TemplateKind) -> Outgoing {
    let rendered = example(kind, Lang::Vi, &site()).unwrap();
    let key = IdempotencyKey::new(EventSource::Outbox(77), Channel::Sms, "0912 345 678");
    Outgoing::Sms(rendered.sms(VnPhone::parse("0912 345 678").unwrap(), key))
}

/// A JSON gateway configured the way an administrator would write it.
fn json_gateway(base: &str, timeout_seconds: u64) -> SmsSender {
    let config: SmsGatewayConfig = serde_json::from_value(json!({
        "url": format!("{base}/api/sms/send"),
        "body": {
            "format": "json",
            "template": r#"{"to": "{phone}", "message": "{text}", "ref": "{id}", "brandname": "UBND DAKLAK", "options": {"unicode": false}}"#
        },
        "auth": {"kind": "header", "name": "Authorization", "value": "Bearer sms-token-1"},
        "success_field": "code",
        "success_value": "0",
        "message_id_field": "data.id",
        "timeout_seconds": timeout_seconds,
    }))
    .unwrap();
    SmsSender::new(config).unwrap()
}

#[tokio::test]
async fn a_json_gateway_gets_folded_text_and_the_token() {
    let r = Receiver::start(Reply::json(200, json!({"code": 0, "data": {"id": "m-1"}}))).await;
    let msg = sms(TemplateKind::DossierReceived);
    let receipt = json_gateway(&r.base, 5).send(&msg).await.unwrap();

    let requests = r.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/api/sms/send");
    assert_eq!(req.header("content-type"), Some("application/json; charset=utf-8"));
    assert_eq!(req.header("authorization"), Some("Bearer sms-token-1"));
    assert!(req.body.is_ascii(), "folded text is plain ASCII on the wire");
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(
        body,
        json!({
            "to": "84912345678",
            "message": "Ho so H15.50-260105-0001 da duoc tiep nhan, hen tra ket qua 16:30 07/01/2026. \
                        Tra cuu: https://dichvucong.daklak.gov.vn/ho-so/H15.50-260105-0001",
            "ref": msg.key().as_str(),
            "brandname": "UBND DAKLAK",
            "options": {"unicode": false},
        })
    );
    assert_eq!(receipt.channel, Channel::Sms);
    assert_eq!(receipt.provider_id.as_deref(), Some("m-1"));
    assert_eq!(&receipt.key, msg.key());
}

#[tokio::test]
async fn a_form_gateway_gets_unfolded_vietnamese_in_utf8_and_basic_auth() {
    let r = Receiver::start(Reply::text(200, "OK")).await;
    let config: SmsGatewayConfig = serde_json::from_value(json!({
        "url": format!("{}/send.php", r.base),
        "body": {"format": "form", "fields": [["u", "motcua"], ["to", "{phone}"], ["text", "{text}"]]},
        "auth": {"kind": "basic", "username": "motcua", "password": "s3cr3t"},
        "phone_format": "national",
        "fold_diacritics": false,
    }))
    .unwrap();
    let msg = sms(TemplateKind::ResultReady);
    let receipt = SmsSender::new(config).unwrap().send(&msg).await.unwrap();
    assert_eq!(receipt.provider_id, None);
    assert_eq!(receipt.response, "HTTP 200");

    let req = &r.requests()[0];
    assert_eq!(req.header("content-type"), Some("application/x-www-form-urlencoded"));
    // base64("motcua:s3cr3t")
    assert_eq!(req.header("authorization"), Some("Basic bW90Y3VhOnMzY3IzdA=="));
    let raw = String::from_utf8(req.body.clone()).unwrap();
    // "Hồ sơ": ồ is U+1ED3 (E1 BB 93 in UTF-8), ơ is U+01A1 (C6 A1).
    assert!(
        raw.starts_with("u=motcua&to=0912345678&text=H%E1%BB%93+s%C6%A1+"),
        "{raw}"
    );
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&req.body).into_owned().collect();
    assert_eq!(
        fields[2],
        (
            "text".to_owned(),
            "Hồ sơ H15.50-260105-0001 đã có kết quả. Chi tiết: https://dichvucong.daklak.gov.vn/ho-so/H15.50-260105-0001"
                .to_owned()
        )
    );
}

#[tokio::test]
async fn answers_are_classified_by_status() {
    let cases = [
        (500, true, "gateway_unavailable"),
        (503, true, "gateway_unavailable"),
        (429, true, "gateway_busy"),
        (408, true, "gateway_busy"),
        (400, false, "gateway_rejected"),
        (401, false, "gateway_rejected"),
        (302, false, "gateway_unexpected_status"),
    ];
    for (status, transient, code) in cases {
        let r = Receiver::start(Reply::text(status, "Loi he thong")).await;
        let e = json_gateway(&r.base, 5)
            .send(&sms(TemplateKind::DossierReceived))
            .await
            .unwrap_err();
        assert_eq!((e.is_transient(), e.code()), (transient, code), "HTTP {status}: {e}");
        assert!(e.detail().contains(&format!("HTTP {status}")), "{e}");
        assert_eq!(
            r.requests().len(),
            1,
            "HTTP {status}: one request, redirects not followed"
        );
    }
}

#[tokio::test]
async fn a_success_status_with_a_failure_code_is_permanent() {
    let r = Receiver::start(Reply::json(200, json!({"code": 7, "message": "Sai brandname"}))).await;
    let e = json_gateway(&r.base, 5)
        .send(&sms(TemplateKind::DossierReceived))
        .await
        .unwrap_err();
    assert!(!e.is_transient());
    assert_eq!(e.code(), "gateway_reply_unsuccessful");
    assert!(e.detail().contains("Sai brandname"), "{e}");
}

#[tokio::test]
async fn a_slow_gateway_times_out_transiently() {
    let r = Receiver::start(Reply {
        delay: Duration::from_secs(5),
        ..Reply::json(200, json!({"code": 0}))
    })
    .await;
    let started = Instant::now();
    let e = json_gateway(&r.base, 1)
        .send(&sms(TemplateKind::DossierReceived))
        .await
        .unwrap_err();
    assert!(e.is_transient(), "{e}");
    assert_eq!(e.code(), "gateway_timeout");
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn an_absent_gateway_is_transient() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let e = json_gateway(&format!("http://127.0.0.1:{port}"), 5)
        .send(&sms(TemplateKind::DossierReceived))
        .await
        .unwrap_err();
    assert!(e.is_transient(), "{e}");
    assert_eq!(e.code(), "gateway_unreachable");
}

#[tokio::test]
async fn wrong_configurations_are_refused_and_secrets_stay_hidden() {
    let base = json!({
        "url": "https://sms.example.vn/send",
        "body": {"format": "json", "template": r#"{"to": "{phone}", "text": "{text}"}"#},
        "auth": {"kind": "header", "name": "X-Api-Key", "value": "very-secret-key"},
    });
    let config: SmsGatewayConfig = serde_json::from_value(base.clone()).unwrap();
    assert!(!format!("{config:?}").contains("very-secret-key"));
    let sender = SmsSender::new(config).unwrap();
    assert!(!format!("{sender:?}").contains("very-secret-key"));

    let broken = [
        json!({"body": {"format": "json", "template": "{\"to\": {phone}}"}}),
        json!({"url": "ftp://sms.example.vn/send"}),
        json!({"success_field": "code"}),
        json!({"auth": {"kind": "header", "name": "Bad Header", "value": "x"}}),
        json!({"timeout_seconds": 0}),
    ];
    for change in broken {
        let mut c = base.clone();
        for (k, v) in change.as_object().unwrap() {
            c[k] = v.clone();
        }
        let config: SmsGatewayConfig = serde_json::from_value(c).unwrap();
        assert_eq!(SmsSender::new(config).unwrap_err().code(), "config_invalid", "{change}");
    }
}
