//! Notification pages from outside: the bell's unread count in the header, the inbox and
//! marking read (CSRF required, another account's message untouched), the API's list, the
//! channel choices with errors next to the field, and the administrators' failed deliveries
//! with their retry button — each route tried by those it refuses (sign-in, 403).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};

use motcua_app::notifications::{EmailOutlet, MailFolder, Outlets, deliver_due, fan_out};
use motcua_app::records::{DeliveryState, PreferredLang};
use motcua_domain::account::{AccountKind, Principal, Role};
use motcua_domain::dossier::{Action, Applicant};
use support::{TestApp, csrf_of};

const FROM: &str = "Cổng Dịch vụ công <no-reply@dichvucong.daklak.gov.vn>";

async fn principal(app: &TestApp, login: &str) -> Principal {
    let login = motcua_domain::account::LoginId::parse(login).unwrap();
    motcua_app::accounts::principal_by_login(&app.state, &login)
        .await
        .unwrap()
        .unwrap()
}

/// The citizen files a dossier and the officer receives it: one `dossier.receive` event,
/// fanned out. Returns the dossier code.
async fn received_dossier(app: &TestApp, citizen: &str, officer: &str) -> String {
    let who = principal(app, citizen).await;
    let mut data = serde_json::Map::new();
    data.insert("ho_ten_chong".into(), "Nguyễn Văn An".into());
    data.insert("so_dinh_danh_chong".into(), "066190001234".into());
    data.insert("ngay_sinh_chong".into(), "1990-05-02".into());
    let filing = motcua_app::dossiers::Filing {
        procedure: "1.000894".into(),
        agency: "H15.50".into(),
        applicant: Applicant {
            full_name: "Nguyễn Văn An".into(),
            id_number: "066190001234".into(),
            address: "12 Lê Duẩn, Buôn Ma Thuột".into(),
            phone: "0912345678".into(),
            ..Applicant::default()
        },
        data,
        channel: None,
    };
    let d = motcua_app::dossiers::file(&app.state, &who, filing).await.unwrap();
    let mc = principal(app, officer).await;
    motcua_app::dossiers::act(&app.state, &mc, &d.code, d.version, Action::Receive)
        .await
        .unwrap();
    fan_out(&app.state).await.unwrap();
    d.code
}

fn bearer(path: &str, method: &str, token: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn the_bell_counts_unread_messages_and_the_inbox_marks_them_read() {
    for app in TestApp::all().await {
        app.user("an@example.vn", AccountKind::Citizen, None).await;
        app.user("binh@example.vn", AccountKind::Citizen, None).await;
        app.user(
            "mc@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.50")),
        )
        .await;
        let code = received_dossier(&app, "an@example.vn", "mc@example.vn").await;

        let anonymous = app.get("/thong-bao").await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "{}", app.label());
        assert_eq!(anonymous.headers["location"], "/dang-nhap?next=/thong-bao");
        assert!(
            !app.get("/").await.body.contains("unread-count"),
            "no bell count when signed out"
        );

        let an = app.sign_in("an@example.vn").await;
        let home = app.get_with_cookie("/", &an).await;
        assert!(
            home.body.contains(r#"<span class="tag" id="unread-count">1</span>"#),
            "{}: the bell shows one unread message",
            app.label()
        );
        let page = app.get_with_cookie("/thong-bao", &an).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(&format!("Hồ sơ {code} đã được tiếp nhận")),
            "{}",
            page.body
        );
        assert!(
            page.body.contains(&format!(r#"href="/ho-so/{code}""#)),
            "links stay on this portal"
        );
        assert!(page.body.contains("1 thông báo chưa đọc"));
        let action = page
            .body
            .split("action=\"/thong-bao/")
            .nth(2)
            .expect("a mark-read form");
        let id = action.split('/').next().unwrap().to_owned();
        let csrf = csrf_of(&page.body);

        // Someone else cannot mark it, and nobody can without the form's token.
        let binh = app.sign_in("binh@example.vn").await;
        let (_, binh_csrf) = app.open_form("/thong-bao", Some(&binh)).await;
        let r = app
            .post_form(
                &format!("/thong-bao/{id}/da-doc"),
                Some(&binh),
                &[("_csrf", &binh_csrf)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = app.post_form(&format!("/thong-bao/{id}/da-doc"), Some(&an), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: no CSRF token", app.label());
        assert!(
            app.get_with_cookie("/", &an)
                .await
                .body
                .contains("id=\"unread-count\">1<")
        );

        let r = app
            .post_form(
                &format!("/thong-bao/{id}/da-doc"),
                Some(&an),
                &[("_csrf", &csrf), ("trang", "1")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers["location"], "/thong-bao?trang=1&da-doc=1");
        let after = app.get_with_cookie("/thong-bao?trang=1&da-doc=1", &an).await;
        assert!(after.body.contains("Đã đánh dấu là đã đọc."));
        assert!(after.body.contains("Không có thông báo chưa đọc."));
        assert!(
            !after.body.contains("unread-count"),
            "{}: the bell is quiet",
            app.label()
        );
    }
}

#[tokio::test]
async fn the_api_lists_the_account_s_own_notifications() {
    for app in TestApp::all().await {
        let token = app.token("an@example.vn", AccountKind::Citizen, None).await;
        let other = app.token("binh@example.vn", AccountKind::Citizen, None).await;
        app.user(
            "mc@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.50")),
        )
        .await;
        let code = received_dossier(&app, "an@example.vn", "mc@example.vn").await;
        assert_eq!(
            app.get("/api/v1/me/notifications").await.status,
            StatusCode::UNAUTHORIZED
        );
        let list = app.send(bearer("/api/v1/me/notifications", "GET", &token)).await.json();
        assert_eq!((list["total"].as_i64(), list["unread"].as_i64()), (Some(1), Some(1)));
        let item = &list["items"][0];
        assert_eq!(item["kind"], "dossier_received");
        assert!(item["title"].as_str().unwrap().contains(&code));
        assert!(item["read_at"].is_null());
        assert!(item["created_at"].as_str().unwrap().ends_with("+07:00"));
        let id = item["id"].as_i64().unwrap();
        let path = format!("/api/v1/me/notifications/{id}/read");
        assert_eq!(
            app.send(bearer(&path, "POST", &other)).await.status,
            StatusCode::NO_CONTENT
        );
        let theirs = app.send(bearer("/api/v1/me/notifications", "GET", &other)).await.json();
        assert_eq!(theirs["total"], 0, "{}: nothing of another account", app.label());
        assert_eq!(
            app.send(bearer("/api/v1/me/notifications", "GET", &token)).await.json()["unread"],
            1,
            "another account's request changed nothing"
        );
        assert_eq!(
            app.send(bearer(&path, "POST", &token)).await.status,
            StatusCode::NO_CONTENT
        );
        let list = app.send(bearer("/api/v1/me/notifications", "GET", &token)).await.json();
        assert_eq!(list["unread"], 0);
        assert!(list["items"][0]["read_at"].is_string());
    }
}

#[tokio::test]
async fn channel_choices_are_kept_and_refusals_shown_next_to_the_field() {
    for app in TestApp::all().await {
        let mail = tempfile::tempdir().unwrap();
        app.state.set_outlets(Outlets {
            email: Some(EmailOutlet::Folder(MailFolder::new(mail.path(), FROM).unwrap())),
            ..Outlets::default()
        });
        app.user("an@example.vn", AccountKind::Citizen, None).await;
        let anonymous = app.get("/tai-khoan/thong-bao").await;
        assert_eq!(anonymous.headers["location"], "/dang-nhap?next=/tai-khoan/thong-bao");
        let an = app.sign_in("an@example.vn").await;
        let form = app.get_with_cookie("/tai-khoan/thong-bao", &an).await;
        assert_eq!(form.status, StatusCode::OK, "{}", app.label());
        assert!(
            form.body
                .contains(r#"id="channel-email" name="email" value="on" checked"#)
        );
        assert!(form.body.contains("Cổng chưa cung cấp kênh này."), "SMS is not offered");
        let csrf = csrf_of(&form.body);

        let refused = app
            .post_form(
                "/tai-khoan/thong-bao",
                Some(&an),
                &[("_csrf", &csrf), ("email", "on"), ("sms", "on"), ("lang", "vi")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        assert!(
            refused
                .body
                .contains(r#"<p class="error-message" id="channel-sms-error">"#)
        );
        assert!(
            refused.body.contains(r##"<a href="#channel-sms">Tin nhắn SMS: "##),
            "the summary names the field"
        );

        let saved = app
            .post_form("/tai-khoan/thong-bao", Some(&an), &[("_csrf", &csrf), ("lang", "en")])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
        let page = app.get_with_cookie("/tai-khoan/thong-bao?da-luu=1", &an).await;
        assert!(page.body.contains("Đã lưu cách nhận thông báo."));
        assert!(!page.body.contains(r#"name="email" value="on" checked"#), "e-mail off");
        assert!(page.body.contains(r#"value="en" checked"#));
        let who = principal(&app, "an@example.vn").await;
        let view = motcua_app::notifications::preferences(&app.state, &who).await.unwrap();
        assert!(!view.chosen.email && view.chosen.lang == PreferredLang::En);
    }
}

#[tokio::test]
async fn system_administrators_see_failed_deliveries_and_send_them_again() {
    for app in TestApp::all().await {
        let mail = tempfile::tempdir().unwrap();
        let folder = || Outlets {
            email: Some(EmailOutlet::Folder(MailFolder::new(mail.path(), FROM).unwrap())),
            ..Outlets::default()
        };
        app.user("an@example.vn", AccountKind::Citizen, None).await;
        app.user(
            "mc@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.50")),
        )
        .await;
        app.user(
            "admin@example.vn",
            AccountKind::Officer,
            Some((Role::SystemAdmin, "H15")),
        )
        .await;
        app.user(
            "tuphap@example.vn",
            AccountKind::Officer,
            Some((Role::AgencyAdmin, "H15.01")),
        )
        .await;
        // Fanned out while e-mail was configured, delivered after it was taken away: a
        // permanent failure.
        app.state.set_outlets(folder());
        let code = received_dossier(&app, "an@example.vn", "mc@example.vn").await;
        app.state.set_outlets(Outlets::default());
        deliver_due(&app.state).await.unwrap();

        assert_eq!(
            app.get("/quan-tri/gui-thong-bao").await.headers["location"],
            "/dang-nhap?next=/quan-tri/gui-thong-bao"
        );
        for login in ["an@example.vn", "mc@example.vn", "tuphap@example.vn"] {
            let cookie = app.sign_in(login).await;
            let r = app.get_with_cookie("/quan-tri/gui-thong-bao", &cookie).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: {login}", app.label());
        }
        let admin = app.sign_in("admin@example.vn").await;
        let page = app.get_with_cookie("/quan-tri/gui-thong-bao", &admin).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("<code>channel_not_configured</code>"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Tiếp nhận hồ sơ"));
        assert!(
            page.body.contains(r#"href="/quan-tri/gui-thong-bao""#),
            "in the administrators' menu"
        );
        let action = page.body.split("action=\"/quan-tri/gui-thong-bao/").nth(1).unwrap();
        let id = action.split('/').next().unwrap().to_owned();
        let retry = format!("/quan-tri/gui-thong-bao/{id}/gui-lai");

        let mc = app.sign_in("mc@example.vn").await;
        let (_, mc_csrf) = app.open_form("/thong-bao", Some(&mc)).await;
        let r = app.post_form(&retry, Some(&mc), &[("_csrf", &mc_csrf)]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: officers may not", app.label());
        assert_eq!(app.post_form(&retry, None, &[]).await.status, StatusCode::FORBIDDEN);

        app.state.set_outlets(folder());
        let csrf = csrf_of(&page.body);
        let r = app.post_form(&retry, Some(&admin), &[("_csrf", &csrf)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.headers["location"], "/quan-tri/gui-thong-bao?ket-qua=gui-lai");
        deliver_due(&app.state).await.unwrap();
        let after = app
            .get_with_cookie("/quan-tri/gui-thong-bao?ket-qua=gui-lai", &admin)
            .await;
        assert!(after.body.contains("Đã đưa thông báo vào hàng đợi để gửi lại."));
        assert!(after.body.contains("Không có thông báo nào gửi không thành công."));
        let again = app.post_form(&retry, Some(&admin), &[("_csrf", &csrf)]).await;
        assert_eq!(again.headers["location"], "/quan-tri/gui-thong-bao?ket-qua=khong-loi");

        // The demo's mail folder holds the message as an SMTP server would have got it.
        let files: Vec<_> = std::fs::read_dir(mail.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{}", app.label());
        let eml = std::fs::read_to_string(&files[0]).unwrap();
        let name = files[0].file_stem().unwrap().to_str().unwrap().to_owned();
        assert!(
            eml.contains(&format!("Message-ID: <motcua.{name}@dichvucong.daklak.gov.vn>")),
            "{eml}"
        );
        assert!(eml.contains("Subject: =?utf-8?"), "{eml}");
        assert!(eml.contains(&code));
        let admin_principal = principal(&app, "admin@example.vn").await;
        let o = motcua_app::notifications::deliveries_overview(&app.state, &admin_principal)
            .await
            .unwrap();
        assert_eq!(o.counts, vec![(DeliveryState::Sent, 1)]);
    }
}
