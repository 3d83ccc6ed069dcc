//! The portal as a citizen and an administrator use it, without JavaScript.

mod support;

use axum::http::StatusCode;

use motcua_domain::account::{AccountKind, Role};
use support::{PASSWORD, TestApp};

#[tokio::test]
async fn home_search_and_procedure_page() {
    let app = TestApp::sqlite().await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("<html lang=\"vi\">"));
    assert!(home.body.contains("Hộ tịch"), "fields listed");

    let list = app.get("/thu-tuc?q=DANG+KY+KET+HON").await;
    let first = list
        .body
        .find("/thu-tuc/1.000894")
        .expect("marriage registration listed");
    let birth = list.body.find("/thu-tuc/1.001193").unwrap_or(usize::MAX);
    assert!(first < birth, "the exact name ranks first");

    let page = app.get("/thu-tuc/1.000894").await;
    assert_eq!(page.status, StatusCode::OK);
    for part in [
        "Đăng ký kết hôn",
        "Trình tự thực hiện",
        "Cách thức thực hiện",
        "Thành phần, số lượng hồ sơ",
        "Thời hạn giải quyết",
        "Đối tượng thực hiện",
        "Cơ quan thực hiện",
        "Kết quả thực hiện",
        "Phí, lệ phí",
        "Căn cứ pháp lý",
        "Tờ khai đăng ký kết hôn theo mẫu",
        "1 ngày làm việc",
        "Luật Hộ tịch số 60/2014/QH13",
        "Ủy ban nhân dân phường Buôn Ma Thuột",
        "Nộp hồ sơ trực tuyến",
        "Toàn trình",
    ] {
        assert!(page.body.contains(part), "procedure page lacks {part:?}");
    }
    let start = app.get("/thu-tuc/1.000894/nop-truc-tuyen").await;
    assert!(start.body.contains("Trước khi bắt đầu") && start.body.contains("/dang-nhap?next="));
    assert_eq!(app.get("/thu-tuc/9.999999").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn filters_and_bad_filters() {
    let app = TestApp::sqlite().await;
    let province = app.get("/thu-tuc?level=province").await;
    assert!(province.body.contains("lý lịch tư pháp") && !province.body.contains("/thu-tuc/1.000894\""));
    let bad = app.get("/thu-tuc?level=galaxy").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("Yêu cầu không hợp lệ"), "a Vietnamese error page");
}

#[tokio::test]
async fn registration_shows_errors_next_to_fields_and_keeps_input() {
    let app = TestApp::sqlite().await;
    let (cookie, csrf) = app.open_form("/dang-ky", None).await;
    let r = app
        .post_form(
            "/dang-ky",
            Some(&cookie),
            &[
                ("_csrf", &csrf),
                ("full_name", "Lê Thị Hoa"),
                ("login", "0123"),
                ("password", "ngan"),
                ("password_confirm", "khac"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Có lỗi cần sửa"), "error summary");
    assert!(r.body.contains("href=\"#login\""), "summary links to the field");
    assert!(
        r.body.contains("số điện thoại di động Việt Nam"),
        "Vietnamese message for the login"
    );
    assert!(r.body.contains("Quá ngắn: ít nhất 10 ký tự."));
    assert!(r.body.contains("Hai mật khẩu không giống nhau."));
    assert!(r.body.contains("value=\"Lê Thị Hoa\""), "typed name kept");
    assert!(r.body.contains("aria-invalid=\"true\""));

    let ok = app
        .post_form(
            "/dang-ky",
            Some(&cookie),
            &[
                ("_csrf", &csrf),
                ("full_name", "Lê Thị Hoa"),
                ("login", "+84 912 345 678"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let signed = ok.cookie("motcua_sid").unwrap();
    assert!(app.get_with_cookie("/", &signed).await.body.contains("Lê Thị Hoa"));
    let (c2, csrf2) = app.open_form("/dang-ky", None).await;
    let dup = app
        .post_form(
            "/dang-ky",
            Some(&c2),
            &[
                ("_csrf", &csrf2),
                ("full_name", "Người khác"),
                ("login", "0912345678"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert!(
        dup.body.contains("đã được đăng ký"),
        "the same phone, written differently, is taken"
    );
    let stored = app
        .db
        .store
        .user_by_login(&motcua_domain::account::LoginId::Phone("0912345678".into()))
        .await
        .unwrap()
        .unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$"));
}

#[tokio::test]
async fn wrong_password_is_one_vague_message() {
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let (cookie, csrf) = app.open_form("/dang-nhap", None).await;
    for login in ["an@example.vn", "khongco@example.vn"] {
        let r = app
            .post_form(
                "/dang-nhap",
                Some(&cookie),
                &[("_csrf", &csrf), ("login", login), ("password", "sai-mat-khau-roi")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("Thư điện tử, số điện thoại hoặc mật khẩu không đúng."),
            "same message whether or not the account exists"
        );
    }
    let next = app
        .post_form(
            "/dang-nhap",
            Some(&cookie),
            &[
                ("_csrf", &csrf),
                ("login", "an@example.vn"),
                ("password", PASSWORD),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(next.headers["location"], "/", "no open redirect");
}

#[tokio::test]
async fn administrators_edit_procedures_and_others_cannot() {
    for app in TestApp::all().await {
        app.user(
            "admin@example.vn",
            AccountKind::Officer,
            Some((Role::SystemAdmin, "H15")),
        )
        .await;
        app.user("dan@example.vn", AccountKind::Citizen, None).await;
        let citizen = app.sign_in("dan@example.vn").await;
        assert_eq!(
            app.get_with_cookie("/quan-tri/thu-tuc/1.000894/sua", &citizen)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/quan-tri/thu-tuc/moi").await.status,
            StatusCode::SEE_OTHER,
            "anonymous goes to sign-in"
        );

        let admin = app.sign_in("admin@example.vn").await;
        let (_, csrf) = app.open_form("/quan-tri/thu-tuc/1.000894/sua", Some(&admin)).await;
        let edit = app.get_with_cookie("/quan-tri/thu-tuc/1.000894/sua", &admin).await;
        assert!(
            edit.body
                .contains("to_khai | Tờ khai đăng ký kết hôn theo mẫu | bắt buộc | 1 | 0 | pdf,docx")
        );
        let form = |name: &'static str, version: &'static str| {
            vec![
                ("_csrf", csrf.clone()),
                ("version", version.into()),
                ("code", "1.000894".into()),
                ("name", name.into()),
                ("field", "Hộ tịch".into()),
                ("steps", "Bước 1: Nộp hồ sơ.".into()),
                ("channels", "in_person".into()),
                ("channels", "online".into()),
                ("components", "to_khai | Tờ khai | bắt buộc | 1 | 0 | pdf".into()),
                ("time_value", "3".into()),
                ("time_unit", "working_days".into()),
                ("applicants", "Công dân Việt Nam".into()),
                ("handling_agency", "UBND cấp xã".into()),
                ("agencies", "H15.50".into()),
                ("levels", "commune".into()),
                ("fees", "Lệ phí | 0".into()),
                ("legal_basis", "Luật Hộ tịch".into()),
                ("result_document", "Giấy chứng nhận kết hôn".into()),
                ("online_level", "full_process".into()),
                ("full_process_eligible", "1".into()),
                ("form", "ho_ten_chong | Họ tên chồng | text | bắt buộc".into()),
            ]
        };
        let empty_name = send(&app, &admin, form("", "1")).await;
        assert_eq!(empty_name.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        assert!(empty_name.body.contains("Không được để trống."));
        assert!(
            empty_name.body.contains("Giấy chứng nhận kết hôn"),
            "what was typed is kept"
        );
        let before = app.get("/thu-tuc/1.000894").await; // an anonymous reader caches the page
        assert!(!before.body.contains("(sửa đổi)"));
        let saved = send(&app, &admin, form("Đăng ký kết hôn (sửa đổi)", "1")).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = app.get("/thu-tuc/1.000894").await;
        assert!(page.body.contains("Đăng ký kết hôn (sửa đổi)") && page.body.contains("3 ngày làm việc"));
        let stale = send(&app, &admin, form("Sửa lần nữa", "1")).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.body.contains("người khác sửa"));
    }
}

#[tokio::test]
async fn english_switch() {
    let app = TestApp::sqlite().await;
    let r = app.get("/ngon-ngu/en").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let lang = r.cookie("lang").unwrap();
    let home = app.get_with_cookie("/", &lang).await;
    assert!(home.body.contains("<html lang=\"en\">") && home.body.contains("Find an administrative procedure"));
}

async fn send(app: &TestApp, cookie: &str, pairs: Vec<(&'static str, String)>) -> support::Reply {
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/quan-tri/thu-tuc/1.000894/sua", Some(cookie), &refs)
        .await
}

#[tokio::test]
async fn the_process_page_checks_the_file() {
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
        app.get_with_cookie("/quan-tri/thu-tuc/1.000894/quy-trinh", &citizen)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let admin = app.sign_in("admin@example.vn").await;
    let page = app
        .get_with_cookie("/quan-tri/thu-tuc/1.000894/quy-trinh", &admin)
        .await;
    assert!(page.body.contains("Tiếp nhận hồ sơ") && page.body.contains("Cán bộ một cửa"));
    let csrf = support::csrf_of(&page.body);
    let r = app
        .post_form(
            "/quan-tri/thu-tuc/1.000894/quy-trinh",
            Some(&admin),
            &[("_csrf", &csrf), ("definition", "{\n  \"steps\": [\n    {,}\n  ]\n}")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Dòng 3"), "the JSON error names its line");
    let short = r#"{"steps": [{"key": "a", "name": "Tiếp nhận", "role": "one_stop_officer", "allowance": 0.25, "actions": ["receive", "return_result"]}]}"#;
    let r = app
        .post_form(
            "/quan-tri/thu-tuc/1.000894/quy-trinh",
            Some(&admin),
            &[("_csrf", &csrf), ("definition", short)],
        )
        .await;
    assert!(
        r.body.contains("Tổng thời gian các bước phải bằng thời hạn giải quyết"),
        "allowances must add up"
    );
    let good = short.replace("0.25", "1");
    let r = app
        .post_form(
            "/quan-tri/thu-tuc/1.000894/quy-trinh",
            Some(&admin),
            &[("_csrf", &csrf), ("definition", &good)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/api/v1/procedures/1.000894/process").await.json()["steps"][0]["key"],
        "a"
    );
}
