//! Zalo ZNS template messages against a local receiver started by each test: the exact
//! request Zalo expects, its success and error answers, and the dispatcher.
#![allow(clippy::unwrap_used)] // helpers of the test-suite

#[path = "support/receiver.rs"]
mod receiver;

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

fn zns_message(kind: TemplateKind) -> Outgoing {
    let rendered = example(kind, Lang::Vi, &site()).unwrap();
    let key = IdempotencyKey::new(EventSource::Outbox(501), Channel::Zns, "+84 912 345 678");
    Outgoing::Zns(rendered.zns(VnPhone::parse("+84 912 345 678").unwrap(), key))
}

fn sender(base: &str, extra: serde_json::Value) -> ZnsSender {
    let mut config = json!({
        "url": format!("{base}/message/template"),
        "access_token": "zalo-token-xyz",
        "templates": {"dossier_received": "248079", "apology_extension": "248080"},
        "timeout_seconds": 5,
    });
    for (k, v) in extra.as_object().unwrap() {
        config[k] = v.clone();
    }
    ZnsSender::new(serde_json::from_value(config).unwrap()).unwrap()
}

fn success() -> Reply {
    Reply::json(
        200,
        json!({"error": 0, "message": "Success", "data": {"msg_id": "a1b2c3", "sent_time": "1767575700000"}}),
    )
}

#[tokio::test]
async fn the_request_is_what_zalo_expects() {
    let r = Receiver::start(success()).await;
    let msg = zns_message(TemplateKind::DossierReceived);
    let receipt = sender(&r.base, json!({})).send(&msg).await.unwrap();
    assert_eq!(receipt.channel, Channel::Zns);
    assert_eq!(receipt.provider_id.as_deref(), Some("a1b2c3"));

    let requests = r.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/message/template");
    assert_eq!(req.header("access_token"), Some("zalo-token-xyz"));
    assert_eq!(req.header("content-type"), Some("application/json"));
    let raw = String::from_utf8(req.body.clone()).expect("UTF-8 JSON");
    assert!(
        raw.contains("Đăng ký khai sinh"),
        "Vietnamese travels as UTF-8, not escaped: {raw}"
    );
    let body: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(
        body,
        json!({
            "phone": "84912345678",
            "template_id": "248079",
            "template_data": {
                "ma_ho_so": "H15.50-260105-0001",
                "ten_thu_tuc": "Đăng ký khai sinh",
                "ngay_hen": "16:30 07/01/2026",
            },
            "tracking_id": msg.key().as_str(),
        })
    );
}

#[tokio::test]
async fn the_apology_carries_both_appointments_and_development_mode_is_marked() {
    let r = Receiver::start(success()).await;
    sender(&r.base, json!({"development_mode": true}))
        .send(&zns_message(TemplateKind::ApologyExtension))
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&r.requests()[0].body).unwrap();
    assert_eq!(body["mode"], "development");
    assert_eq!(body["template_id"], "248080");
    assert_eq!(body["template_data"]["ngay_hen_cu"], "16:30 07/01/2026");
    assert_eq!(body["template_data"]["ngay_hen_moi"], "16:30 12/01/2026");
    assert_eq!(
        body["template_data"]["ly_do"],
        "Cần xác minh thông tin với cơ quan khác"
    );
}

#[tokio::test]
async fn a_zalo_error_is_permanent_with_its_code() {
    let r = Receiver::start(Reply::json(
        200,
        json!({"error": -124, "message": "Access token is invalid"}),
    ))
    .await;
    let e = sender(&r.base, json!({}))
        .send(&zns_message(TemplateKind::DossierReceived))
        .await
        .unwrap_err();
    assert!(!e.is_transient());
    assert_eq!(e.code(), "zns_rejected");
    assert!(
        e.detail().contains("-124") && e.detail().contains("Access token is invalid"),
        "{e}"
    );
}

#[tokio::test]
async fn server_errors_are_transient_and_client_errors_permanent() {
    let r = Receiver::start(Reply::text(502, "Bad Gateway")).await;
    let e = sender(&r.base, json!({}))
        .send(&zns_message(TemplateKind::DossierReceived))
        .await
        .unwrap_err();
    assert_eq!((e.is_transient(), e.code()), (true, "gateway_unavailable"));
    let r = Receiver::start(Reply::text(403, "Forbidden")).await;
    let e = sender(&r.base, json!({}))
        .send(&zns_message(TemplateKind::DossierReceived))
        .await
        .unwrap_err();
    assert_eq!((e.is_transient(), e.code()), (false, "gateway_rejected"));
}

#[tokio::test]
async fn a_message_without_a_zns_template_is_not_sent() {
    let r = Receiver::start(success()).await;
    let e = sender(&r.base, json!({}))
        .send(&zns_message(TemplateKind::ResultReady))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "zns_template_not_configured");
    assert!(!e.is_transient());
    assert!(r.requests().is_empty());
}

#[tokio::test]
async fn the_dispatcher_routes_by_channel_and_names_missing_ones() {
    let r = Receiver::start(success()).await;
    let senders = Senders {
        zns: Some(sender(&r.base, json!({}))),
        ..Senders::default()
    };
    senders.send(&zns_message(TemplateKind::DossierReceived)).await.unwrap();
    assert_eq!(r.requests().len(), 1);

    let rendered = example(TemplateKind::DossierReceived, Lang::Vi, &site()).unwrap();
    let phone = VnPhone::parse("0912345678").unwrap();
    let sms = Outgoing::Sms(rendered.sms(
        phone,
        IdempotencyKey::new(EventSource::Outbox(1), Channel::Sms, "0912345678"),
    ));
    let e = senders.send(&sms).await.unwrap_err();
    assert_eq!(e.code(), "channel_not_configured");
    assert!(!e.is_transient());
    assert!(!format!("{senders:?}").contains("zalo-token-xyz"));
}
