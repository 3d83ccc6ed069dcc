//! Dossiers through the API, as citizens, one-stop officers, specialists and the public use
//! them, on every backend.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use motcua_domain::account::{AccountKind, Role};
use support::{TestApp, json_request};

fn filing() -> Value {
    json!({
        "procedure": "1.000894",
        "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn, Buôn Ma Thuột", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02"}
    })
}

fn get(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

fn act(app: &TestApp, code: &str, token: &str, body: Value) -> impl std::future::Future<Output = support::Reply> {
    app.send(json_request(
        "POST",
        &format!("/api/v1/dossiers/{code}/actions"),
        &body,
        Some(token),
    ))
}

#[tokio::test]
async fn filing_reading_and_acting() {
    for app in TestApp::all().await {
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let other = app.token("binh@example.vn", AccountKind::Citizen, None).await;
        let mc = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let cv = app
            .token(
                "cv@example.vn",
                AccountKind::Officer,
                Some((Role::Specialist, "H15.50")),
            )
            .await;
        let elsewhere = app
            .token(
                "tp@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.01")),
            )
            .await;

        let mut bad = filing();
        bad["data"]["so_dinh_danh_chong"] = json!("123");
        bad["applicant"]["phone"] = json!("");
        let r = app
            .send(json_request("POST", "/api/v1/dossiers", &bad, Some(&citizen)))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let fields: Vec<_> = r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fields, ["applicant/phone", "data/so_dinh_danh_chong"]);
        let empty = app.send(get("/api/v1/dossiers?agency=H15.50&queue=new", &mc)).await;
        assert_eq!(
            empty.json().as_array().unwrap().len(),
            0,
            "{}: nothing written",
            app.label()
        );

        let r = app
            .send(json_request("POST", "/api/v1/dossiers", &filing(), Some(&citizen)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let d = r.json();
        let code = d["code"].as_str().unwrap().to_owned();
        assert!(code.starts_with("H15.50-") && code.ends_with("-0001"), "{code}");
        assert_eq!(d["status"], "submitted");
        let secret = d["secret"].as_str().unwrap().to_owned();

        assert_eq!(
            app.send(get(&format!("/api/v1/dossiers/{code}"), &other)).await.status,
            StatusCode::NOT_FOUND,
            "another citizen"
        );
        assert_eq!(
            app.send(get(&format!("/api/v1/dossiers/{code}"), &elsewhere))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "another agency"
        );
        assert_eq!(
            app.send(get(&format!("/api/v1/dossiers/{code}"), &citizen))
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            app.send(get("/api/v1/dossiers?agency=H15.50&queue=new", &elsewhere))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let queue = app
            .send(get("/api/v1/dossiers?agency=H15.50&queue=new", &mc))
            .await
            .json();
        assert_eq!(queue[0]["code"], code.as_str());

        let r = act(&app, &code, &cv, json!({"version": 1, "action": "receive"})).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("role_required")),
            "a specialist cannot receive"
        );
        let r = act(&app, &code, &mc, json!({"version": 1, "action": "receive"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["status"], "received");
        assert!(r.json()["due_at"].as_str().unwrap().ends_with("+07:00"));
        let stale = act(&app, &code, &mc, json!({"version": 1, "action": "forward"})).await;
        assert_eq!(
            (stale.status, stale.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("version_conflict")),
            "{}",
            app.label()
        );
        let r = act(&app, &code, &mc, json!({"version": 2, "action": "forward"})).await;
        assert_eq!(r.json()["step"], 1);
        let ask = json!({"version": 3, "action": "request_supplement", "items": ["Giấy xác nhận tình trạng hôn nhân"], "reason": "Thiếu giấy tờ"});
        let r = act(&app, &code, &cv, ask).await;
        assert_eq!(r.json()["status"], "supplement_requested", "{}", r.body);
        let r = act(
            &app,
            &code,
            &other,
            json!({"version": 4, "action": "complete_supplement"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "another citizen cannot touch it");
        let r = act(
            &app,
            &code,
            &citizen,
            json!({"version": 4, "action": "complete_supplement"}),
        )
        .await;
        assert_eq!(r.json()["status"], "received", "{}", r.body);
        let again = json!({"version": 5, "action": "request_supplement", "items": ["Thêm"], "reason": "Thiếu"});
        let r = act(&app, &code, &cv, again).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("supplement_already_requested"))
        );
        let r = act(
            &app,
            &code,
            &cv,
            json!({"version": 5, "action": "refuse", "reasons": " "}),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = act(&app, &code, &cv, json!({"version": 5, "action": "teleport"})).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let after = app
            .send(get(&format!("/api/v1/dossiers/{code}"), &citizen))
            .await
            .json();
        assert_eq!(after["version"], 5, "refused actions changed nothing");
        let actions: Vec<_> = after["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["action"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            actions,
            [
                "submit",
                "receive",
                "forward",
                "request_supplement",
                "complete_supplement"
            ]
        );

        let public = app.get(&format!("/api/v1/lookup?code={code}&secret={secret}")).await;
        assert_eq!(public.status, StatusCode::OK);
        assert_eq!(public.json()["status"], "received");
        assert!(
            !public.body.contains("Nguyễn Văn An") && !public.body.contains("066190001234"),
            "no personal data in the look-up"
        );
        let wrong = app.get(&format!("/api/v1/lookup?code={code}&secret=doan-mo")).await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
        let mine = app.send(get("/api/v1/me/dossiers", &citizen)).await.json();
        assert_eq!(mine.as_array().unwrap().len(), 1);
        assert_eq!(
            app.send(get("/api/v1/me/dossiers", &other))
                .await
                .json()
                .as_array()
                .unwrap()
                .len(),
            0
        );
    }
}

#[tokio::test]
async fn counter_filing_is_for_one_stop_officers() {
    let app = TestApp::sqlite().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let mc = app
        .token(
            "mc@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.50")),
        )
        .await;
    let mut counter = filing();
    counter["channel"] = json!("in_person");
    let r = app
        .send(json_request("POST", "/api/v1/dossiers", &counter, Some(&citizen)))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .send(json_request("POST", "/api/v1/dossiers", &counter, Some(&mc)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["channel"], "in_person");
    let mut wrong_agency = filing();
    wrong_agency["agency"] = json!("H15.01");
    let r = app
        .send(json_request("POST", "/api/v1/dossiers", &wrong_agency, Some(&citizen)))
        .await;
    assert_eq!(r.json()["errors"][0]["code"], "agency_does_not_handle");
    let anon = app
        .send(json_request("POST", "/api/v1/dossiers", &filing(), None))
        .await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn administrators_set_a_procedures_process_and_dossiers_follow_it() {
    for app in TestApp::all().await {
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::AgencyAdmin, "H15.50")),
            )
            .await;
        let other = app
            .token(
                "tp@example.vn",
                AccountKind::Officer,
                Some((Role::AgencyAdmin, "H15.01")),
            )
            .await;
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let mc = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let standard = app.get("/api/v1/procedures/1.000894/process").await.json();
        assert_eq!(
            standard["steps"].as_array().unwrap().len(),
            4,
            "the standard process applies by default"
        );
        let two_steps = json!({"steps": [
            {"key": "tiep_nhan", "name": "Tiếp nhận và giải quyết", "role": "one_stop_officer", "allowance": 0.5, "actions": ["receive", "mark_processed", "refuse"]},
            {"key": "tra", "name": "Trả kết quả", "role": "one_stop_officer", "allowance": 0.25, "actions": ["return_result"]}
        ]});
        let put =
            |token: &str, body: &Value| json_request("PUT", "/api/v1/procedures/1.000894/process", body, Some(token));
        assert_eq!(
            app.send(put(&other, &two_steps)).await.status,
            StatusCode::FORBIDDEN,
            "{}",
            app.label()
        );
        let r = app.send(put(&admin, &two_steps)).await;
        assert_eq!(
            r.json()["errors"][0]["code"],
            "allowances_do_not_add_up",
            "0.75 of a 1-day limit"
        );
        let mut fixed = two_steps.clone();
        fixed["steps"][1]["allowance"] = json!(0.5);
        assert_eq!(app.send(put(&admin, &fixed)).await.status, StatusCode::OK);

        let code = app
            .send(json_request("POST", "/api/v1/dossiers", &filing(), Some(&citizen)))
            .await
            .json()["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = act(&app, &code, &mc, json!({"version": 1, "action": "receive"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = act(&app, &code, &mc, json!({"version": 2, "action": "mark_processed"})).await;
        assert_eq!(
            (r.json()["status"].as_str(), r.json()["step"].as_u64()),
            (Some("processed"), Some(1)),
            "{}",
            r.body
        );
        // Nothing signed to hand over online: an electronic return is refused, the counter works.
        let r = act(
            &app,
            &code,
            &mc,
            json!({"version": 3, "action": "return_result", "method": "electronic"}),
        )
        .await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("result_not_signed")),
            "{}",
            r.body
        );
        let r = act(
            &app,
            &code,
            &mc,
            json!({"version": 3, "action": "return_result", "method": "counter"}),
        )
        .await;
        assert_eq!(r.json()["status"], "result_returned", "{}", r.body);
    }
}

/// Inter-agency hand-over ("liên thông"): a commune hands a dossier to a provincial
/// department, which runs its own declared steps with its own officers and gives it back to
/// the commune's next step; form-05 rows record each side's times and timeliness.
#[tokio::test]
async fn a_dossier_goes_from_a_commune_to_a_department_and_back() {
    for app in TestApp::all().await {
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::AgencyAdmin, "H15.50")),
            )
            .await;
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let mc = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let cv = app
            .token(
                "cv@example.vn",
                AccountKind::Officer,
                Some((Role::Specialist, "H15.50")),
            )
            .await;
        let so_cv = app
            .token(
                "so-cv@example.vn",
                AccountKind::Officer,
                Some((Role::Specialist, "H15.01")),
            )
            .await;
        let so_ld = app
            .token("so-ld@example.vn", AccountKind::Officer, Some((Role::Leader, "H15.01")))
            .await;
        let process = json!({"steps": [
            {"key": "tiep_nhan", "name": "Tiếp nhận", "role": "one_stop_officer", "allowance": 0.25, "actions": ["receive", "forward"]},
            {"key": "xu_ly", "name": "Xử lý", "role": "specialist", "allowance": 0.5, "actions": ["forward", "hand_over"],
             "hand_over": {"steps": [
                {"key": "so_tham_dinh", "name": "Sở thẩm định", "role": "specialist", "allowance": 0.25, "actions": ["forward"]},
                {"key": "so_duyet", "name": "Sở phê duyệt", "role": "leader", "allowance": 0.125, "actions": ["hand_back"]}
             ]}},
            {"key": "tra", "name": "Trả kết quả", "role": "one_stop_officer", "allowance": 0.25, "actions": ["mark_processed", "return_result"]}
        ]});
        let r = app
            .send(json_request(
                "PUT",
                "/api/v1/procedures/1.000894/process",
                &process,
                Some(&admin),
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.label(), r.body);
        let mut bad = process.clone();
        bad["steps"][1]["hand_over"]["steps"][1]["actions"] = json!(["mark_processed"]);
        let r = app
            .send(json_request(
                "PUT",
                "/api/v1/procedures/1.000894/process",
                &bad,
                Some(&admin),
            ))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let codes: Vec<_> = r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(codes, ["liaison_action", "liaison_needs_hand_back"], "{}", r.body);

        let code = app
            .send(json_request("POST", "/api/v1/dossiers", &filing(), Some(&citizen)))
            .await
            .json()["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let department = app
            .db
            .store
            .agency_by_code(&motcua_domain::agency::AgencyCode::parse("H15.01").unwrap())
            .await
            .unwrap()
            .unwrap()
            .id;
        let r = act(&app, &code, &mc, json!({"version": 1, "action": "receive"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = act(&app, &code, &mc, json!({"version": 2, "action": "forward"})).await;
        assert_eq!(r.json()["step_key"], "xu_ly", "{}", r.body);
        assert_eq!(
            app.send(get(&format!("/api/v1/dossiers/{code}"), &so_cv)).await.status,
            StatusCode::NOT_FOUND,
            "the department does not see it yet"
        );
        let hand_over = json!({"version": 3, "action": "hand_over", "agency_id": department, "reason": "Lấy ý kiến thẩm định của Sở"});
        let r = act(&app, &code, &cv, hand_over).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let d = r.json();
        assert_eq!(
            (d["agency"].as_str(), d["step_key"].as_str(), d["step"].as_u64()),
            (Some("H15.01"), Some("so_tham_dinh"), Some(1)),
            "{}: the department's own first step",
            app.label()
        );
        let r = act(&app, &code, &cv, json!({"version": 4, "action": "forward"})).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("role_required")),
            "{}: the commune follows its dossier but does not act at the department's steps",
            app.label()
        );
        let r = act(&app, &code, &so_cv, json!({"version": 4, "action": "hand_back"})).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("action_not_allowed_at_step")),
            "{}",
            r.body
        );
        let r = act(&app, &code, &so_cv, json!({"version": 4, "action": "forward"})).await;
        assert_eq!(r.json()["step_key"], "so_duyet", "{}", r.body);
        let r = act(&app, &code, &so_cv, json!({"version": 5, "action": "hand_back"})).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("role_required")),
            "the department's leader signs"
        );
        let r = act(&app, &code, &so_ld, json!({"version": 5, "action": "hand_back"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let d = r.json();
        assert_eq!(
            (d["agency"].as_str(), d["step_key"].as_str(), d["step"].as_u64()),
            (Some("H15.50"), Some("tra"), Some(2)),
            "{}: back at the commune's next step",
            app.label()
        );
        let rows: Vec<(String, String, String)> = d["hand_overs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["step"].as_str().unwrap().to_owned(),
                    h["agency"].as_str().unwrap().to_owned(),
                    h["timeliness"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let steps: Vec<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.1.as_str())).collect();
        assert_eq!(
            steps,
            [
                ("tiep_nhan", "H15.50"),
                ("xu_ly", "H15.50"),
                ("so_tham_dinh", "H15.01"),
                ("so_duyet", "H15.01")
            ],
            "{}: one row per side and step",
            app.label()
        );
        assert!(
            rows.iter()
                .all(|r| ["early", "on_time", "late"].contains(&r.2.as_str()))
        );
        let hs = d["hand_overs"].as_array().unwrap();
        assert_eq!(
            hs[1]["given_at"], hs[2]["received_at"],
            "the department received it when the commune gave it"
        );
        assert!(hs[3]["given_at"].as_str().is_some());
        assert_eq!(
            app.send(get(&format!("/api/v1/dossiers/{code}"), &so_cv)).await.status,
            StatusCode::NOT_FOUND,
            "{}: back home, the department no longer sees it",
            app.label()
        );
        assert_eq!(
            d["status"],
            "processed",
            "{}: handed back into the result step, the dossier waits to be returned",
            app.label()
        );
        let r = act(
            &app,
            &code,
            &mc,
            json!({"version": 6, "action": "return_result", "method": "counter"}),
        )
        .await;
        assert_eq!(r.json()["status"], "result_returned", "{}", r.body);
    }
}

/// The names in a reply's `available_actions`.
fn offered(r: &support::Reply) -> Vec<String> {
    r.json()["available_actions"]
        .as_array()
        .unwrap_or_else(|| panic!("no available_actions: {}", r.body))
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn each_reader_is_told_the_actions_the_engine_accepts_from_them() {
    for app in TestApp::all().await {
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let mc = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let cv = app
            .token(
                "cv@example.vn",
                AccountKind::Officer,
                Some((Role::Specialist, "H15.50")),
            )
            .await;
        let r = app
            .send(json_request("POST", "/api/v1/dossiers", &filing(), Some(&citizen)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(offered(&r), ["withdraw"], "{}: the applicant may withdraw", app.label());
        let code = r.json()["code"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/dossiers/{code}");

        let before = app.send(get(&path, &mc)).await;
        assert_eq!(
            offered(&before),
            ["receive", "request_supplement", "refuse", "withdraw"],
            "{}: no forward or hand-over before reception",
            app.label()
        );
        assert!(
            offered(&app.send(get(&path, &cv)).await).is_empty(),
            "the specialist does not receive"
        );

        let received = act(&app, &code, &mc, json!({"action": "receive", "version": 1})).await;
        assert_eq!(received.status, StatusCode::OK, "{}", received.body);
        let now = offered(&received);
        assert!(
            !now.contains(&"receive".to_owned()),
            "{now:?}: receiving is offered once"
        );
        assert!(now.contains(&"forward".to_owned()) && now.contains(&"hand_over".to_owned()));
        // What is not offered is refused.
        let again = act(&app, &code, &mc, json!({"action": "receive", "version": 2})).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        // Unknown fields are refused, as docs/API.md says.
        let extra = act(
            &app,
            &code,
            &mc,
            json!({"action": "forward", "version": 2, "colour": "red"}),
        )
        .await;
        assert_eq!(extra.status, StatusCode::BAD_REQUEST, "{}", extra.body);

        // While the applicant supplements the dossier the clock is stopped: no appointment.
        let asked = act(
            &app,
            &code,
            &mc,
            json!({"action": "request_supplement", "version": 2, "items": ["Tờ khai"], "reason": "Thiếu chữ ký"}),
        )
        .await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        let body = asked.json();
        assert_eq!(
            (body["clock_stopped"].as_bool(), &body["due_at"]),
            (Some(true), &Value::Null)
        );
        assert_eq!(
            offered(&asked),
            ["complete_supplement", "withdraw"],
            "the counter records the supplement"
        );
        let mine = app.send(get(&path, &citizen)).await;
        assert_eq!(offered(&mine), ["complete_supplement", "withdraw"]);
    }
}

#[tokio::test]
async fn the_openapi_document_lists_available_actions() {
    let app = TestApp::sqlite().await;
    let doc = app.get("/api/openapi.json").await.json();
    let schema = &doc["components"]["schemas"];
    assert!(
        schema["DossierOut"]["properties"]["available_actions"].is_object(),
        "{schema}"
    );
    assert!(schema["FeedbackOut"]["properties"]["available_actions"].is_object());
    let names = schema["ActionName"]["enum"].as_array().unwrap();
    assert!(names.iter().any(|n| n == "hand_back") && names.len() == 14, "{names:?}");
}
