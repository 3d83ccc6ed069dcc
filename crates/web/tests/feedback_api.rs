//! Feedback through the JSON API: the setup for administrators, reading a report as the
//! public and as those responsible, and acting on it, on every backend.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use motcua_app::feedback::{Submission, submit};
use motcua_app::records::{FeedbackChannel, FeedbackRecord};
use motcua_domain::account::{AccountKind, Role};
use motcua_domain::feedback::NewReport;
use motcua_domain::ids::{ReportId, UserId};
use support::{TestApp, json_request};

async fn report(app: &TestApp, reporter: Option<UserId>, category: &str, anonymous: bool) -> FeedbackRecord {
    let mut r = NewReport {
        category: category.into(),
        description: "Đèn đường trước số 12 Lê Duẩn không sáng".into(),
        lat: "12.6667".into(),
        lon: "108.05".into(),
        anonymous,
        ..NewReport::default()
    };
    r.contact.name = "Nguyễn Văn An".into();
    r.contact.phone = "0912345678".into();
    r.answers.insert("hien_tuong".into(), vec!["khong-sang".into()]);
    let s = Submission::new(r, reporter, FeedbackChannel::Portal);
    submit(&app.state, s).await.unwrap()
}

fn get(path: &str, token: Option<&str>) -> Request<Body> {
    let mut b = Request::get(path);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(Body::empty()).unwrap()
}

async fn act(app: &TestApp, id: ReportId, token: &str, body: Value) -> support::Reply {
    app.send(json_request(
        "POST",
        &format!("/api/v1/feedback/{id}/actions"),
        &body,
        Some(token),
    ))
    .await
}

#[tokio::test]
async fn officers_handle_a_report_and_the_public_reads_the_answer() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let login = motcua_domain::account::LoginId::parse("an@example.vn").unwrap();
        let citizen_id = app.db.store.user_by_login(&login).await.unwrap().unwrap().id;
        let cv = app
            .token(
                "cv@example.vn",
                AccountKind::Officer,
                Some((Role::Specialist, "H15.50")),
            )
            .await;
        let leader = app
            .token("ld@example.vn", AccountKind::Officer, Some((Role::Leader, "H15.50")))
            .await;
        let outsider = app
            .token("tp@example.vn", AccountKind::Officer, Some((Role::Leader, "H15.01")))
            .await;
        let r = report(&app, Some(citizen_id), "den-duong", true).await;
        // The point lies in the commune H15.50: routed there.
        assert_eq!(r.area_code.as_deref(), Some("H15.50"), "{}", app.label());
        let id = r.id;

        // The public sees an open street-lamp report, without contact or name.
        let public = app.send(get(&format!("/api/v1/feedback/{id}"), None)).await;
        assert_eq!(public.status, StatusCode::OK);
        let body = public.json();
        assert!(body.get("contact").is_none() && body.get("version").is_none());
        assert_eq!(body["report"]["reporter_name"], Value::Null, "anonymous to the public");
        assert!(!public.body.contains("0912345678"));

        // Officers elsewhere neither read it in full nor act.
        let theirs = app.send(get(&format!("/api/v1/feedback/{id}"), Some(&outsider))).await;
        assert!(theirs.json().get("contact").is_none());
        let refused = act(&app, id, &outsider, json!({"version": 1, "action": "accept"})).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        // The reporter cannot accept their own report.
        let own = act(&app, id, &citizen, json!({"version": 1, "action": "accept"})).await;
        assert_eq!(own.json()["code"], "not_responsible");

        let accepted = act(&app, id, &cv, json!({"version": 1, "action": "accept"})).await;
        assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
        assert_eq!(accepted.json()["report"]["status"], "in_progress");
        let stale = act(&app, id, &cv, json!({"version": 1, "action": "answer", "text": "x"})).await;
        assert_eq!(
            (stale.status, stale.json()["code"].clone()),
            (StatusCode::CONFLICT, json!("version_conflict"))
        );
        let html = act(
            &app,
            id,
            &cv,
            json!({"version": 2, "action": "answer", "text": "<b>xong</b>"}),
        )
        .await;
        assert_eq!(html.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(html.json()["errors"][0]["code"], "html_not_allowed");
        let answered = act(
            &app,
            id,
            &cv,
            json!({"version": 2, "action": "answer", "text": "Đã thay bóng đèn."}),
        )
        .await;
        assert_eq!(answered.json()["report"]["status"], "answered");
        let by_specialist = act(&app, id, &cv, json!({"version": 3, "action": "publish"})).await;
        assert_eq!(
            (by_specialist.status, by_specialist.json()["code"].clone()),
            (StatusCode::FORBIDDEN, json!("leader_required"))
        );
        let published = act(&app, id, &leader, json!({"version": 3, "action": "publish"})).await;
        assert_eq!(published.json()["report"]["status"], "published");
        let public = app.send(get(&format!("/api/v1/feedback/{id}"), None)).await.json();
        assert_eq!(public["report"]["answer"], "Đã thay bóng đèn.");

        // The reporter disputes; nobody else may.
        let stranger = app.token("binh@example.vn", AccountKind::Citizen, None).await;
        let theirs = act(
            &app,
            id,
            &stranger,
            json!({"version": 4, "action": "dispute", "reason": "Vẫn tối"}),
        )
        .await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND);
        let reopened = act(
            &app,
            id,
            &citizen,
            json!({"version": 4, "action": "dispute", "reason": "Đèn vẫn không sáng"}),
        )
        .await;
        assert_eq!(reopened.json()["report"]["status"], "in_progress");
        let history = app.db.store.feedback_history(id).await.unwrap();
        let actions: Vec<_> = history.iter().map(|h| h.action.as_str()).collect();
        assert_eq!(actions, ["submit", "accept", "answer", "publish", "dispute"]);
    }
}

#[tokio::test]
async fn reports_about_officials_are_not_public_and_go_to_their_route() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let mut r = NewReport {
            category: "hanh-vi-can-bo".into(),
            description: "Cán bộ hẹn lại nhiều lần không rõ lý do".into(),
            address: "Bộ phận một cửa Sở Tư pháp".into(),
            ..NewReport::default()
        };
        r.answers.insert("noi_xay_ra".into(), vec!["Sở Tư pháp".into()]);
        let s = Submission::new(r, None, FeedbackChannel::Portal);
        let rec = submit(&app.state, s).await.unwrap();
        let province = app.state.catalogue().agency("H15").unwrap().id;
        assert_eq!(rec.state.agency_id, province);
        assert!(!rec.public);
        let public = app.send(get(&format!("/api/v1/feedback/{}", rec.id), None)).await;
        assert_eq!(public.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_setup_is_for_system_administrators_and_checked_whole() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::SystemAdmin, "H15")),
            )
            .await;
        let leader = app
            .token("ld@example.vn", AccountKind::Officer, Some((Role::Leader, "H15.50")))
            .await;
        let current = app.send(get("/api/v1/feedback/setup", None)).await;
        assert_eq!(current.headers["etag"], "\"1\"");
        let mut setup = current.json();
        setup["categories"][0]["name"] = json!("Thủ tục hành chính (sửa)");
        let by_leader = app
            .send(json_request("PUT", "/api/v1/feedback/setup", &setup, Some(&leader)))
            .await;
        assert_eq!(by_leader.status, StatusCode::FORBIDDEN);
        let mut broken = setup.clone();
        broken["routes"] = json!([{"agency": "H99.99", "category": "khong-co"}]);
        let bad = app
            .send(json_request("PUT", "/api/v1/feedback/setup", &broken, Some(&admin)))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<_> = bad.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].clone())
            .collect();
        assert!(fields.contains(&json!("unknown_agency")) && fields.contains(&json!("no_default_route")));
        let mut req = json_request("PUT", "/api/v1/feedback/setup", &setup, Some(&admin));
        req.headers_mut().insert("if-match", "\"7\"".parse().unwrap());
        assert_eq!(app.send(req).await.status, StatusCode::CONFLICT);
        let saved = app
            .send(json_request("PUT", "/api/v1/feedback/setup", &setup, Some(&admin)))
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert_eq!(saved.headers["etag"], "\"2\"");
        assert_eq!(
            app.state.feedback_setup().categories[0].name,
            "Thủ tục hành chính (sửa)"
        );
    }
}

#[tokio::test]
async fn each_reader_is_told_the_feedback_actions_the_rules_accept_from_them() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let login = motcua_domain::account::LoginId::parse("an@example.vn").unwrap();
        let citizen_id = app.db.store.user_by_login(&login).await.unwrap().unwrap().id;
        let cv = app
            .token(
                "cv@example.vn",
                AccountKind::Officer,
                Some((Role::Specialist, "H15.50")),
            )
            .await;
        let leader = app
            .token("ld@example.vn", AccountKind::Officer, Some((Role::Leader, "H15.50")))
            .await;
        let id = report(&app, Some(citizen_id), "den-duong", false).await.id;
        let path = format!("/api/v1/feedback/{id}");
        let names = |r: &support::Reply| -> Vec<String> {
            r.json()["available_actions"]
                .as_array()
                .unwrap_or_else(|| panic!("{}", r.body))
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .collect()
        };
        assert!(
            names(&app.send(get(&path, None)).await).is_empty(),
            "{}: the public acts on nothing",
            app.label()
        );
        assert!(names(&app.send(get(&path, Some(&citizen))).await).is_empty());
        assert_eq!(
            names(&app.send(get(&path, Some(&cv))).await),
            ["accept", "refuse", "request_info", "answer", "transfer"]
        );
        let answered = act(
            &app,
            id,
            &cv,
            json!({"version": 1, "action": "answer", "text": "Đã thay bóng đèn"}),
        )
        .await;
        assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
        assert!(names(&answered).is_empty(), "only a leader publishes");
        assert_eq!(names(&app.send(get(&path, Some(&leader))).await), ["publish"]);
    }
}
