//! Spec-exact errors everywhere under the API root: unknown paths, format suffixes and
//! methods answer Open311 error documents (XML or JSON by suffix, XML when unknown), never
//! the portal's HTML; `jurisdiction_id` with aliases, and servers that ignore it.

use axum::body::Body;
use axum::http::{Request, header};

use crate::doc::{Fmt, error_codes};
use crate::fixtures::{ROOT, post, pothole, stored, with};
use crate::support::{TestApp, test_settings};

#[tokio::test]
async fn unknown_paths_and_suffixes_answer_open311_errors() {
    let app = TestApp::sqlite().await.with_feedback().await;
    // (path, format of the answer, whether the path's pattern answers GET only: a POST
    // there is 405, checked below).
    let cases = [
        ("services.csv", Fmt::Xml, false),
        ("services.JSON", Fmt::Xml, false),
        ("khong-co.json", Fmt::Json, false),
        ("khong-co.xml", Fmt::Xml, false),
        ("khong-co", Fmt::Xml, false),
        ("requests/12/anh.json", Fmt::Json, false),
        ("services/den-duong.csv", Fmt::Xml, true),
        ("requests/1.html", Fmt::Xml, true),
        ("tokens/abc.txt", Fmt::Xml, true),
        ("media/1/2/3.json", Fmt::Json, false),
        ("", Fmt::Xml, false),
    ];
    for (path, fmt, get_only) in cases {
        let methods: &[&str] = if get_only { &["GET"] } else { &["GET", "POST"] };
        for &method in methods {
            let req = Request::builder()
                .method(method)
                .uri(format!("{ROOT}/{path}"))
                .body(Body::empty())
                .unwrap();
            let r = app.send(req).await;
            assert_eq!(r.status, 404, "{method} {path}: {}", r.body);
            assert_eq!(error_codes(&r, fmt), ["not_found"], "{method} {path}");
        }
    }
    let root = app.get(ROOT).await;
    assert_eq!(
        (root.status.as_u16(), error_codes(&root, Fmt::Xml)),
        (404, vec!["not_found".to_owned()])
    );
    // English descriptions there too.
    let en = app
        .send(
            Request::get(format!("{ROOT}/khong-co.json"))
                .header(header::ACCEPT_LANGUAGE, "en")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(en.json()[0]["description"], "The requested resource does not exist.");
}

#[tokio::test]
async fn wrong_methods_answer_open311_errors_with_allow() {
    let app = TestApp::sqlite().await.with_feedback().await;
    for (method, path, fmt, allowed) in [
        ("DELETE", "requests.json", Fmt::Json, "POST"),
        ("PUT", "servicerequestupdates.xml", Fmt::Xml, "POST"),
        ("POST", "services.xml", Fmt::Xml, "GET"),
        ("POST", "discovery.json", Fmt::Json, "GET"),
        ("POST", "requests/1.json", Fmt::Json, "GET"),
    ] {
        let req = Request::builder()
            .method(method)
            .uri(format!("{ROOT}/{path}"))
            .body(Body::empty())
            .unwrap();
        let r = app.send(req).await;
        assert_eq!(r.status, 405, "{method} {path}: {}", r.body);
        assert_eq!(error_codes(&r, fmt), ["method_not_allowed"]);
        let allow = r.headers.get(header::ALLOW).unwrap().to_str().unwrap().to_owned();
        assert!(allow.contains(allowed), "{method} {path}: Allow {allow}");
    }
}

async fn app_with(configure: impl Fn(&mut motcua_web::Open311Settings)) -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in motcua_storage::testing::all().await {
        let mut settings = test_settings();
        configure(&mut settings.web.feedback.open311);
        apps.push(TestApp::on(db, settings).await.with_feedback().await);
    }
    apps
}

#[tokio::test]
async fn jurisdictions_with_aliases_or_ignored() {
    let aliased = app_with(|o| {
        o.jurisdiction_id = Some("daklak".into());
        o.jurisdiction_aliases = vec!["dak-lak".into(), "daklak.gov.vn".into()];
    })
    .await;
    for app in aliased {
        for j in ["daklak", "DAK-LAK", "daklak.gov.vn", ""] {
            for path in [
                "services.json",
                "requests.xml",
                "servicerequestupdates.json",
                "discovery.xml",
            ] {
                let r = app.get(&format!("{ROOT}/{path}?jurisdiction_id={j}")).await;
                assert_eq!(r.status, 200, "{path} {j}: {}", r.body);
            }
        }
        for path in [
            "services.json",
            "services/den-duong.xml",
            "requests.json",
            "servicerequestupdates.xml",
        ] {
            let r = app.get(&format!("{ROOT}/{path}?jurisdiction_id=hanoi")).await;
            assert_eq!(r.status, 404, "{path}");
            let fmt = if path.ends_with("json") { Fmt::Json } else { Fmt::Xml };
            assert_eq!(error_codes(&r, fmt), ["jurisdiction_id.unknown"]);
        }
        let r = post(&app, Fmt::Json, &with(pothole(), "jurisdiction_id", Some("Dak-Lak"))).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let before = stored(&app).await;
        let r = post(&app, Fmt::Xml, &with(pothole(), "jurisdiction_id", Some("hanoi"))).await;
        assert_eq!(error_codes(&r, Fmt::Xml), ["jurisdiction_id.unknown"]);
        assert_eq!(stored(&app).await, before);
    }
    // A server with one jurisdiction configured to ignore the parameter (as the demo is).
    for app in app_with(|o| o.ignore_jurisdiction = true).await {
        let r = app.get(&format!("{ROOT}/services.json?jurisdiction_id=bat-ky")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = post(&app, Fmt::Xml, &with(pothole(), "jurisdiction_id", Some("bat-ky"))).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
}
