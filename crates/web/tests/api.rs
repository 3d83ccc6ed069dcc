//! The JSON API as a client uses it: search, reading, writing with authorisation, and every
//! kind of bad input answered with problem+json while nothing is written.

mod support;

use axum::http::StatusCode;
use serde_json::json;

use motcua_domain::account::{AccountKind, Role};
use support::{TestApp, json_request, procedure, raw_request};

#[allow(clippy::unwrap_used)]
fn names(r: &support::Reply) -> Vec<String> {
    r.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn search_ignores_diacritics_case_and_one_typo() {
    for app in TestApp::all().await {
        for q in [
            "dang%20ky%20ket%20hon",
            "%C4%90%C4%82NG%20K%C3%9D%20K%E1%BA%BET%20H%C3%94N",
            "%C4%91%C4%83ng%20k%C3%BD%20k%E1%BA%BFt%20h%C3%B4n",
            "dang%20ky%20ket%20hoon",
        ] {
            let r = app.get(&format!("/api/v1/procedures?q={q}")).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            assert_eq!(names(&r)[0], "Đăng ký kết hôn", "{} q={q}", app.label());
            assert_eq!(r.json()["items"][0]["code"], "1.000894");
        }
        let r = app.get("/api/v1/procedures?q=ly%20lich%20tu%20phap").await;
        assert_eq!(names(&r)[0], "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam");
    }
}

#[tokio::test]
async fn listing_filters_and_pages() {
    let app = TestApp::sqlite().await;
    let all = app.get("/api/v1/procedures").await.json();
    assert_eq!(all["total"], 3);
    let province = app.get("/api/v1/procedures?level=province").await;
    assert_eq!(names(&province), ["Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"]);
    let by_agency = app
        .get("/api/v1/procedures?agency=H15.50&per_page=1&page=2")
        .await
        .json();
    assert_eq!(
        (
            by_agency["total"].as_u64(),
            by_agency["items"].as_array().unwrap().len()
        ),
        (Some(2), 1)
    );
    let bad = app.get("/api/v1/procedures?level=galaxy&per_page=1000").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.content_type(), "application/problem+json");
    let fields: Vec<_> = bad.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["level", "per_page"]);
    let unknown = app.get("/api/v1/procedures?colour=red").await;
    assert_eq!(
        (unknown.status, unknown.json()["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query"))
    );
}

#[tokio::test]
async fn writing_requires_the_right_role() {
    for app in TestApp::all().await {
        let mut p = procedure();
        p.code = "1.999001".into();
        let body = serde_json::to_value(&p).unwrap();
        let anon = app.send(json_request("POST", "/api/v1/procedures", &body, None)).await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED, "{}", app.label());
        let citizen = app.token("dan@example.vn", AccountKind::Citizen, None).await;
        let r = app
            .send(json_request("POST", "/api/v1/procedures", &body, Some(&citizen)))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let other_agency = app
            .token(
                "tuphap@example.vn",
                AccountKind::Officer,
                Some((Role::AgencyAdmin, "H15.01")),
            )
            .await;
        let r = app
            .send(json_request("POST", "/api/v1/procedures", &body, Some(&other_agency)))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "agency admin of H15.01 cannot publish for H15.50"
        );
        assert!(
            app.get("/api/v1/procedures/1.999001").await.status == StatusCode::NOT_FOUND,
            "nothing written"
        );

        let commune = app
            .token(
                "xa@example.vn",
                AccountKind::Officer,
                Some((Role::AgencyAdmin, "H15.50")),
            )
            .await;
        let r = app
            .send(json_request("POST", "/api/v1/procedures", &body, Some(&commune)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.headers["etag"], "\"1\"");
        let found = app.get("/api/v1/procedures?q=1.999001").await;
        assert_eq!(found.json()["items"][0]["code"], "1.999001", "searchable at once");
        let me = app
            .send(
                axum::http::Request::get("/api/v1/me")
                    .header("authorization", format!("Bearer {commune}"))
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(me.json()["roles"][0]["role"], "agency_admin");
    }
}

#[tokio::test]
async fn updates_are_optimistic() {
    for app in TestApp::all().await {
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::SystemAdmin, "H15")),
            )
            .await;
        let mut p = procedure();
        p.time_limit.value = 2;
        let body = serde_json::to_value(&p).unwrap();
        let put = |etag: &'static str| {
            let mut req = json_request("PUT", "/api/v1/procedures/1.000894", &body, Some(&admin));
            req.headers_mut().insert("if-match", etag.parse().unwrap());
            req
        };
        let ok = app.send(put("\"1\"")).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        assert_eq!(ok.json()["version"], 2);
        let stale = app.send(put("\"1\"")).await;
        assert_eq!(
            (stale.status, stale.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("version_conflict")),
            "{}",
            app.label()
        );
        let shown = app.get("/api/v1/procedures/1.000894").await.json();
        assert_eq!(shown["procedure"]["time_limit"]["value"], 2);
    }
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_is_written() {
    for app in TestApp::all().await {
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::SystemAdmin, "H15")),
            )
            .await;
        let before = app.get("/api/v1/procedures").await.json()["total"].clone();
        let post = |ct: &str, body: &str| raw_request("POST", "/api/v1/procedures", ct, body, Some(&admin));

        let r = app.send(post("application/json", "{\"code\": ")).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("malformed_json"))
        );
        assert_eq!(r.content_type(), "application/problem+json");

        let mut unknown = serde_json::to_value(procedure()).unwrap();
        unknown["code"] = json!("1.999002");
        unknown["colour"] = json!("đỏ");
        let r = app.send(post("application/json", &unknown.to_string())).await;
        assert_eq!(r.json()["code"], "invalid_body");
        assert!(r.json()["detail"].as_str().unwrap().contains("colour"));

        let r = app
            .send(post("text/plain", &serde_json::to_string(&procedure()).unwrap()))
            .await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, Some("unsupported_media_type"))
        );

        let mut long = procedure();
        long.code = "1.999003".into();
        long.name = "Đ".repeat(501);
        let r = app
            .send(post("application/json", &serde_json::to_string(&long).unwrap()))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["errors"][0]["field"], "name");
        assert_eq!(r.json()["errors"][0]["code"], "too_long");
        assert_eq!(r.json()["errors"][0]["message"], "Quá dài: tối đa 500 ký tự.");

        let mut bad_agency = serde_json::to_value(procedure()).unwrap();
        bad_agency["code"] = json!("1.999004");
        bad_agency["agencies"] = json!(["h15..50"]);
        let r = app.send(post("application/json", &bad_agency.to_string())).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "agency codes are checked while reading: {}",
            r.body
        );
        assert!(r.json()["detail"].as_str().unwrap().contains("agency code"));

        let r = app
            .send(post("application/json", &serde_json::to_string(&procedure()).unwrap()))
            .await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("conflict")),
            "duplicate code"
        );

        let huge = format!("{{\"code\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
        let r = app.send(post("application/json", &huge)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", app.label());

        assert_eq!(
            app.get("/api/v1/procedures").await.json()["total"],
            before,
            "{}: nothing written",
            app.label()
        );
    }
}

#[tokio::test]
async fn agencies_are_validated_and_only_admins_create_them() {
    for app in TestApp::all().await {
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::SystemAdmin, "H15")),
            )
            .await;
        let officer = app
            .token(
                "cb@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let good =
            json!({"code": "H15.51", "name": "Ủy ban nhân dân phường Tân An", "level": "commune", "parent": "H15"});
        let r = app
            .send(json_request("POST", "/api/v1/agencies", &good, Some(&officer)))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .send(json_request("POST", "/api/v1/agencies", &good, Some(&admin)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let r = app
            .send(json_request("POST", "/api/v1/agencies", &good, Some(&admin)))
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let district = json!({"code": "H15.40", "name": "Huyện cũ", "level": "district", "parent": "H15"});
        let r = app
            .send(json_request("POST", "/api/v1/agencies", &district, Some(&admin)))
            .await;
        assert_eq!(r.json()["errors"][0]["code"], "required_for_historical_level");
        let too_long = json!({"code": format!("H15.{}", "1234.".repeat(7)), "name": "X", "level": "commune"});
        let r = app
            .send(json_request("POST", "/api/v1/agencies", &too_long, Some(&admin)))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);

        let unit = json!({"agency": "H15.51", "code": "MC", "name": "Bộ phận Một cửa", "kind": "one_stop"});
        let r = app
            .send(json_request(
                "POST",
                "/api/v1/agencies/H15.51/units",
                &unit,
                Some(&officer),
            ))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .send(json_request(
                "POST",
                "/api/v1/agencies/H15.51/units",
                &unit,
                Some(&admin),
            ))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let units = app.get("/api/v1/agencies/H15.51/units").await.json();
        assert_eq!(units["items"][0]["name"], "Bộ phận Một cửa");
        assert_eq!(
            app.get("/api/v1/agencies/H99/units").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn catalogue_import_reports_lines_and_writes_nothing() {
    for app in TestApp::all().await {
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::SystemAdmin, "H15")),
            )
            .await;
        let citizen = app.token("dan@example.vn", AccountKind::Citizen, None).await;
        let mut p = procedure();
        p.code = "1.999005".into();
        let good = serde_json::to_string_pretty(&json!({"procedures": [p]})).unwrap();
        let r = app
            .send(raw_request(
                "POST",
                "/api/v1/catalogue",
                "application/json",
                &good,
                Some(&citizen),
            ))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);

        let mut broken = p.clone();
        broken.code = "1.999006".into();
        broken.name = String::new();
        let doc = serde_json::to_string_pretty(&json!({"procedures": [p, broken]})).unwrap();
        let second_line = doc
            .lines()
            .enumerate()
            .filter(|(_, l)| *l == "    {")
            .nth(1)
            .map(|(i, _)| i + 1)
            .unwrap();
        let r = app
            .send(raw_request(
                "POST",
                "/api/v1/catalogue",
                "application/json",
                &doc,
                Some(&admin),
            ))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let e = &r.json()["errors"][0];
        assert_eq!(
            (e["item"].as_str(), e["field"].as_str(), e["line"].as_u64()),
            (Some("procedures/1"), Some("name"), Some(second_line as u64))
        );
        assert_eq!(
            app.get("/api/v1/procedures/1.999005").await.status,
            StatusCode::NOT_FOUND,
            "{}: nothing half-imported",
            app.label()
        );

        let r = app
            .send(raw_request(
                "POST",
                "/api/v1/catalogue",
                "application/json",
                &good,
                Some(&admin),
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["procedures_created"], 1);
        let export = app.get("/api/v1/catalogue").await.json();
        assert_eq!(export["procedures"].as_array().unwrap().len(), 4);
        assert_eq!(export["agencies"][0]["code"], "H15", "parents first");
    }
}

#[tokio::test]
async fn a_procedure_naming_another_agency_needs_its_administrator_too() {
    for app in TestApp::all().await {
        let commune = app
            .token(
                "xa@example.vn",
                AccountKind::Officer,
                Some((Role::AgencyAdmin, "H15.50")),
            )
            .await;
        let mut p = procedure();
        p.code = "1.999002".into();
        p.agencies
            .push(motcua_domain::agency::AgencyCode::parse("H15.01").unwrap());
        p.levels.push(motcua_domain::agency::Level::Province);
        let shared = serde_json::to_value(&p).unwrap();
        let r = app
            .send(json_request("POST", "/api/v1/procedures", &shared, Some(&commune)))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "{}: the commune cannot publish for the Department of Justice: {}",
            app.label(),
            r.body
        );
        assert_eq!(
            app.get("/api/v1/procedures/1.999002").await.status,
            StatusCode::NOT_FOUND
        );
        // Its own procedure, then edited to name the other agency too.
        let own = app
            .send(json_request(
                "PUT",
                "/api/v1/procedures/1.000894",
                &shared_code(&shared, "1.000894"),
                Some(&commune),
            ))
            .await;
        assert_eq!(own.status, StatusCode::FORBIDDEN, "{}: {}", app.label(), own.body);
        let stored = app.get("/api/v1/procedures/1.000894").await.json();
        assert_eq!(
            stored["procedure"]["agencies"].as_array().map(Vec::len),
            Some(1),
            "{}: unchanged",
            app.label()
        );
        // An administrator of both agencies may.
        let both = app
            .token(
                "ca-hai@example.vn",
                AccountKind::Officer,
                Some((Role::AgencyAdmin, "H15.50")),
            )
            .await;
        let both_id = app
            .db
            .store
            .user_by_login(&motcua_domain::account::LoginId::parse("ca-hai@example.vn").unwrap())
            .await
            .unwrap()
            .unwrap()
            .id;
        let justice = app
            .db
            .store
            .agency_by_code(&motcua_domain::agency::AgencyCode::parse("H15.01").unwrap())
            .await
            .unwrap()
            .unwrap();
        app.db
            .store
            .grant_role(
                None,
                both_id,
                &motcua_domain::account::RoleGrant {
                    role: Role::AgencyAdmin,
                    agency_id: justice.id,
                    unit_id: None,
                },
            )
            .await
            .unwrap();
        let r = app
            .send(json_request("POST", "/api/v1/procedures", &shared, Some(&both)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", app.label(), r.body);
    }
}

/// The same procedure document under another code.
fn shared_code(p: &serde_json::Value, code: &str) -> serde_json::Value {
    let mut p = p.clone();
    p["code"] = code.into();
    p
}
