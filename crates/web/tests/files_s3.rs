//! A dossier's file goes to the S3-compatible store and comes back from it (when the test
//! server is configured; the project's test command and CI configure one).

mod support;

use axum::http::StatusCode;

use motcua_domain::account::{AccountKind, Role};
use motcua_storage::testing;
use support::TestApp;

#[tokio::test]
async fn a_file_filed_at_the_counter_is_stored_in_s3_and_downloaded_from_it() {
    let Some(s3) = testing::s3_files() else {
        return;
    };
    let mut app = TestApp::sqlite().await;
    app.state = support::state_of(app.db.store.clone(), s3.files.clone(), support::test_settings()).await;
    app.router = motcua_web::router(app.state.clone());
    assert_eq!(app.get("/readyz").await.status, StatusCode::OK, "the bucket answers");

    app.user(
        "mc@example.vn",
        AccountKind::Officer,
        Some((Role::OneStopOfficer, "H15.50")),
    )
    .await;
    let mc = app.sign_in("mc@example.vn").await;
    let start = app.get_with_cookie("/tiep-nhan/1.000894", &mc).await;
    assert_eq!(start.headers["location"], "/tiep-nhan/1.000894/nguoi-nop");
    let (_, csrf) = app.open_form("/tiep-nhan/1.000894/nguoi-nop", Some(&mc)).await;
    let person = [
        ("_csrf", csrf.as_str()),
        ("full_name", "Trần Thị Mai"),
        ("id_number", "066190009876"),
        ("address", "45 Phan Bội Châu"),
        ("phone", "0987654321"),
    ];
    app.post_form("/tiep-nhan/1.000894/nguoi-nop", Some(&mc), &person).await;
    let values = [
        ("_csrf", csrf.as_str()),
        ("ho_ten_chong", "Lê Văn Nam"),
        ("so_dinh_danh_chong", "066190001111"),
        ("ngay_sinh_chong-ngay", "15"),
        ("ngay_sinh_chong-thang", "01"),
        ("ngay_sinh_chong-nam", "1988"),
    ];
    app.post_form("/tiep-nhan/1.000894/to-khai", Some(&mc), &values).await;
    let scan = b"%PDF-1.4\n% scanned at the counter, kept in S3\n%%EOF\n";
    let r = app
        .post_file(
            &format!("/tiep-nhan/1.000894/giay-to?_csrf={csrf}"),
            &mc,
            &[("component", "to_khai")],
            "scan.pdf",
            scan,
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let done = app
        .post_form("/tiep-nhan/1.000894/kiem-tra", Some(&mc), &[("_csrf", &csrf)])
        .await;
    let url = done.headers["location"].to_str().unwrap().to_owned();
    let page = app.get_with_cookie(&url, &mc).await;
    let link = page
        .body
        .split("href=\"")
        .map(|p| &p[..p.find('"').unwrap_or(0)])
        .find(|href| href.contains("/tep/"))
        .unwrap_or_else(|| panic!("a download link: {}", page.body))
        .to_owned();
    let got = app.get_with_cookie(&link, &mc).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.content_type(), "application/pdf");
    assert_eq!(got.body.as_bytes(), scan, "the bytes come back from the bucket");
    assert!(
        std::fs::read_dir(app.files_dir.path()).unwrap().next().is_none(),
        "nothing written to the local folder"
    );
}
