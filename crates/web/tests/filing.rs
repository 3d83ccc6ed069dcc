//! Filing online in the portal, page by page, without JavaScript.

mod support;

use axum::http::StatusCode;

use motcua_domain::account::AccountKind;
use support::TestApp;

#[tokio::test]
async fn a_citizen_files_online_page_by_page() {
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    app.user("binh@example.vn", AccountKind::Citizen, None).await;
    let anon = app.get("/nop-ho-so/1.000894").await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);
    assert_eq!(anon.headers["location"], "/dang-nhap?next=/nop-ho-so/1.000894");

    let me = app.sign_in("an@example.vn").await;
    let start = app.get_with_cookie("/nop-ho-so/1.000894", &me).await;
    assert_eq!(
        start.headers["location"], "/nop-ho-so/1.000894/nguoi-nop",
        "one receiving agency: chosen for you"
    );
    let (_, csrf) = app.open_form("/nop-ho-so/1.000894/nguoi-nop", Some(&me)).await;
    let page = app.get_with_cookie("/nop-ho-so/1.000894/nguoi-nop", &me).await;
    assert!(
        page.body.contains("value=\"Người dùng an@example.vn\""),
        "the account's name is offered"
    );

    let bad = [
        ("_csrf", csrf.as_str()),
        ("full_name", "Nguyễn Văn An"),
        ("id_number", "12345"),
        ("address", "12 Lê Duẩn"),
        ("phone", "0912345678"),
    ];
    let r = app.post_form("/nop-ho-so/1.000894/nguoi-nop", Some(&me), &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Số định danh cá nhân gồm 12 chữ số"),
        "Vietnamese message next to the field"
    );
    assert!(r.body.contains("value=\"12 Lê Duẩn\""), "what was typed is kept");
    let good = [
        ("_csrf", csrf.as_str()),
        ("full_name", "Nguyễn Văn An"),
        ("id_number", "066190001234"),
        ("address", "12 Lê Duẩn"),
        ("phone", "0912345678"),
    ];
    let r = app.post_form("/nop-ho-so/1.000894/nguoi-nop", Some(&me), &good).await;
    assert_eq!(r.headers["location"], "/nop-ho-so/1.000894/to-khai");

    let form = app.get_with_cookie("/nop-ho-so/1.000894/to-khai", &me).await;
    assert!(
        form.body.contains("Họ, chữ đệm, tên người chồng")
            && form.body.contains("name=\"ngay_sinh_chong-ngay\"")
            && !form.body.contains("type=\"date\""),
        "a date is three boxes (day, month, year), not the browser's date picker"
    );
    let r = app
        .post_form(
            "/nop-ho-so/1.000894/to-khai",
            Some(&me),
            &[
                ("_csrf", &csrf),
                ("ho_ten_chong", "Nguyễn Văn An"),
                ("so_dinh_danh_chong", "066190001234"),
                ("ngay_sinh_chong-ngay", "31"),
                ("ngay_sinh_chong-thang", "02"),
                ("ngay_sinh_chong-nam", "1990"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Nhập một ngày có thật"), "{}", r.body);
    assert!(
        r.body.contains("value=\"31\"") && r.body.contains("value=\"1990\""),
        "what was typed stays"
    );
    let r = app
        .post_form(
            "/nop-ho-so/1.000894/to-khai",
            Some(&me),
            &[
                ("_csrf", &csrf),
                ("ho_ten_chong", "Nguyễn Văn An"),
                ("so_dinh_danh_chong", "066190001234"),
                ("ngay_sinh_chong-ngay", "2"),
                ("ngay_sinh_chong-thang", "5"),
                ("ngay_sinh_chong-nam", "1990"),
            ],
        )
        .await;
    assert_eq!(
        r.headers["location"], "/nop-ho-so/1.000894/giay-to",
        "the required application form file is missing"
    );
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let up = format!("/nop-ho-so/1.000894/giay-to?_csrf={csrf}");
    let r = app
        .post_file(&up, &me, &[("component", "to_khai")], "tờ khai.pdf", pdf)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let docs = app.get_with_cookie("/nop-ho-so/1.000894/giay-to", &me).await;
    assert!(docs.body.contains("tờ khai.pdf"));

    // The draft survives signing out and in again.
    let again = app.sign_in("an@example.vn").await;
    let check = app.get_with_cookie("/nop-ho-so/1.000894/kiem-tra", &again).await;
    assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    assert!(
        check.body.contains("066190001234") && check.body.contains("02/05/1990") && check.body.contains("Thay đổi")
    );
    let csrf = support::csrf_of(&check.body);
    let r = app
        .post_form("/nop-ho-so/1.000894/kiem-tra", Some(&again), &[("_csrf", &csrf)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let done_url = r.headers["location"].to_str().unwrap().to_owned();
    assert!(
        done_url.starts_with("/ho-so/H15.50-") && done_url.ends_with("/da-nop"),
        "{done_url}"
    );
    let done = app.get_with_cookie(&done_url, &again).await;
    assert!(done.body.contains("Đã nộp hồ sơ") && done.body.contains("Điều gì xảy ra tiếp theo"));
    assert!(
        done.body.contains("<svg") && done.body.contains("Quét mã QR"),
        "the look-up QR code"
    );
    let other = app.sign_in("binh@example.vn").await;
    assert_eq!(
        app.get_with_cookie(&done_url, &other).await.status,
        StatusCode::NOT_FOUND,
        "another citizen sees nothing"
    );
    let restart = app.get_with_cookie("/nop-ho-so/1.000894", &again).await;
    assert_eq!(
        restart.headers["location"], "/nop-ho-so/1.000894/nguoi-nop",
        "the draft was cleared after filing"
    );
}

#[tokio::test]
async fn uploads_are_sniffed_and_size_checked() {
    let db = motcua_storage::testing::sqlite().await;
    let app = TestApp::on(
        db,
        support::Settings {
            app: motcua_app::Settings {
                max_upload_bytes: 1024 * 1024,
                ..motcua_app::Settings::default()
            },
            ..support::test_settings()
        },
    )
    .await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let me = app.sign_in("an@example.vn").await;
    let (_, csrf) = app.open_form("/nop-ho-so/1.000894/giay-to", Some(&me)).await;
    let up = format!("/nop-ho-so/1.000894/giay-to?_csrf={csrf}");
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00 this is a program";
    // A refused upload goes back to the documents page (post, redirect, get: the address
    // bar never shows the form's token) with the message next to the component.
    async fn refused(app: &support::TestApp, me: &str, r: support::Reply) -> String {
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let to = r.headers["location"].to_str().unwrap().to_owned();
        assert!(
            to.starts_with("/nop-ho-so/1.000894/giay-to?") && !to.contains("_csrf"),
            "{to}"
        );
        let page = app.get_with_cookie(&to, me).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("id=\"to_khai-error\"") || page.body.contains("error-message"),
            "{}",
            page.body
        );
        page.body
    }
    let r = app
        .post_file(&up, &me, &[("component", "to_khai")], "to_khai.pdf", exe)
        .await;
    let body = refused(&app, &me, r).await;
    assert!(
        body.contains("Loại tệp không được chấp nhận"),
        "a program renamed .pdf is refused"
    );
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00";
    let r = app
        .post_file(&up, &me, &[("component", "to_khai")], "anh.png", png)
        .await;
    assert!(
        refused(&app, &me, r).await.contains("chỉ nhận: pdf, docx"),
        "a picture where only pdf/docx are accepted"
    );
    let big = [b"%PDF-1.4\n".as_slice(), &vec![b'x'; 1024 * 1024 + 10]].concat();
    let r = app
        .post_file(&up, &me, &[("component", "to_khai")], "lon.pdf", &big)
        .await;
    assert!(refused(&app, &me, r).await.contains("Tệp quá lớn: tối đa 1 MB."));
    let r = app
        .post_file(&up, &me, &[("component", "to_khai")], "rong.pdf", b"")
        .await;
    assert!(refused(&app, &me, r).await.contains("Chưa chọn tệp"));
    let no_token = app
        .post_file(
            "/nop-ho-so/1.000894/giay-to",
            &me,
            &[("component", "to_khai")],
            "a.pdf",
            b"%PDF-1.4\n",
        )
        .await;
    assert_eq!(
        no_token.status,
        StatusCode::FORBIDDEN,
        "uploads need the CSRF token too"
    );
    let ok = app
        .post_file(
            &up,
            &me,
            &[("component", "giay_xac_nhan_hon_nhan")],
            "xac nhan.png",
            png,
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let page = app.get_with_cookie("/nop-ho-so/1.000894/giay-to", &me).await;
    let id = page
        .body
        .split("name=\"id\" value=\"")
        .nth(1)
        .map(|p| p[..p.find('"').unwrap()].to_owned())
        .unwrap();
    let del = app
        .post_form(
            "/nop-ho-so/1.000894/giay-to/xoa",
            Some(&me),
            &[("_csrf", &csrf), ("id", &id)],
        )
        .await;
    assert_eq!(del.status, StatusCode::SEE_OTHER);
    assert!(
        !app.get_with_cookie("/nop-ho-so/1.000894/giay-to", &me)
            .await
            .body
            .contains("xac nhan.png")
    );
}

#[tokio::test]
async fn an_officer_files_at_the_counter_for_a_walk_in_applicant() {
    use motcua_domain::account::Role;
    let app = TestApp::sqlite().await;
    app.user(
        "mc@example.vn",
        AccountKind::Officer,
        Some((Role::OneStopOfficer, "H15.50")),
    )
    .await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let citizen = app.sign_in("an@example.vn").await;
    assert_eq!(
        app.get_with_cookie("/tiep-nhan/1.000894", &citizen).await.status,
        StatusCode::FORBIDDEN
    );
    let mc = app.sign_in("mc@example.vn").await;
    let page = app.get_with_cookie("/thu-tuc/1.000894", &mc).await;
    assert!(
        page.body.contains("/tiep-nhan/1.000894"),
        "officers see the counter link"
    );
    let start = app.get_with_cookie("/tiep-nhan/1.000894", &mc).await;
    assert_eq!(start.headers["location"], "/tiep-nhan/1.000894/nguoi-nop");
    let (_, csrf) = app.open_form("/tiep-nhan/1.000894/nguoi-nop", Some(&mc)).await;
    let form = app.get_with_cookie("/tiep-nhan/1.000894/nguoi-nop", &mc).await;
    assert!(
        !form.body.contains("value=\"Người dùng mc@example.vn\""),
        "the officer's own name is not offered for the applicant"
    );
    let person = [
        ("_csrf", csrf.as_str()),
        ("full_name", "Trần Thị Mai"),
        ("id_number", "066190009876"),
        ("address", "45 Phan Bội Châu"),
        ("phone", "0987654321"),
    ];
    assert_eq!(
        app.post_form("/tiep-nhan/1.000894/nguoi-nop", Some(&mc), &person)
            .await
            .headers["location"],
        "/tiep-nhan/1.000894/to-khai"
    );
    let values = [
        ("_csrf", csrf.as_str()),
        ("ho_ten_chong", "Lê Văn Nam"),
        ("so_dinh_danh_chong", "066190001111"),
        ("ngay_sinh_chong-ngay", "15"),
        ("ngay_sinh_chong-thang", "01"),
        ("ngay_sinh_chong-nam", "1988"),
    ];
    assert_eq!(
        app.post_form("/tiep-nhan/1.000894/to-khai", Some(&mc), &values)
            .await
            .headers["location"],
        "/tiep-nhan/1.000894/giay-to"
    );
    let scan = b"%PDF-1.4\n% scanned at the counter\n%%EOF\n";
    let r = app
        .post_file(
            &format!("/tiep-nhan/1.000894/giay-to?_csrf={csrf}"),
            &mc,
            &[("component", "to_khai")],
            "scan.pdf",
            scan,
        )
        .await;
    assert_eq!(r.headers["location"], "/tiep-nhan/1.000894/giay-to");
    let check = app.get_with_cookie("/tiep-nhan/1.000894/kiem-tra", &mc).await;
    assert!(check.body.contains("Trần Thị Mai") && check.body.contains("scan.pdf"));
    let done = app
        .post_form("/tiep-nhan/1.000894/kiem-tra", Some(&mc), &[("_csrf", &csrf)])
        .await;
    let url = done.headers["location"].to_str().unwrap().to_owned();
    assert!(url.starts_with("/ho-so/H15.50-") && !url.ends_with("/da-nop"), "{url}");
    let page = app.get_with_cookie(&url, &mc).await;
    assert!(
        page.body.contains("Trần Thị Mai") && page.body.contains("scan.pdf") && page.body.contains("Tiếp nhận hồ sơ")
    );
    let code = url.trim_start_matches("/ho-so/");
    let stored = app.db.store.dossier_by_code(code).await.unwrap().unwrap();
    assert_eq!(
        (stored.channel.as_str(), stored.state.applicant_id),
        ("in_person", None),
        "a walk-in dossier has no online account"
    );
}
