//! Feedback from a chat platform through the signed inbound webhook, on every backend.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

use motcua_storage::FeedbackFilter;
use motcua_web::channels::sign;
use support::{CHANNEL_SECRET, TestApp};

const PATH: &str = "/api/v1/channels/zalo/messages";

fn message(id: &str) -> Vec<u8> {
    json!({
        "message_id": id,
        "sender": {"id": "zalo-user-8841", "name": "Lê Thị Hoa", "phone": "0905123456"},
        "text": "Rác đổ trộm ở đầu hẻm 45 Nguyễn Tất Thành mấy ngày nay",
        "location": {"lat": 12.6801, "long": 108.0412},
        "images": ["https://zalo.example/anh/1.jpg"]
    })
    .to_string()
    .into_bytes()
}

fn post(path: &str, body: Vec<u8>, signature: Option<(i64, String)>) -> Request<Body> {
    let mut b = Request::post(path).header("content-type", "application/json");
    if let Some((ts, sig)) = signature {
        b = b
            .header("x-motcua-timestamp", ts.to_string())
            .header("x-motcua-signature", sig);
    }
    b.body(Body::from(body)).unwrap()
}

fn signed(body: &[u8]) -> Option<(i64, String)> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    Some((now, sign(CHANNEL_SECRET, now, body)))
}

async fn stored(app: &TestApp) -> usize {
    let all = FeedbackFilter {
        limit: 100,
        ..FeedbackFilter::default()
    };
    app.db.store.list_feedback(&all).await.unwrap().len()
}

#[tokio::test]
async fn a_signed_message_becomes_a_report_once() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let body = message("m-1");
        let first = app.send(post(PATH, body.clone(), signed(&body))).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}: {}", app.label(), first.body);
        let receipt = first.json();
        assert_eq!(receipt["duplicate"], false);
        let id = motcua_domain::ids::ReportId(receipt["service_request_id"].as_i64().unwrap());
        let r = app.db.store.feedback(id).await.unwrap().unwrap();
        assert_eq!(r.category_code, "rac-thai", "the channel's default category");
        assert_eq!(r.channel, "webhook");
        assert_eq!(r.area_code.as_deref(), Some("H15.50"));
        assert_eq!(r.account_ref.as_deref(), Some("zalo:zalo-user-8841"));
        assert_eq!(
            app.db.store.feedback_media(id).await.unwrap()[0].url.as_deref(),
            Some("https://zalo.example/anh/1.jpg")
        );
        // Platforms retry: the same message id gives the same report.
        let again = app.send(post(PATH, body.clone(), signed(&body))).await;
        assert_eq!(again.status, StatusCode::OK);
        assert_eq!(again.json()["service_request_id"], id.get());
        assert_eq!(again.json()["duplicate"], true);
        assert_eq!(stored(&app).await, 1);
    }
}

#[tokio::test]
async fn unsigned_forged_replayed_or_invalid_messages_store_nothing() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let body = message("m-2");
        let unsigned = app.send(post(PATH, body.clone(), None)).await;
        assert_eq!(
            (unsigned.status, unsigned.json()["code"].clone()),
            (StatusCode::UNAUTHORIZED, json!("signature_missing"))
        );
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let forged = app
            .send(post(
                PATH,
                body.clone(),
                Some((now, sign("khong-phai-bi-mat-cua-kenh", now, &body))),
            ))
            .await;
        assert_eq!(forged.json()["code"], "signature_invalid");
        let old = now - 3600;
        let replayed = app
            .send(post(PATH, body.clone(), Some((old, sign(CHANNEL_SECRET, old, &body)))))
            .await;
        assert_eq!(replayed.json()["code"], "signature_expired");
        // A body changed after signing fails.
        let sig = signed(&body);
        let tampered = app.send(post(PATH, message("m-3"), sig)).await;
        assert_eq!(tampered.json()["code"], "signature_invalid");
        let unknown = app
            .send(post("/api/v1/channels/telegram/messages", body.clone(), signed(&body)))
            .await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        // Signed but without a place: the relay learns what to ask the citizen.
        let placeless = json!({"message_id": "m-4", "sender": {"id": "u"}, "text": "Ngập nước"})
            .to_string()
            .into_bytes();
        let r = app.send(post(PATH, placeless.clone(), signed(&placeless))).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["errors"][0]["code"], "location_required");
        let garbage = b"{not json".to_vec();
        let r = app.send(post(PATH, garbage.clone(), signed(&garbage))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(stored(&app).await, 0, "{}", app.label());
    }
}
