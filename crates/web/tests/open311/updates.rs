//! mySociety's `servicerequestupdates`: every action of a followable report as an update with
//! a stable id and the documented status, texts only of public reports; comments by the
//! client that filed a report, refused (403) for anyone else's, nothing stored on a refusal.

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use motcua_domain::feedback::FeedbackAction;
use motcua_domain::ids::ReportId;

use crate::doc::{BOTH, Fmt, error_codes, read};
use crate::fixtures::{ROOT, act, apps, conduct, insert_at, post_id, pothole, publish, refuse, with};
use crate::support::{OPEN311_KEY, Reply, TestApp, urlencode};

fn at(t: OffsetDateTime) -> String {
    urlencode(&t.format(&Rfc3339).unwrap())
}

/// The updates of a query, the same in both formats.
async fn updates(app: &TestApp, query: &str) -> Vec<Value> {
    let mut found = Vec::new();
    for fmt in BOTH {
        let r = app
            .get(&format!("{ROOT}/servicerequestupdates.{}?{query}", fmt.ext()))
            .await;
        assert_eq!(r.status, 200, "{} {query}: {}", app.label(), r.body);
        found.push(read(&r, fmt, "service_request_updates"));
    }
    assert_eq!(found[0], found[1], "{query}: formats differ");
    found.remove(0).as_array().unwrap().clone()
}

fn of(list: &[Value], id: ReportId) -> Vec<(String, Value)> {
    list.iter()
        .filter(|u| u["service_request_id"] == id.to_string())
        .map(|u| (u["status"].as_str().unwrap().to_owned(), u["description"].clone()))
        .collect()
}

#[tokio::test]
async fn updates_follow_each_action_with_text_only_where_public() {
    for app in apps().await {
        // A public report filed through Open311, answered and published.
        let lamp = post_id(&app, &pothole()).await;
        act(
            &app,
            lamp,
            FeedbackAction::RequestInfo {
                question: "Số nhà nào? Gọi 0912345678".into(),
            },
        )
        .await;
        // A private report filed through Open311: followed, never with text.
        let private = post_id(&app, &conduct()).await;
        act(&app, private, FeedbackAction::Accept).await;
        act(
            &app,
            private,
            FeedbackAction::Answer {
                text: "Đã nhắc nhở cán bộ Nguyễn Văn X".into(),
            },
        )
        .await;
        // A report from the portal that was refused: not public, not followed.
        let portal = insert_at(&app, "rac-thai", 12.68, 108.05, OffsetDateTime::now_utc()).await;
        refuse(&app, portal, "Trùng với phản ánh của ông Lê Văn Y").await;
        // A public portal report with a published answer.
        let trash = insert_at(&app, "rac-thai", 12.68, 108.05, OffsetDateTime::now_utc()).await;
        publish(&app, trash, "Đã thu gom rác ngày 21/11.").await;

        let all = updates(&app, "").await;
        assert_eq!(of(&all, lamp), [("investigating".to_owned(), Value::Null)]);
        assert_eq!(
            of(&all, private),
            [
                ("in_progress".to_owned(), Value::Null),
                ("in_progress".to_owned(), Value::Null)
            ]
        );
        assert!(of(&all, portal).is_empty(), "a refused portal report is not followed");
        assert_eq!(
            of(&all, trash),
            [
                ("in_progress".to_owned(), Value::Null),
                ("in_progress".to_owned(), Value::Null),
                ("closed".to_owned(), Value::from("Đã thu gom rác ngày 21/11.")),
            ]
        );
        for u in &all {
            assert!(u["update_id"].as_str().unwrap().parse::<i64>().is_ok());
            let t = u["updated_datetime"].as_str().unwrap();
            assert!(t.ends_with("+07:00") && t.len() == 25, "{t}");
            assert_eq!(u.as_object().unwrap().len(), 6, "{u}");
            assert!(u.get("media_url").is_some());
        }
        let times: Vec<&str> = all.iter().map(|u| u["updated_datetime"].as_str().unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");
        // Stable ids: the same updates read again have the same ids.
        assert_eq!(updates(&app, "").await, all);
        for fmt in BOTH {
            let body = app
                .get(&format!("{ROOT}/servicerequestupdates.{}", fmt.ext()))
                .await
                .body;
            for secret in ["0912345678", "Nguyễn Văn X", "Lê Văn Y", "nguoi.dan@example.com"] {
                assert!(!body.contains(secret), "{secret} leaked: {body}");
            }
        }
        // A refusal of a report filed through Open311 is followed, without its reason.
        let gone = post_id(&app, &pothole()).await;
        refuse(&app, gone, "Ngoài phạm vi, ông Lê Văn Y").await;
        let all = updates(&app, "").await;
        assert_eq!(
            of(&all, gone),
            [("not_councils_responsibility".to_owned(), Value::Null)]
        );
    }
}

#[tokio::test]
async fn the_update_window_follows_the_request_rules() {
    let now = OffsetDateTime::now_utc();
    for app in apps().await {
        let id = post_id(&app, &pothole()).await;
        act(&app, id, FeedbackAction::Accept).await;
        let inside = format!(
            "start_date={}&end_date={}",
            at(now - Duration::hours(1)),
            at(now + Duration::hours(1))
        );
        assert_eq!(of(&updates(&app, &inside).await, id).len(), 1);
        let before = format!("end_date={}", at(now - Duration::hours(1)));
        assert!(updates(&app, &before).await.is_empty());
        let after = format!("start_date={}", at(now + Duration::hours(1)));
        assert!(updates(&app, &after).await.is_empty());
        assert_eq!(updates(&app, "page_size=1&page=2").await.len(), 0);
        for (query, code) in [
            (
                format!("start_date={}&end_date={}", at(now - Duration::days(91)), at(now)),
                "end_date.range_too_long",
            ),
            (
                format!("start_date={}&end_date={}", at(now), at(now - Duration::days(1))),
                "end_date.end_before_start",
            ),
            ("start_date=2026-11-20".to_owned(), "start_date.invalid_datetime"),
            ("page_size=0".to_owned(), "page_size.out_of_range"),
        ] {
            for fmt in BOTH {
                let r = app
                    .get(&format!("{ROOT}/servicerequestupdates.{}?{query}", fmt.ext()))
                    .await;
                assert_eq!(r.status, 400, "{query}: {}", r.body);
                assert_eq!(error_codes(&r, fmt), [code]);
            }
        }
        let r = app
            .get(&format!("{ROOT}/servicerequestupdates.xml?jurisdiction_id=hanoi"))
            .await;
        assert_eq!(r.status, 404);
        assert_eq!(error_codes(&r, Fmt::Xml), ["jurisdiction_id.unknown"]);
    }
}

async fn comment(app: &TestApp, fmt: Fmt, form: &[(&str, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(&format!("{ROOT}/servicerequestupdates.{}", fmt.ext()), None, &pairs)
        .await
}

type Form = Vec<(&'static str, String)>;

fn note(key: &str, id: ReportId, text: &str) -> Form {
    vec![
        ("api_key", key.to_owned()),
        ("service_request_id", id.to_string()),
        ("description", text.to_owned()),
        ("status", "OPEN".to_owned()),
        ("updated_datetime", "2026-11-20T09:30:00+07:00".to_owned()),
    ]
}

async fn lines(app: &TestApp, id: ReportId) -> usize {
    app.db.store.feedback_history(id).await.unwrap().len()
}

#[tokio::test]
async fn clients_comment_on_their_own_reports_only() {
    for app in apps().await {
        let (_, other_key) = motcua_app::feedback::add_open311_key(&app.state, "Ứng dụng khác")
            .await
            .unwrap();
        let mine = post_id(&app, &pothole()).await;
        let theirs = post_id(&app, &with(pothole(), "api_key", Some(&other_key))).await;
        let portal = insert_at(&app, "rac-thai", 12.68, 108.05, OffsetDateTime::now_utc()).await;
        let private = post_id(&app, &conduct()).await;
        let before = app.db.store.feedback(mine).await.unwrap().unwrap();

        for fmt in BOTH {
            let r = comment(&app, fmt, &note(OPEN311_KEY, mine, "Ổ gà đã rộng thêm, có ảnh")).await;
            assert_eq!(r.status, 200, "{}", r.body);
            let v = read(&r, fmt, "service_request_updates");
            assert!(v[0]["update_id"].as_str().unwrap().parse::<i64>().is_ok());
        }
        let after = app.db.store.feedback(mine).await.unwrap().unwrap();
        assert_eq!(after.state, before.state, "a comment leaves the state as it is");
        assert_eq!(after.version, before.version);
        assert!(after.updated_at > before.updated_at, "but it is an update");
        let listed = updates(&app, "").await;
        let texts: Vec<Value> = of(&listed, mine)
            .into_iter()
            .map(|(s, d)| {
                assert_eq!(s, "open");
                d
            })
            .collect();
        assert_eq!(
            texts,
            [
                Value::from("Ổ gà đã rộng thêm, có ảnh"),
                Value::from("Ổ gà đã rộng thêm, có ảnh")
            ]
        );

        // The same update_id sent again is stored once.
        let form = [
            note(OPEN311_KEY, mine, "Gửi lại"),
            vec![("update_id", "fms-77".to_owned())],
        ]
        .concat();
        let first = read(
            &comment(&app, Fmt::Json, &form).await,
            Fmt::Json,
            "service_request_updates",
        );
        let count = lines(&app, mine).await;
        let again = read(
            &comment(&app, Fmt::Json, &form).await,
            Fmt::Json,
            "service_request_updates",
        );
        assert_eq!(first[0]["update_id"], again[0]["update_id"]);
        assert_eq!(lines(&app, mine).await, count);

        // A private report's comment is stored, never shown.
        let r = comment(&app, Fmt::Xml, &note(OPEN311_KEY, private, "Cán bộ Trần Văn Z hẹn lại")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let listed = updates(&app, "").await;
        assert_eq!(of(&listed, private), [("open".to_owned(), Value::Null)]);

        // Refusals: exact codes, nothing stored.
        let refusals: Vec<(&str, Form, u16, &str)> = vec![
            (
                "another key's report",
                note(OPEN311_KEY, theirs, "Của tôi?"),
                403,
                "api_key.not_owner",
            ),
            (
                "a portal report",
                note(OPEN311_KEY, portal, "Của tôi?"),
                403,
                "api_key.not_owner",
            ),
            (
                "the other key on mine",
                note(&other_key, mine, "Không"),
                403,
                "api_key.not_owner",
            ),
            (
                "no key",
                with(note(OPEN311_KEY, mine, "x"), "api_key", None),
                403,
                "api_key.missing",
            ),
            ("bad key", note("sai-khoa", mine, "x"), 403, "api_key.invalid"),
            (
                "unknown report",
                note(OPEN311_KEY, ReportId(999_999), "x"),
                404,
                "not_found",
            ),
            (
                "no report",
                with(note(OPEN311_KEY, mine, "x"), "service_request_id", None),
                400,
                "service_request_id.required",
            ),
            (
                "bad report id",
                with(note(OPEN311_KEY, mine, "x"), "service_request_id", Some("abc")),
                400,
                "service_request_id.invalid_id",
            ),
            ("empty", note(OPEN311_KEY, mine, " "), 400, "description.required"),
            (
                "html",
                note(OPEN311_KEY, mine, "<b>to</b>"),
                400,
                "description.html_not_allowed",
            ),
            (
                "too long",
                note(OPEN311_KEY, mine, &"ạ".repeat(4001)),
                400,
                "description.too_long",
            ),
            (
                "bad link",
                [
                    note(OPEN311_KEY, mine, "x"),
                    vec![("media_url", "javascript:alert(1)".to_owned())],
                ]
                .concat(),
                400,
                "media_url.invalid_url",
            ),
            (
                "other jurisdiction",
                [
                    note(OPEN311_KEY, mine, "x"),
                    vec![("jurisdiction_id", "hanoi".to_owned())],
                ]
                .concat(),
                404,
                "jurisdiction_id.unknown",
            ),
        ];
        for (what, form, status, code) in refusals {
            for fmt in BOTH {
                let counts = (
                    lines(&app, mine).await,
                    lines(&app, theirs).await,
                    lines(&app, portal).await,
                );
                let r = comment(&app, fmt, &form).await;
                assert_eq!(r.status.as_u16(), status, "{} {fmt:?} {what}: {}", app.label(), r.body);
                assert_eq!(error_codes(&r, fmt), [code], "{what}");
                let now = (
                    lines(&app, mine).await,
                    lines(&app, theirs).await,
                    lines(&app, portal).await,
                );
                assert_eq!(now, counts, "{what}: nothing stored");
            }
        }
        // The other key may comment on its own report; a link is kept and shown.
        let form = [
            note(&other_key, theirs, "Ảnh mới"),
            vec![("media_url", "https://anh.example.org/o-ga.jpg".to_owned())],
        ]
        .concat();
        assert_eq!(comment(&app, Fmt::Json, &form).await.status, 200);
        let listed = updates(&app, "").await;
        let shown = listed
            .iter()
            .find(|u| u["service_request_id"] == theirs.to_string())
            .unwrap();
        assert_eq!(shown["media_url"], "https://anh.example.org/o-ga.jpg");
    }
}
