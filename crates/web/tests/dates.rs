//! Every date a request carries, at the ends of what parsers accept (years 0000 and 9999,
//! offsets up to ±23:59): the answer is a refusal or an answer, never a failure of the
//! server (a panic in date arithmetic used to answer 500).

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use motcua_domain::account::{AccountKind, Role};
use support::{TestApp, json_request, urlencode};

/// A year, mostly at the edges of four digits.
fn year() -> impl Strategy<Value = i32> {
    prop_oneof![0..=2i32, 9997..=9999i32, 0..=9999i32]
}

/// An RFC 3339 instant, often at the edges (`Z` or an offset up to ±23:59).
fn instant() -> impl Strategy<Value = String> {
    (
        year(),
        prop_oneof![Just(1u8), Just(12u8), 1..=12u8],
        prop_oneof![Just(1u8), Just(31u8), 1..=28u8],
        prop_oneof![Just(0u8), Just(23u8), 0..=23u8],
        0..=59u8,
        prop_oneof![
            Just("Z".to_owned()),
            (
                prop_oneof![Just('+'), Just('-')],
                prop_oneof![Just(23u8), 0..=23u8],
                0..=59u8
            )
                .prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}")),
        ],
    )
        .prop_map(|(y, mo, d, h, mi, off)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:59{off}"))
        .prop_filter("a real day", |s| {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
        })
}

/// A `YYYY-MM-DD` day, often at the edges.
fn day() -> impl Strategy<Value = String> {
    (year(), 1..=12u8, prop_oneof![Just(1u8), Just(31u8), 1..=28u8])
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
        .prop_filter("a real day", |s| {
            time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
        })
}

fn bearer(path: &str, token: &str) -> Request<Body> {
    Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

#[test]
fn extreme_dates_are_refused_or_answered_never_a_server_failure() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (app, admin, leader_cookie) = rt.block_on(async {
        let app = TestApp::sqlite().await.with_feedback().await;
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::SystemAdmin, "H15")),
            )
            .await;
        app.user("ld@example.vn", AccountKind::Officer, Some((Role::Leader, "H15.50")))
            .await;
        let leader_cookie = app.sign_in("ld@example.vn").await;
        (app, admin, leader_cookie)
    });
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(instant(), instant(), day(), day()), |(a, b, d1, d2)| {
            rt.block_on(async {
                let (ea, eb) = (urlencode(&a), urlencode(&b));
                let open311 = [
                    format!("requests.json?start_date={ea}"),
                    format!("requests.json?end_date={ea}"),
                    format!("requests.json?start_date={ea}&end_date={eb}"),
                    format!("requests.xml?updated_after={ea}&updated_before={eb}"),
                    format!("requests.json?updated_before={ea}"),
                    format!("servicerequestupdates.json?start_date={ea}"),
                    format!("servicerequestupdates.json?end_date={ea}"),
                    format!("servicerequestupdates.xml?start_date={ea}&end_date={eb}"),
                ];
                let mut replies = Vec::new();
                for q in open311 {
                    let path = format!("/open311/v2/{q}");
                    replies.push((app.get(&path).await, path));
                }
                for path in [
                    format!("/api/v1/calendar/due?from={ea}&days=3650"),
                    format!("/api/v1/calendar/due?from={ea}&working_days=3650"),
                    format!("/api/v1/calendar/due?from={ea}&months=3650"),
                    format!("/api/v1/calendar/due?from={ea}&hours=3650"),
                    format!("/api/v1/agencies/H15.50/ratings?from={d1}&to={d2}"),
                    format!("/api/v1/me/ratings?from={d1}&to={d2}"),
                ] {
                    replies.push((app.send(bearer(&path, &admin)).await, path));
                }
                for path in [
                    format!("/can-bo/so-theo-doi?co-quan=H15.50&tu={d1}&den={d2}"),
                    format!("/can-bo/danh-gia?tu={d1}&den={d2}"),
                    format!("/can-bo/danh-gia/co-quan?co-quan=H15.50&tu={d1}&den={d2}"),
                ] {
                    replies.push((app.get_with_cookie(&path, &leader_cookie).await, path));
                }
                let path = format!("/api/v1/calendar/overrides/{d1}");
                let put = json_request(
                    "PUT",
                    &path,
                    &serde_json::json!({"kind": "day_off", "name": "x"}),
                    Some(&admin),
                );
                replies.push((app.send(put).await, format!("PUT {path}")));
                let year = &d1[..4];
                let path = format!("/api/v1/calendar/holidays?year={year}");
                replies.push((app.get(&path).await, path));
                let path = "/api/v1/calendar/due?from=2026-03-02T08:00:00%2B07:00&working_days=5".to_owned();
                replies.push((app.get(&path).await, path));
                let del = Request::delete(format!("/api/v1/calendar/overrides/{d1}"))
                    .header(header::AUTHORIZATION, format!("Bearer {admin}"))
                    .body(Body::empty())
                    .unwrap();
                replies.push((app.send(del).await, format!("DELETE /api/v1/calendar/overrides/{d1}")));
                for (r, path) in replies {
                    prop_assert!(
                        r.status < StatusCode::INTERNAL_SERVER_ERROR,
                        "{path} ({a}, {b}, {d1}, {d2}): {} {}",
                        r.status,
                        r.body
                    );
                }
                Ok(())
            })
        })
        .unwrap();
}

#[tokio::test]
async fn an_extension_to_the_end_of_time_is_refused_and_the_dossier_stays_readable() {
    let app = TestApp::sqlite().await;
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
    let body = serde_json::json!({
        "procedure": "1.000894", "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02"}
    });
    let filed = app
        .send(json_request("POST", "/api/v1/dossiers", &body, Some(&citizen)))
        .await;
    let code = filed.json()["code"].as_str().unwrap().to_owned();
    let actions = format!("/api/v1/dossiers/{code}/actions");
    let r = app
        .send(json_request(
            "POST",
            &actions,
            &serde_json::json!({"version": 1, "action": "receive"}),
            Some(&mc),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .send(json_request(
            "POST",
            &actions,
            &serde_json::json!({"version": 2, "action": "forward"}),
            Some(&mc),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The specialist holds the step now.
    let extend = serde_json::json!({"version": 3, "action": "apologise_extend", "reason": "Chờ xác minh",
                                    "new_due": "9999-12-31T23:00:00Z"});
    let r = app.send(json_request("POST", &actions, &extend, Some(&cv))).await;
    assert_eq!(
        (r.status, r.json()["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_body")),
        "{}",
        r.body
    );
    for token in [&citizen, &mc] {
        let r = app.send(bearer(&format!("/api/v1/dossiers/{code}"), token)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["version"], 3, "nothing was stored: {}", r.body);
    }
    let extend = serde_json::json!({"version": 3, "action": "apologise_extend", "reason": "Chờ xác minh",
                                    "new_due": "2140-12-31T17:00:00+07:00"});
    let r = app.send(json_request("POST", &actions, &extend, Some(&cv))).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "a late but real day is still an extension: {}",
        r.body
    );
}
