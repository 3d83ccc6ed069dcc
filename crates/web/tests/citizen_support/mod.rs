//! What the document store, ratings and return-by-post suites share: the people of a
//! commune (citizens, one-stop officer, specialist, leader, an officer elsewhere), filing,
//! uploading to a draft and acting through the API.

#![allow(dead_code, clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use motcua_domain::account::{AccountKind, Role};

use crate::support::{Reply, TestApp, csrf_of, json_request};

/// One app per backend, signing in as often as these suites do (each person signs in
/// through the API and the portal).
pub async fn apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in motcua_storage::testing::all().await {
        let mut settings = crate::support::test_settings();
        settings.app.login_attempts_per_minute = 100;
        apps.push(TestApp::on(db, settings).await);
    }
    apps
}

/// A small valid PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Bearer tokens of the people of the suite.
pub struct People {
    /// The applicant.
    pub an: String,
    /// Another citizen.
    pub binh: String,
    /// One-stop officer of H15.50.
    pub mc: String,
    /// Leader of H15.50.
    pub leader: String,
    /// Specialist of H15.50 who never acts.
    pub cv: String,
    /// One-stop officer of the Department of Justice (H15.01).
    pub elsewhere: String,
    pub admin: String,
}

pub async fn people(app: &TestApp) -> People {
    let officer = |login: &'static str, role: Role, agency: &'static str| async move {
        app.token(login, AccountKind::Officer, Some((role, agency))).await
    };
    People {
        an: app.token("an@example.vn", AccountKind::Citizen, None).await,
        binh: app.token("binh@example.vn", AccountKind::Citizen, None).await,
        mc: officer("mc@example.vn", Role::OneStopOfficer, "H15.50").await,
        leader: officer("ld@example.vn", Role::Leader, "H15.50").await,
        cv: officer("cv@example.vn", Role::Specialist, "H15.50").await,
        elsewhere: officer("tp@example.vn", Role::OneStopOfficer, "H15.01").await,
        admin: officer("qt@example.vn", Role::AgencyAdmin, "H15.50").await,
    }
}

/// Sets a two-step process on the marriage registration: the one-stop officer receives,
/// marks processed or refuses, then returns the result.
pub async fn two_steps(app: &TestApp, p: &People) {
    let process = json!({"steps": [
        {"key": "tiep_nhan", "name": "Tiếp nhận và giải quyết", "role": "one_stop_officer", "allowance": 0.5,
         "actions": ["receive", "mark_processed", "refuse"]},
        {"key": "tra", "name": "Trả kết quả", "role": "one_stop_officer", "allowance": 0.5, "actions": ["return_result"]}
    ]});
    let r = app
        .send(json_request(
            "PUT",
            "/api/v1/procedures/1.000894/process",
            &process,
            Some(&p.admin),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

pub fn filing() -> Value {
    json!({
        "procedure": "1.000894",
        "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn, Buôn Ma Thuột", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02"}
    })
}

/// Files the marriage registration for `token`'s account (with the files of its draft).
pub async fn file(app: &TestApp, token: &str) -> String {
    let r = app
        .send(json_request("POST", "/api/v1/dossiers", &filing(), Some(token)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["code"].as_str().unwrap().to_owned()
}

pub fn get(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

pub async fn dossier(app: &TestApp, code: &str, token: &str) -> Value {
    let r = app.send(get(&format!("/api/v1/dossiers/{code}"), token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

/// Takes `action` (with its fields) on the dossier at its current version.
pub async fn act(app: &TestApp, code: &str, token: &str, action: Value) -> Reply {
    let version = dossier(app, code, token).await["version"].as_i64().unwrap();
    let mut body = action;
    body["version"] = json!(version);
    app.send(json_request(
        "POST",
        &format!("/api/v1/dossiers/{code}/actions"),
        &body,
        Some(token),
    ))
    .await
}

/// Uploads a file to the signed-in citizen's draft of the marriage registration.
pub async fn upload(app: &TestApp, cookie: &str, component: &str, name: &str, bytes: &[u8]) {
    let page = app.get_with_cookie("/nop-ho-so/1.000894/giay-to", cookie).await;
    let csrf = csrf_of(&page.body);
    let r = app
        .post_file(
            &format!("/nop-ho-so/1.000894/giay-to?_csrf={csrf}"),
            cookie,
            &[("component", component)],
            name,
            bytes,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let back = r.headers["location"].to_str().unwrap();
    assert!(!back.contains("loi="), "upload refused: {back}");
}
