//! Security defaults: CSRF, login rate limit, headers, sessions, health and metrics access.

mod support;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};

use motcua_domain::account::{AccountKind, Role};
use support::Settings;
use support::{PASSWORD, TestApp, json_request, test_settings};

#[tokio::test]
async fn state_changing_forms_need_the_csrf_token_and_our_origin() {
    let app = TestApp::sqlite().await;
    let (cookie, csrf) = app.open_form("/dang-ky", None).await;
    let form = [
        ("full_name", "Trần Văn Bình"),
        ("login", "binh@example.vn"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    let r = app.post_form("/dang-ky", Some(&cookie), &form).await;
    assert_eq!(
        (r.status, r.json()["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("csrf_failed")),
        "no token"
    );
    let mut with_bad = form.to_vec();
    with_bad.push(("_csrf", "forged"));
    assert_eq!(
        app.post_form("/dang-ky", Some(&cookie), &with_bad).await.status,
        StatusCode::FORBIDDEN
    );
    let mut with_token = form.to_vec();
    with_token.push(("_csrf", &csrf));
    let cross = Request::post("/dang-ky")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::COOKIE, &cookie)
        .body(Body::from(format!(
            "_csrf={csrf}&full_name=X&login=x%40example.vn&password={PASSWORD}&password_confirm={PASSWORD}"
        )))
        .unwrap();
    assert_eq!(app.send(cross).await.status, StatusCode::FORBIDDEN, "foreign origin");
    assert!(
        app.db
            .store
            .user_by_login(&motcua_domain::account::LoginId::Email("binh@example.vn".into()))
            .await
            .unwrap()
            .is_none()
    );
    let r = app.post_form("/dang-ky", Some(&cookie), &with_token).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn api_writes_with_a_session_cookie_need_the_csrf_header() {
    let app = TestApp::sqlite().await;
    app.user(
        "admin@example.vn",
        AccountKind::Officer,
        Some((Role::SystemAdmin, "H15")),
    )
    .await;
    let cookie = app.sign_in("admin@example.vn").await;
    let agency = serde_json::json!({"code": "H15.52", "name": "Phường Ea Kao", "level": "commune", "parent": "H15"});
    let mut req = json_request("POST", "/api/v1/agencies", &agency, None);
    req.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    let page = app.get_with_cookie("/", &cookie).await;
    let csrf = support::csrf_of(&page.body);
    let mut req = json_request("POST", "/api/v1/agencies", &agency, None);
    req.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
    req.headers_mut().insert("x-csrf-token", csrf.parse().unwrap());
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_account() {
    let db = motcua_storage::testing::sqlite().await;
    let app = TestApp::on(
        db,
        Settings {
            app: motcua_app::Settings {
                login_attempts_per_minute: 3,
                ..motcua_app::Settings::default()
            },
            ..test_settings()
        },
    )
    .await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let attempt = |pw: &'static str, ip: [u8; 4]| {
        let mut req = json_request(
            "POST",
            "/api/v1/auth/token",
            &serde_json::json!({"login": "an@example.vn", "password": pw}),
            None,
        );
        req.extensions_mut().insert(ConnectInfo(SocketAddr::from((ip, 1234))));
        req
    };
    for i in 0..3u8 {
        let r = app.send(attempt("sai-mat-khau-roi", [10, 0, 0, i])).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app.send(attempt(PASSWORD, [10, 0, 0, 9])).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits: {}",
        r.body
    );
    assert_eq!(r.json()["code"], "rate_limited");
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    let log = app.db.store.recent_audit(50).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "user.sign_in_failed").count(), 3);
    assert!(
        log.iter()
            .all(|e| !e.detail.contains("an@example.vn") && !e.object_id.contains('@')),
        "no personal data in the audit detail"
    );
}

#[tokio::test]
async fn responses_carry_security_headers_and_secure_cookies() {
    let db = motcua_storage::testing::sqlite().await;
    let app = TestApp::on(db, Settings::default()).await;
    let r = app.get("/dang-nhap").await;
    for h in [
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
        "strict-transport-security",
    ] {
        assert!(r.headers.contains_key(h), "missing {h}");
    }
    let set = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    assert!(set.starts_with("__Host-motcua_sid="), "{set}");
    for attr in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(set.contains(attr), "{attr} missing in {set}");
    }
}

#[tokio::test]
async fn sessions_rotate_on_sign_in_and_end_on_sign_out() {
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let (anon, _) = app.open_form("/dang-nhap", None).await;
    let signed = app.sign_in("an@example.vn").await;
    assert_ne!(anon, signed, "a new session id after sign-in");
    let home = app.get_with_cookie("/", &signed).await;
    assert!(home.body.contains("Người dùng an@example.vn"));
    let csrf = support::csrf_of(&home.body);
    let out = app.post_form("/dang-xuat", Some(&signed), &[("_csrf", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let after = app.get_with_cookie("/", &signed).await;
    assert!(
        !after.body.contains("Người dùng an@example.vn"),
        "old cookie no longer signs in"
    );
}

#[tokio::test]
async fn health_openapi_and_metrics() {
    let app = TestApp::sqlite().await;
    assert_eq!(app.get("/healthz").await.json()["status"], "ok");
    let ready = app.get("/readyz").await.json();
    assert_eq!(
        (ready["status"].as_str(), ready["procedures"].as_u64()),
        (Some("ready"), Some(3))
    );
    let doc = app.get("/api/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/procedures",
        "/api/v1/procedures/{code}",
        "/api/v1/agencies",
        "/api/v1/catalogue",
        "/api/v1/auth/token",
    ] {
        assert!(doc["paths"].get(path).is_some(), "OpenAPI lacks {path}");
    }
    let remote = app.get("/metrics").await;
    assert_eq!(remote.status, StatusCode::UNAUTHORIZED, "metrics are not public");
    let citizen = app.token("dan@example.vn", AccountKind::Citizen, None).await;
    let mut req = Request::get("/metrics")
        .header("authorization", format!("Bearer {citizen}"))
        .body(Body::empty())
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([198, 51, 100, 1], 1))));
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    let mut local = Request::get("/metrics").body(Body::empty()).unwrap();
    local
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 1))));
    let r = app.send(local).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("http_requests_total"), "{}", r.body);
    assert!(!r.body.contains("dan@example.vn"));
}

#[tokio::test]
async fn unknown_api_paths_answer_problem_json_and_pages_answer_html() {
    let app = TestApp::sqlite().await;
    let api = app.get("/api/v1/nothing-here").await;
    assert_eq!(
        (api.status, api.content_type()),
        (StatusCode::NOT_FOUND, "application/problem+json")
    );
    let page = app.get("/khong-co-trang-nay").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Không tìm thấy trang"));
}

/// Signs in through the portal form with `next`; returns the reply.
async fn sign_in_with_next(app: &TestApp, login: &str, next: &str) -> support::Reply {
    let (cookie, csrf) = app.open_form("/dang-nhap", None).await;
    app.post_form(
        "/dang-nhap",
        Some(&cookie),
        &[
            ("_csrf", &csrf),
            ("login", login),
            ("password", PASSWORD),
            ("next", next),
        ],
    )
    .await
}

#[tokio::test]
async fn sign_in_returns_only_to_a_local_path() {
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let location = |r: &support::Reply| r.headers.get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned());
    let r = sign_in_with_next(&app, "an@example.vn", "/ho-so-cua-toi?trang=2").await;
    assert_eq!(
        (r.status, location(&r).as_deref()),
        (StatusCode::SEE_OTHER, Some("/ho-so-cua-toi?trang=2")),
        "the page the user came for"
    );
    for next in [
        "/\t/evil.example",
        "/\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "/ho-so\r\nSet-Cookie: a=b",
        "https://evil.example/",
    ] {
        let r = sign_in_with_next(&app, "an@example.vn", next).await;
        assert_eq!(
            (r.status, location(&r).as_deref()),
            (StatusCode::SEE_OTHER, Some("/")),
            "{next:?}: {}",
            r.body
        );
    }
    let page = app.get("/dang-nhap?next=%2F%09%2Fevil.example").await;
    assert!(!page.body.contains("evil.example"), "the form does not carry it either");
}

#[tokio::test]
async fn trusted_origins_are_matched_whole_not_by_prefix() {
    let mut settings = test_settings();
    settings.web.trusted_origins = vec!["https://dvc.daklak.gov.vn".into()];
    let app = TestApp::on(motcua_storage::testing::sqlite().await, settings).await;
    let (cookie, csrf) = app.open_form("/dang-nhap", None).await;
    let sign_out_from = |origin: &str| {
        Request::post("/dang-xuat")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "motcua.internal")
            .header(header::ORIGIN, origin)
            .header(header::COOKIE, &cookie)
            .body(Body::from(format!("_csrf={csrf}")))
            .unwrap()
    };
    for evil in [
        "https://dvc.daklak.gov.vn.evil.example",
        "https://dvc.daklak.gov.vn:8443",
        "http://dvc.daklak.gov.vn",
    ] {
        let r = app.send(sign_out_from(evil)).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("csrf_failed")),
            "{evil}"
        );
    }
    let r = app.send(sign_out_from("https://dvc.daklak.gov.vn")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the trusted origin itself: {}", r.body);
}

#[tokio::test]
async fn personal_pages_and_answers_are_not_stored_by_caches() {
    let app = TestApp::sqlite().await;
    let token = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let body = serde_json::json!({
        "procedure": "1.000894", "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02"}
    });
    let filed = app
        .send(json_request("POST", "/api/v1/dossiers", &body, Some(&token)))
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.body);
    let code = filed.json()["code"].as_str().unwrap().to_owned();
    let no_store = |r: &support::Reply| {
        r.headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|d| d.trim() == "no-store"))
    };
    let cookie = app.sign_in("an@example.vn").await;
    for path in [
        format!("/ho-so/{code}"),
        "/ho-so-cua-toi".to_owned(),
        "/kho-du-lieu".to_owned(),
        "/thong-bao".to_owned(),
        "/".to_owned(),
    ] {
        let r = app.get_with_cookie(&path, &cookie).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(no_store(&r), "{path}: {:?}", r.headers.get(header::CACHE_CONTROL));
    }
    for path in [
        format!("/api/v1/dossiers/{code}"),
        "/api/v1/me".to_owned(),
        "/api/v1/me/dossiers".to_owned(),
    ] {
        let r = app
            .send(
                Request::get(path.as_str())
                    .header(header::AUTHORIZATION, format!("Bearer {token}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        assert!(no_store(&r), "{path}: {:?}", r.headers.get(header::CACHE_CONTROL));
    }
    let form = app.get("/dang-nhap").await;
    assert!(no_store(&form), "a page handing out a session cookie");
    let css = app.get_with_cookie("/static/motcua.css", &cookie).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(!no_store(&css), "static assets stay cacheable");
}

#[tokio::test]
async fn a_panic_answers_500_and_is_counted_like_any_failure() {
    let app = TestApp::sqlite().await;
    let router = motcua_web::router_with(
        app.state.clone(),
        axum::Router::new().route(
            "/thu-nghiem/hong",
            axum::routing::get(|| async {
                if true {
                    panic!("a failure in a handler");
                }
                "never"
            }),
        ),
    );
    let mut req = Request::get("/thu-nghiem/hong").body(Body::empty()).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([203, 0, 113, 7], 1))));
    let r = tower::ServiceExt::oneshot(router.clone(), req).await.unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/problem+json");
    let mut local = Request::get("/metrics").body(Body::empty()).unwrap();
    local
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 1))));
    let metrics = tower::ServiceExt::oneshot(router, local).await.unwrap();
    let body = http_body_util::BodyExt::collect(metrics.into_body())
        .await
        .unwrap()
        .to_bytes();
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.lines().any(|l| l.starts_with("http_requests_total")
            && l.contains("route=\"/thu-nghiem/hong\"")
            && l.contains("status=\"500\"")),
        "the 5xx metric counts it: {body}"
    );
}

/// A request that reached the app from `peer` (a reverse proxy) with `X-Forwarded-For`.
fn through_proxy(mut req: Request<Body>, peer: [u8; 4], forwarded: &str) -> Request<Body> {
    req.headers_mut()
        .insert("x-forwarded-for", forwarded.parse().expect("a header value"));
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((peer, 40000))));
    req
}

#[tokio::test]
async fn behind_a_proxy_the_client_cannot_choose_its_address() {
    let mut settings = test_settings();
    settings.web.trust_forwarded_for = true;
    settings.app.login_attempts_per_minute = 3;
    let app = TestApp::on(motcua_storage::testing::sqlite().await, settings).await;
    // The proxy (the peer) appends the address it was called from; the client wrote the rest.
    let metrics = |forwarded: &str| {
        through_proxy(
            Request::get("/metrics").body(Body::empty()).unwrap(),
            [10, 0, 0, 2],
            forwarded,
        )
    };
    assert_eq!(
        app.send(metrics("127.0.0.1, 203.0.113.9")).await.status,
        StatusCode::UNAUTHORIZED,
        "a forged loopback entry does not open /metrics"
    );
    assert_eq!(
        app.send(metrics("127.0.0.1")).await.status,
        StatusCode::OK,
        "a local scraper through the proxy"
    );
    let attempt = |i: usize| {
        let login = format!("khong-co-{i}@example.vn");
        through_proxy(
            json_request(
                "POST",
                "/api/v1/auth/token",
                &serde_json::json!({"login": login, "password": "sai-mat-khau-roi"}),
                None,
            ),
            [10, 0, 0, 2],
            &format!("198.51.100.{i}, 203.0.113.9"),
        )
    };
    for i in 0..3 {
        assert_eq!(app.send(attempt(i)).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.send(attempt(3)).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a new left-hand entry is not a new client"
    );
}

#[tokio::test]
async fn entries_of_trusted_proxies_are_skipped_and_others_are_not_believed() {
    let mut settings = test_settings();
    settings.web.trust_forwarded_for = true;
    settings.web.trusted_proxies = ["10.0.0.0/8", "192.0.2.10"]
        .iter()
        .map(|p| motcua_web::ProxyNet::parse(p).unwrap())
        .collect();
    let app = TestApp::on(motcua_storage::testing::sqlite().await, settings).await;
    let metrics = |peer: [u8; 4], forwarded: &str| {
        through_proxy(Request::get("/metrics").body(Body::empty()).unwrap(), peer, forwarded)
    };
    // Two proxies of ours in a row: the client is left of both.
    assert_eq!(
        app.send(metrics([10, 0, 0, 2], "127.0.0.1, 203.0.113.9, 192.0.2.10"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.send(metrics([10, 0, 0, 2], "127.0.0.1, 192.0.2.10")).await.status,
        StatusCode::OK
    );
    // A peer that is not one of our proxies is the client, whatever it forwards.
    assert_eq!(
        app.send(metrics([198, 51, 100, 4], "127.0.0.1")).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_sign_in_page_says_when_to_try_again() {
    let mut settings = test_settings();
    settings.app.login_attempts_per_minute = 3;
    let app = TestApp::on(motcua_storage::testing::sqlite().await, settings).await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let (cookie, csrf) = app.open_form("/dang-nhap", None).await;
    let form = [
        ("_csrf", csrf.as_str()),
        ("login", "an@example.vn"),
        ("password", "sai-mat-khau-roi"),
    ];
    for _ in 0..3 {
        let r = app.post_form("/dang-nhap", Some(&cookie), &form).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = app.post_form("/dang-nhap", Some(&cookie), &form).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let secs: u64 = r
        .headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&secs), "{secs}");
}

#[tokio::test]
async fn a_misspelt_key_in_the_feedback_setup_is_refused() {
    let app = TestApp::sqlite().await.with_feedback().await;
    let admin = app
        .token(
            "admin@example.vn",
            AccountKind::Officer,
            Some((Role::SystemAdmin, "H15")),
        )
        .await;
    let mut setup = app.get("/api/v1/feedback/setup").await.json();
    if let Some(o) = setup.as_object_mut() {
        o.retain(|k, _| ["categories", "areas", "routes"].contains(&k.as_str()));
    }
    let ok = app
        .send(json_request("PUT", "/api/v1/feedback/setup", &setup, Some(&admin)))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    // `don_vi` for `unit`: read silently, the reports would go to the whole agency.
    setup["routes"][0]["don_vi"] = "NV".into();
    let r = app
        .send(json_request("PUT", "/api/v1/feedback/setup", &setup, Some(&admin)))
        .await;
    assert_eq!(
        (r.status, r.json()["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_body")),
        "{}",
        r.body
    );
}

/// A multipart body cut off before its last boundary.
fn cut_short(path: &str, token: Option<&str>) -> Request<Body> {
    let body = "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nGiấy khai sinh\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 cut";
    let mut b = Request::post(path).header(header::CONTENT_TYPE, "multipart/form-data; boundary=b");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body)).expect("a request")
}

#[tokio::test]
async fn a_malformed_upload_is_not_called_too_large() {
    let app = TestApp::sqlite().await.with_feedback().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let r = app.send(cut_short("/api/v1/me/documents", Some(&citizen))).await;
    assert_eq!(
        (r.status, r.json()["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed_multipart")),
        "{}",
        r.body
    );
    let r = app
        .send(cut_short(
            &format!("/open311/v2/requests.json?api_key={}", support::OPEN311_KEY),
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert_eq!(r.json()[0]["code"], "malformed_multipart", "{}", r.body);
    // The portal's store form names it too.
    let cookie = app.sign_in("an@example.vn").await;
    let (_, csrf) = app.open_form("/kho-du-lieu", Some(&cookie)).await;
    let mut req = cut_short(&format!("/kho-du-lieu?_csrf={csrf}"), None);
    req.headers_mut()
        .insert(header::COOKIE, cookie.parse().expect("a cookie"));
    req.headers_mut()
        .insert(header::HOST, "localhost".parse().expect("a host"));
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("Không đọc được biểu mẫu gửi lên"), "{}", r.body);
    assert!(!r.body.contains("Tệp quá lớn"));
}
