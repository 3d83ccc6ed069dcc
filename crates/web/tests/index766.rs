//! The Decision-766 index on every backend: dossiers imported from an older system (checked
//! whole, idempotent, original times kept), the index of an agency for a period as computed
//! by hand below, after imports and after live transitions (also written through another
//! connection pool, as another process would), the drill-down and who may read it, bad
//! inputs.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use motcua_app::AppError;
use motcua_app::index::{ImportSummary, import_dossiers};
use motcua_domain::account::{AccountKind, Role};
use motcua_storage::{Store, StoreOptions};
use support::{TestApp, json_request};

fn applicant() -> Value {
    json!({"full_name": "Trần Thị Bình", "id_number": "066190001234", "address": "12 Lê Duẩn", "phone": "0912345678"})
}

/// One line of an import file.
fn line(code: &str, procedure: &str, agency: &str, received: &str, appointment: Option<&str>, events: Value) -> Value {
    json!({
        "code": code, "procedure": procedure, "agency": agency, "channel": "in_person",
        "applicant": applicant(), "received_at": received, "appointment_at": appointment, "events": events
    })
}

/// The scenario, Vietnam time. In September 2026 the commune H15.50 has
/// - A: received 2 Sep, due 5 Sep, processed 4 Sep — on time;
/// - B: received 3 Sep, due 6 Sep 17:00, processed 8 Sep 10:00 — 41 h late;
/// - C: received 20 Aug, due 25 Aug 17:00, never finished — carried over, late at 1 Oct
///   (36 days 7 hours);
/// - D: received and processed in August — not in September;
/// - E: two supplement requests — overdue whatever the dates;
/// - F: received 20 Sep, due 20 Oct, open — within at 1 Oct;
/// - G: received 25 Sep, due 28 Sep, extended on 27 Sep to 5 Oct, open — within at 1 Oct;
///
/// and the department H15.01 has
/// - H: no appointment, refused two hours after its receipt — within the statutory limit;
/// - I: no appointment (limit: one working day), processed two weeks later — late;
/// - J: due 10 Sep, result returned 9 Sep — on time.
fn scenario() -> Vec<Value> {
    let c = "1.000894";
    let j = "2.000488";
    vec![
        line(
            "IMP-A",
            c,
            "H15.50",
            "2026-09-02T08:00:00+07:00",
            Some("2026-09-05T17:00:00+07:00"),
            json!([{"at": "2026-09-04T10:00:00+07:00", "action": "mark_processed"},
                   {"at": "2026-09-05T09:00:00+07:00", "action": "return_result"}]),
        ),
        line(
            "IMP-B",
            c,
            "H15.50",
            "2026-09-03T08:00:00+07:00",
            Some("2026-09-06T17:00:00+07:00"),
            json!([{"at": "2026-09-08T10:00:00+07:00", "action": "mark_processed"}]),
        ),
        line(
            "IMP-C",
            c,
            "H15.50",
            "2026-08-20T08:00:00+07:00",
            Some("2026-08-25T17:00:00+07:00"),
            json!([]),
        ),
        line(
            "IMP-D",
            c,
            "H15.50",
            "2026-08-10T08:00:00+07:00",
            Some("2026-08-12T17:00:00+07:00"),
            json!([{"at": "2026-08-12T09:00:00+07:00", "action": "mark_processed"}]),
        ),
        line(
            "IMP-E",
            c,
            "H15.50",
            "2026-09-10T08:00:00+07:00",
            Some("2026-09-25T17:00:00+07:00"),
            json!([{"at": "2026-09-11T08:00:00+07:00", "action": "request_supplement", "reason": "Thiếu bản sao"},
                   {"at": "2026-09-12T08:00:00+07:00", "action": "complete_supplement"},
                   {"at": "2026-09-13T08:00:00+07:00", "action": "request_supplement"},
                   {"at": "2026-09-14T08:00:00+07:00", "action": "complete_supplement"},
                   {"at": "2026-09-14T09:00:00+07:00", "action": "mark_processed"}]),
        ),
        line(
            "IMP-F",
            c,
            "H15.50",
            "2026-09-20T08:00:00+07:00",
            Some("2026-10-20T17:00:00+07:00"),
            json!([{"at": "2026-09-20T08:00:00+07:00", "action": "receive"}]),
        ),
        line(
            "IMP-G",
            c,
            "H15.50",
            "2026-09-25T08:00:00+07:00",
            Some("2026-09-28T17:00:00+07:00"),
            json!([{"at": "2026-09-27T08:00:00+07:00", "action": "apologise_extend",
                    "new_due": "2026-10-05T17:00:00+07:00", "reason": "Chờ xác minh"}]),
        ),
        line(
            "IMP-H",
            j,
            "H15.01",
            "2026-09-07T08:00:00+07:00",
            None,
            json!([{"at": "2026-09-07T10:00:00+07:00", "action": "refuse", "reason": "Không thuộc thẩm quyền"}]),
        ),
        line(
            "IMP-I",
            j,
            "H15.01",
            "2026-09-07T08:00:00+07:00",
            None,
            json!([{"at": "2026-09-21T08:00:00+07:00", "action": "mark_processed"}]),
        ),
        line(
            "IMP-J",
            j,
            "H15.01",
            "2026-09-08T08:00:00+07:00",
            Some("2026-09-10T17:00:00+07:00"),
            json!([{"at": "2026-09-09T10:00:00+07:00", "action": "return_result"}]),
        ),
    ]
}

/// Writes lines (values as JSON, strings as they are) to a file of its own.
fn file_of(dir: &tempfile::TempDir, name: &str, lines: &[Value]) -> PathBuf {
    let text: Vec<String> = lines
        .iter()
        .map(|l| match l {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let path = dir.path().join(name);
    std::fs::write(&path, text.join("\n") + "\n").unwrap();
    path
}

async fn import(app: &TestApp, path: &std::path::Path) -> Result<ImportSummary, AppError> {
    import_dossiers(&app.state, path).await
}

fn get(path: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(t) = token {
        r = r.header("authorization", format!("Bearer {t}"));
    }
    r.body(Body::empty()).unwrap()
}

async fn index(app: &TestApp, agency: &str, period: &str) -> Value {
    let r = app
        .send(get(&format!("/api/v1/index?agency={agency}&period={period}"), None))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}: {}", app.label(), r.body);
    r.json()
}

/// The 2.1 indicator of an index answer.
fn on_time(v: &Value) -> Value {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["indicators"].as_array().unwrap().iter())
        .find(|i| i["key"] == "2.1")
        .unwrap()
        .clone()
}

fn numbers(i: &Value) -> (Value, Value, Value, Value) {
    (
        i["numerator"].clone(),
        i["denominator"].clone(),
        i["rate"].clone(),
        i["points"].clone(),
    )
}

#[tokio::test]
async fn imported_dossiers_give_the_hand_computed_index() {
    for app in TestApp::all().await {
        let dir = tempfile::tempdir().unwrap();
        let path = file_of(&dir, "scenario.jsonl", &scenario());
        let s = import(&app, &path).await.unwrap();
        assert_eq!((s.lines, s.imported, s.unchanged), (10, 10, 0), "{}", app.label());

        // September, the commune: received A B E F G, carried C; on time A F G.
        let v = index(&app, "H15.50", "2026-09").await;
        assert_eq!(v["agency"], "H15.50");
        assert_eq!(v["period"]["from"], "2026-09-01T00:00:00+07:00");
        assert_eq!(v["period"]["to"], "2026-10-01T00:00:00+07:00");
        assert_eq!(
            numbers(&on_time(&v)),
            (json!(3), json!(6), json!(50.0), json!(10.0)),
            "{}",
            app.label()
        );
        assert_eq!(on_time(&v)["max"], json!(20.0));
        let tdgq = v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == "TDGQ")
            .unwrap();
        assert_eq!((&tdgq["points"], &tdgq["max"]), (&json!(10.0), &json!(20.0)));
        assert_eq!(v["total"], json!(10.0), "only 2.1 has data");
        // Every other indicator is N/A: null numbers and no points.
        for g in v["groups"].as_array().unwrap() {
            for i in g["indicators"].as_array().unwrap() {
                if i["key"] != "2.1" {
                    assert_eq!(
                        numbers(i),
                        (Value::Null, Value::Null, Value::Null, json!(0.0)),
                        "{}",
                        i["key"]
                    );
                }
            }
        }
        // The department: H J on time, I late.
        let v = index(&app, "H15.01", "2026-09").await;
        assert_eq!(numbers(&on_time(&v)), (json!(2), json!(3), json!(66.67), json!(13.33)));
        // The province rolls up both: 5 of 9.
        let v = index(&app, "H15", "2026-09").await;
        assert_eq!(numbers(&on_time(&v)), (json!(5), json!(9), json!(55.56), json!(11.11)));
        assert_eq!(v["total"], json!(11.11));
        // August: C (late at 1 Sep) and D (on time).
        let v = index(&app, "H15.50", "2026-08").await;
        assert_eq!(numbers(&on_time(&v)), (json!(1), json!(2), json!(50.0), json!(10.0)));
        // The third quarter: A C D E F G B received in it, on time A D F G.
        for p in ["2026-Q3", "2026-q3"] {
            let v = index(&app, "H15.50", p).await;
            assert_eq!(
                numbers(&on_time(&v)),
                (json!(4), json!(7), json!(57.14), json!(11.43)),
                "{p}"
            );
        }
        // The year (judged now, or at its end): F and G have passed their appointments too.
        let v = index(&app, "H15.50", "2026").await;
        assert_eq!(numbers(&on_time(&v)), (json!(2), json!(7), json!(28.57), json!(5.71)));
        assert_eq!(v["period"]["to"], "2027-01-01T00:00:00+07:00");
        for p in ["2026-H2", "2026-9M"] {
            let v = index(&app, "H15.50", p).await;
            let expected = if p == "2026-9M" {
                (json!(4), json!(7), json!(57.14), json!(11.43))
            } else {
                (json!(2), json!(7), json!(28.57), json!(5.71))
            };
            assert_eq!(numbers(&on_time(&v)), expected, "{p}");
        }
        // No dossier in the period: a zero denominator is N/A, not 0 %.
        let v = index(&app, "H15.50", "2026-H1").await;
        assert_eq!(numbers(&on_time(&v)), (json!(0), json!(0), Value::Null, json!(0.0)));
        assert_eq!(v["total"], json!(0.0));
    }
}

#[tokio::test]
async fn the_drilldown_lists_exactly_the_dossiers_that_cost_points() {
    for app in TestApp::all().await {
        let dir = tempfile::tempdir().unwrap();
        import(&app, &file_of(&dir, "s.jsonl", &scenario())).await.unwrap();
        let commune = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let province = app
            .token("lead@example.vn", AccountKind::Officer, Some((Role::Leader, "H15")))
            .await;
        let department = app
            .token(
                "tp@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.01")),
            )
            .await;
        let admin = app
            .token(
                "admin@example.vn",
                AccountKind::Officer,
                Some((Role::SystemAdmin, "H15")),
            )
            .await;
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let url = |agency: &str, period: &str, key: &str| {
            format!("/api/v1/index/drilldown?agency={agency}&period={period}&indicator={key}")
        };

        for who in [&commune, &province, &admin] {
            let r = app.send(get(&url("H15.50", "2026-09", "2.1"), Some(who))).await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", app.label(), r.body);
            let items = r.json()["items"].as_array().unwrap().clone();
            let listed: Vec<(&str, &str)> = items
                .iter()
                .map(|i| (i["code"].as_str().unwrap(), i["reason"].as_str().unwrap()))
                .collect();
            assert_eq!(
                listed,
                [
                    ("IMP-B", "ended_after_appointment"),
                    ("IMP-C", "unfinished_past_appointment"),
                    ("IMP-E", "too_many_supplement_requests"),
                ],
                "{}",
                app.label()
            );
            assert_eq!(items[0]["late_by_seconds"], json!(41 * 3600));
            assert_eq!(items[0]["appointment"], "2026-09-06T17:00:00+07:00");
            assert_eq!(items[0]["finished"], json!(true));
            assert_eq!(items[1]["late_by_seconds"], json!((36 * 24 + 7) * 3600));
            assert_eq!(items[1]["judged_at"], "2026-10-01T00:00:00+07:00");
            assert_eq!(items[1]["finished"], json!(false));
            assert_eq!(items[2]["supplement_requests"], json!(2));
        }
        // The drill-down holds as many dossiers as the index lost: denominator − numerator.
        let v = index(&app, "H15", "2026-09").await;
        let lost = on_time(&v)["denominator"].as_u64().unwrap() - on_time(&v)["numerator"].as_u64().unwrap();
        let r = app.send(get(&url("H15", "2026-09", "2.1"), Some(&province))).await;
        let items = r.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len() as u64, lost);
        assert!(
            items
                .iter()
                .any(|i| i["code"] == "IMP-I" && i["reason"] == "ended_over_statutory_limit")
        );
        // Indicators without data cost nothing through any dossier.
        let r = app.send(get(&url("H15.50", "2026-09", "4.2"), Some(&commune))).await;
        assert_eq!((r.status, r.json()["items"].clone()), (StatusCode::OK, json!([])));

        // Outside one's scope: 404, as for a dossier one may not read.
        for (who, agency) in [
            (&department, "H15.50"),
            (&commune, "H15"),
            (&commune, "H15.01"),
            (&citizen, "H15.50"),
        ] {
            let r = app.send(get(&url(agency, "2026-09", "2.1"), Some(who))).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {agency}: {}", app.label(), r.body);
            assert_eq!(r.json()["code"], "not_found");
        }
        let r = app.send(get(&url("H15.50", "2026-09", "2.1"), None)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        // Bad inputs.
        let r = app.send(get(&url("H15.50", "2026-09", "9.9"), Some(&commune))).await;
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (StatusCode::BAD_REQUEST, json!("unknown_indicator"))
        );
        let r = app.send(get(&url("H15.50", "2026-13", "2.1"), Some(&commune))).await;
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (StatusCode::BAD_REQUEST, json!("invalid_period"))
        );
        let r = app.send(get(&url("H99", "2026-09", "2.1"), Some(&admin))).await;
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (StatusCode::NOT_FOUND, json!("unknown_agency"))
        );
    }
}

#[tokio::test]
async fn bad_periods_and_agencies_are_problems_with_stable_codes() {
    for app in TestApp::all().await {
        for period in [
            "2026-13",
            "2026-Q5",
            "2026-H3",
            "26-09",
            "2026-09-01",
            "",
            "2026-8M",
            "1949",
        ] {
            let r = app
                .send(get(&format!("/api/v1/index?agency=H15&period={period}"), None))
                .await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{period}: {}", r.body);
            assert!(r.content_type().starts_with("application/problem+json"));
            assert_eq!(r.json()["code"], "invalid_period", "{period}");
        }
        let r = app.send(get("/api/v1/index?agency=H99&period=2026-09", None)).await;
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (StatusCode::NOT_FOUND, json!("unknown_agency"))
        );
        let r = app.send(get("/api/v1/index?agency=H15", None)).await;
        assert_eq!(
            (r.status, r.json()["code"].clone()),
            (StatusCode::BAD_REQUEST, json!("invalid_query"))
        );
        let openapi = app.send(get("/api/openapi.json", None)).await.json();
        assert!(openapi["paths"]["/api/v1/index"]["get"].is_object());
        assert!(openapi["paths"]["/api/v1/index/drilldown"]["get"].is_object());
    }
}

#[tokio::test]
async fn importing_again_changes_nothing_and_history_keeps_the_original_times() {
    for app in TestApp::all().await {
        let dir = tempfile::tempdir().unwrap();
        let path = file_of(&dir, "s.jsonl", &scenario());
        import(&app, &path).await.unwrap();
        let before = index(&app, "H15", "2026-09").await;
        // The same file again, and the same dossiers spaced and ordered differently.
        let again = import(&app, &path).await.unwrap();
        assert_eq!((again.imported, again.unchanged), (0, 10), "{}", app.label());
        let respaced: Vec<Value> = scenario()
            .into_iter()
            .rev()
            .map(|l| Value::String(serde_json::to_string_pretty(&l).unwrap().replace('\n', " ")))
            .collect();
        let s = import(&app, &file_of(&dir, "respaced.jsonl", &respaced)).await.unwrap();
        assert_eq!((s.imported, s.unchanged), (0, 10));
        assert_eq!(index(&app, "H15", "2026-09").await, before);

        let officer = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let r = app.send(get("/api/v1/dossiers/IMP-G", Some(&officer))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let d = r.json();
        let timeline: Vec<(String, String)> = d["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["at"].as_str().unwrap().to_owned(),
                    t["action"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            timeline,
            [
                ("2026-09-25T08:00:00+07:00".to_owned(), "submit".to_owned()),
                ("2026-09-25T08:00:00+07:00".to_owned(), "receive".to_owned()),
                ("2026-09-27T08:00:00+07:00".to_owned(), "apologise_extend".to_owned()),
            ],
            "{}",
            app.label()
        );
        assert_eq!(d["status"], "received");
        assert_eq!(d["due_at"], "2026-10-05T17:00:00+07:00");
        let r = app.send(get("/api/v1/dossiers/IMP-A", Some(&officer))).await;
        assert_eq!(r.json()["status"], "result_returned");
    }
}

#[tokio::test]
async fn a_file_with_bad_lines_is_refused_whole_with_each_line_and_reason() {
    for app in TestApp::all().await {
        let dir = tempfile::tempdir().unwrap();
        import(&app, &file_of(&dir, "first.jsonl", &scenario()[..1]))
            .await
            .unwrap();
        let good = line(
            "NEW-1",
            "1.000894",
            "H15.50",
            "2026-09-02T08:00:00+07:00",
            None,
            json!([]),
        );
        let mut unknown_procedure = good.clone();
        unknown_procedure["code"] = json!("NEW-2");
        unknown_procedure["procedure"] = json!("9.999999");
        let mut unknown_action = good.clone();
        unknown_action["code"] = json!("NEW-3");
        unknown_action["events"] = json!([{"at": "2026-09-03T08:00:00+07:00", "action": "teleport"}]);
        let mut out_of_order = good.clone();
        out_of_order["code"] = json!("NEW-4");
        out_of_order["events"] = json!([
            {"at": "2026-09-05T08:00:00+07:00", "action": "forward"},
            {"at": "2026-09-04T08:00:00+07:00", "action": "mark_processed"}
        ]);
        let mut end_before_start = good.clone();
        end_before_start["code"] = json!("NEW-5");
        end_before_start["events"] = json!([{"at": "2026-09-01T08:00:00+07:00", "action": "mark_processed"}]);
        let mut changed = scenario()[0].clone();
        changed["appointment_at"] = json!("2026-09-30T17:00:00+07:00");
        let mut same_code_in_file = good.clone();
        same_code_in_file["channel"] = json!("online");
        let mut unknown_agency = good.clone();
        unknown_agency["code"] = json!("NEW-6");
        unknown_agency["agency"] = json!("H99");
        let mut in_the_future = good.clone();
        in_the_future["code"] = json!("NEW-8");
        in_the_future["events"] = json!([{"at": "2099-09-03T08:00:00+07:00", "action": "mark_processed"}]);
        let lines = vec![
            good.clone(),
            unknown_procedure,
            unknown_action,
            out_of_order,
            end_before_start,
            changed,
            Value::String("{\"code\": \"NEW-7\", ".into()),
            same_code_in_file,
            unknown_agency,
            good.clone(),
            in_the_future,
        ];
        let Err(AppError::InvalidImport(errors)) = import(&app, &file_of(&dir, "bad.jsonl", &lines)).await else {
            panic!("{}: the file is refused", app.label());
        };
        let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.code)).collect();
        assert_eq!(
            found,
            [
                (2, "unknown_procedure"),
                (3, "unknown_action"),
                (4, "events_out_of_order"),
                (5, "end_before_start"),
                (6, "duplicate_code"),
                (7, "malformed_json"),
                (8, "duplicate_code"),
                (9, "unknown_agency"),
                (11, "in_the_future"),
            ],
            "{}",
            app.label()
        );
        // Nothing from that file was written, not even its good first line.
        let stored = app.db.store.dossier_import_hashes(&["NEW-1".to_owned()]).await.unwrap();
        assert!(stored.is_empty(), "{}", app.label());
        let v = index(&app, "H15.50", "2026-09").await;
        assert_eq!(numbers(&on_time(&v)), (json!(1), json!(1), json!(100.0), json!(20.0)));
        // The good lines alone go in.
        let s = import(&app, &file_of(&dir, "good.jsonl", &[good.clone(), good]))
            .await
            .unwrap();
        assert_eq!((s.imported, s.unchanged), (1, 1));
        let v = index(&app, "H15.50", "2026-09").await;
        assert_eq!(on_time(&v)["denominator"], json!(2));
    }
}

/// The month now, as the API names it (Vietnam time).
fn this_month() -> String {
    let now = time::OffsetDateTime::now_utc().to_offset(motcua_domain::calendar::VIETNAM);
    format!("{:04}-{:02}", now.year(), u8::from(now.month()))
}

fn filing() -> Value {
    json!({
        "procedure": "1.000894",
        "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn, Buôn Ma Thuột", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02"}
    })
}

#[tokio::test]
async fn live_transitions_show_in_the_index_also_from_another_process() {
    for app in TestApp::all().await {
        let dir = tempfile::tempdir().unwrap();
        import(&app, &file_of(&dir, "s.jsonl", &scenario())).await.unwrap();
        let month = this_month();
        // Carried into this month: C, F and G, all past their appointments by now.
        let v = index(&app, "H15.50", &month).await;
        assert_eq!(
            numbers(&on_time(&v)),
            (json!(0), json!(3), json!(0.0), json!(0.0)),
            "{}",
            app.label()
        );

        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let mc = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        let r = app
            .send(json_request("POST", "/api/v1/dossiers", &filing(), Some(&citizen)))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let code = r.json()["code"].as_str().unwrap().to_owned();
        // Filed, not received: not in the index yet.
        let v = index(&app, "H15.50", &month).await;
        assert_eq!(on_time(&v)["denominator"], json!(3));

        // Received through another application on its own connection pool, as another
        // process would: the index read here shows it at once.
        let other_store = Store::open(&app.db.url, &StoreOptions::default()).await.unwrap();
        let other_files = motcua_storage::FileStore::local(app.files_dir.path()).unwrap();
        let other = support::state_of(other_store, other_files, support::test_settings()).await;
        let other_router = motcua_web::router(other.clone());
        let mut req = json_request(
            "POST",
            &format!("/api/v1/dossiers/{code}/actions"),
            &json!({"version": 1, "action": "receive"}),
            Some(&mc),
        );
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                [203, 0, 113, 8],
                40000,
            ))));
        let r = tower::ServiceExt::oneshot(other_router, req).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let v = index(&app, "H15.50", &month).await;
        assert_eq!(
            numbers(&on_time(&v)),
            (json!(1), json!(4), json!(25.0), json!(5.0)),
            "{}",
            app.label()
        );
        // The province sees it too (H15.01 carries nothing into this month).
        let v = index(&app, "H15", &month).await;
        assert_eq!(numbers(&on_time(&v)), (json!(1), json!(4), json!(25.0), json!(5.0)));

        // Forwarded, then refused by the specialist: ended within its deadline, still on time.
        let cv = app
            .token(
                "cv@example.vn",
                AccountKind::Officer,
                Some((Role::Specialist, "H15.50")),
            )
            .await;
        for (who, body) in [
            (&mc, json!({"version": 2, "action": "forward"})),
            (
                &cv,
                json!({"version": 3, "action": "refuse", "reasons": "Hồ sơ không thuộc thẩm quyền"}),
            ),
        ] {
            let r = app
                .send(json_request(
                    "POST",
                    &format!("/api/v1/dossiers/{code}/actions"),
                    &body,
                    Some(who),
                ))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        let v = index(&app, "H15.50", &month).await;
        assert_eq!(numbers(&on_time(&v)), (json!(1), json!(4), json!(25.0), json!(5.0)));
        // The drill-down of this month lists the three carried over, not the live one.
        let r = app
            .send(get(
                &format!("/api/v1/index/drilldown?agency=H15.50&period={month}&indicator=2.1"),
                Some(&mc),
            ))
            .await;
        let codes: Vec<String> = r.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(codes, ["IMP-C", "IMP-F", "IMP-G"]);
    }
}

#[tokio::test]
async fn two_processes_refreshing_at_once_count_each_dossier_once() {
    for app in TestApp::all().await {
        let dir = tempfile::tempdir().unwrap();
        import(&app, &file_of(&dir, "s.jsonl", &scenario())).await.unwrap();
        let month = this_month();
        let other_store = Store::open(&app.db.url, &StoreOptions::default()).await.unwrap();
        let other_files = motcua_storage::FileStore::local(app.files_dir.path()).unwrap();
        let other = support::state_of(other_store, other_files, support::test_settings()).await;
        let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let mc = app
            .token(
                "mc@example.vn",
                AccountKind::Officer,
                Some((Role::OneStopOfficer, "H15.50")),
            )
            .await;
        // Twenty dossiers filed and received; nothing has read the index since.
        for _ in 0..20 {
            let r = app
                .send(json_request("POST", "/api/v1/dossiers", &filing(), Some(&citizen)))
                .await;
            let code = r.json()["code"].as_str().unwrap().to_owned();
            let r = app
                .send(json_request(
                    "POST",
                    &format!("/api/v1/dossiers/{code}/actions"),
                    &json!({"version": 1, "action": "receive"}),
                    Some(&mc),
                ))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        // Both refresh at once: each pending dossier is claimed by exactly one of them.
        let (a, b) = tokio::join!(
            motcua_app::index::refresh_all(&app.state),
            motcua_app::index::refresh_all(&other)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 20, "{}", app.label());
        // Carried C, F, G (late) and the twenty received now (within their deadline).
        let v = index(&app, "H15.50", &month).await;
        assert_eq!(
            numbers(&on_time(&v)),
            (json!(20), json!(23), json!(86.96), json!(17.39)),
            "{}",
            app.label()
        );
        assert_eq!(index(&app, "H15.50", &month).await, v, "nothing left to refresh");
    }
}
