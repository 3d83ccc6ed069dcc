//! The working-day calendar through the API and the administrator's page.

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

use motcua_domain::account::{AccountKind, Role};
use support::{TestApp, json_request};

#[tokio::test]
async fn holidays_of_a_year() {
    let app = TestApp::sqlite().await;
    let r = app.get("/api/v1/calendar/holidays?year=2026").await;
    assert_eq!(r.status, StatusCode::OK);
    let days = r.json();
    let has = |date: &str, kind: &str| {
        days.as_array()
            .unwrap()
            .iter()
            .any(|d| d["date"] == date && d["kind"] == kind)
    };
    for d in [
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-04-26",
        "2026-09-02",
    ] {
        assert!(has(d, "statutory"), "{d} missing in {days}");
    }
    assert!(
        has("2026-04-27", "compensatory"),
        "Giỗ Tổ on Sunday is compensated on Monday"
    );
    assert_eq!(days[0]["name"], "Tết Dương lịch");
    let r = app.get("/api/v1/calendar/holidays?year=1800").await;
    assert_eq!(
        (r.status, r.json()["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("year"))
    );
    assert_eq!(
        app.get("/api/v1/calendar/holidays?year=abc").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn due_dates_in_vietnam_time() {
    let app = TestApp::sqlite().await;
    let r = app
        .get("/api/v1/calendar/due?from=2026-02-09T03:00:00Z&working_days=5")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.json()["due"],
        "2026-02-23T10:00:00+07:00",
        "Tết week skipped, local time kept"
    );
    let r = app
        .get("/api/v1/calendar/due?from=2026-03-06T17:30:00%2B07:00&working_days=1")
        .await;
    assert_eq!(
        r.json()["due"],
        "2026-03-10T08:00:00+07:00",
        "after closing: counts from Monday's opening"
    );
    let r = app
        .get("/api/v1/calendar/due?from=2026-03-13T10:00:00%2B07:00&days=15")
        .await;
    assert_eq!(r.json()["due"], "2026-03-30T17:00:00+07:00");
    let none = app.get("/api/v1/calendar/due?from=2026-03-06T10:00:00Z").await;
    assert_eq!(none.json()["errors"][0]["code"], "exactly_one_limit");
    let two = app
        .get("/api/v1/calendar/due?from=2026-03-06T10:00:00Z&days=1&hours=2")
        .await;
    assert_eq!(two.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app.get("/api/v1/calendar/due?from=yesterday&working_days=1").await;
    assert_eq!(bad.json()["errors"][0]["code"], "invalid_date");
    let zero = app
        .get("/api/v1/calendar/due?from=2026-03-06T10:00:00Z&working_days=0")
        .await;
    assert_eq!(zero.json()["errors"][0]["code"], "out_of_range");
}

#[tokio::test]
async fn administrators_correct_the_year_and_deadlines_follow() {
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
                Some((Role::AgencyAdmin, "H15.50")),
            )
            .await;
        let body = json!({"kind": "day_off", "name": "Nghỉ thêm sau Tết"});
        let anon = app
            .send(json_request(
                "PUT",
                "/api/v1/calendar/overrides/2026-02-23",
                &body,
                None,
            ))
            .await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
        let r = app
            .send(json_request(
                "PUT",
                "/api/v1/calendar/overrides/2026-02-23",
                &body,
                Some(&officer),
            ))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", app.label());
        let r = app
            .send(json_request(
                "PUT",
                "/api/v1/calendar/overrides/2026-02-23",
                &body,
                Some(&admin),
            ))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        let due = app
            .get("/api/v1/calendar/due?from=2026-02-09T03:00:00Z&working_days=5")
            .await;
        assert_eq!(
            due.json()["due"],
            "2026-02-24T10:00:00+07:00",
            "{}: the extra day off counts at once",
            app.label()
        );
        let list = app.get("/api/v1/calendar/overrides").await.json();
        assert_eq!(list[0]["date"], "2026-02-23");
        let r = app
            .send(json_request(
                "PUT",
                "/api/v1/calendar/overrides/2026-02-30",
                &body,
                Some(&admin),
            ))
            .await;
        assert_eq!(r.json()["errors"][0]["code"], "invalid_date");
        let r = app
            .send(json_request(
                "PUT",
                "/api/v1/calendar/overrides/2026-02-24",
                &json!({"kind": "holiday"}),
                Some(&admin),
            ))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "unknown kind");
        let del = |token: &str| {
            Request::delete("/api/v1/calendar/overrides/2026-02-23")
                .header("authorization", format!("Bearer {token}"))
                .body(Body::empty())
                .unwrap()
        };
        assert_eq!(app.send(del(&officer)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.send(del(&admin)).await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.send(del(&admin)).await.status, StatusCode::NOT_FOUND);

        let hours = json!({"periods": [["07:30", "11:30"], ["13:00", "16:30"]]});
        let r = app
            .send(json_request(
                "PUT",
                "/api/v1/calendar/office-hours",
                &hours,
                Some(&officer),
            ))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .send(json_request(
                "PUT",
                "/api/v1/calendar/office-hours",
                &hours,
                Some(&admin),
            ))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        assert_eq!(
            app.get("/api/v1/calendar/office-hours").await.json()["periods"][0][0],
            "07:30"
        );
        let due = app.get("/api/v1/calendar/due?from=2026-03-09T00:00:00Z&hours=1").await;
        assert_eq!(due.json()["due"], "2026-03-09T08:30:00+07:00", "opening at 07:30 now");
        let bad = json!({"periods": [["12:00", "08:00"]]});
        let r = app
            .send(json_request("PUT", "/api/v1/calendar/office-hours", &bad, Some(&admin)))
            .await;
        assert_eq!(r.json()["errors"][0]["code"], "invalid_office_hours");
    }
}

#[tokio::test]
async fn the_calendar_page_is_for_administrators() {
    let app = TestApp::sqlite().await;
    app.user(
        "admin@example.vn",
        AccountKind::Officer,
        Some((Role::SystemAdmin, "H15")),
    )
    .await;
    app.user("dan@example.vn", AccountKind::Citizen, None).await;
    let citizen = app.sign_in("dan@example.vn").await;
    assert_eq!(
        app.get_with_cookie("/quan-tri/lich?nam=2026", &citizen).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = app.sign_in("admin@example.vn").await;
    let page = app.get_with_cookie("/quan-tri/lich?nam=2026", &admin).await;
    assert!(
        page.body.contains("Thứ Hai, 27/04/2026") && page.body.contains("Nghỉ bù"),
        "{}",
        page.body
    );
    let csrf = support::csrf_of(&page.body);
    let bad = app
        .post_form(
            "/quan-tri/lich",
            Some(&admin),
            &[
                ("_csrf", &csrf),
                ("date", "31/02/2026"),
                ("kind", "day_off"),
                ("name", "Sai"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Ngày phải có dạng YYYY-MM-DD."),
        "a Vietnamese message next to the field"
    );
    assert!(bad.body.contains("value=\"31/02/2026\""), "what was typed is kept");
    let ok = app
        .post_form(
            "/quan-tri/lich",
            Some(&admin),
            &[
                ("_csrf", &csrf),
                ("date", "2026-09-03"),
                ("kind", "day_off"),
                ("name", "Nghỉ thêm Quốc khánh"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let page = app.get_with_cookie("/quan-tri/lich?nam=2026", &admin).await;
    assert!(page.body.contains("Nghỉ thêm Quốc khánh"));
    let removed = app
        .post_form(
            "/quan-tri/lich/xoa",
            Some(&admin),
            &[("_csrf", &csrf), ("date", "2026-09-03")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(
        app.get("/api/v1/calendar/overrides")
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
}
