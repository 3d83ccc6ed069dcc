//! The feedback map in a real browser (Chromium): reports appear as markers from the public
//! JSON, only public ones; clicking the map on the location page fills the coordinates.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod chromium;
mod support;

use std::time::Duration;

use fantoccini::Locator;
use motcua_app::feedback::{Submission, submit};
use motcua_app::records::FeedbackChannel;
use motcua_domain::account::AccountKind;
use motcua_domain::feedback::NewReport;
use support::{PASSWORD, TestApp};

async fn report(app: &TestApp, category: &str, lat: &str, lon: &str) -> i64 {
    let mut r = NewReport {
        category: category.into(),
        description: "Phản ánh để kiểm tra bản đồ".into(),
        lat: lat.into(),
        lon: lon.into(),
        address: "Buôn Ma Thuột".into(),
        ..NewReport::default()
    };
    match category {
        "den-duong" => {
            r.answers.insert("hien_tuong".into(), vec!["khong-sang".into()]);
        }
        "hanh-vi-can-bo" => {
            r.answers.insert("noi_xay_ra".into(), vec!["Bộ phận một cửa".into()]);
        }
        _ => {}
    }
    let s = Submission::new(r, None, FeedbackChannel::Portal);
    submit(&app.state, s).await.unwrap().id.get()
}

async fn wait_for_count(c: &fantoccini::Client, css: &str, want: usize) -> usize {
    let mut n = 0;
    for _ in 0..50 {
        n = c.find_all(Locator::Css(css)).await.unwrap().len();
        if n == want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    n
}

#[tokio::test]
async fn the_map_shows_public_reports_and_picks_a_place() {
    let Some(driver) = chromium::driver().await else {
        return;
    };
    let app = TestApp::sqlite().await.with_feedback().await;
    report(&app, "den-duong", "12.6667", "108.0500").await;
    report(&app, "rac-thai", "12.6700", "108.0450").await;
    // About an official: not public, so not on the map.
    report(&app, "hanh-vi-can-bo", "12.6690", "108.0480").await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let base = chromium::serve(app.router.clone()).await;
    let c = chromium::browser(&driver).await;

    c.goto(&format!("{base}/phan-anh/ban-do")).await.unwrap();
    c.wait()
        .for_element(Locator::Css("#feedback-map.leaflet-container"))
        .await
        .unwrap();
    let markers = wait_for_count(&c, "#feedback-map path.leaflet-interactive", 2).await;
    assert_eq!(
        markers, 2,
        "two public reports in view, the one about an official hidden"
    );

    // Sign in, then pick the place by clicking the middle of the map.
    sign_in(&c, &base, "an@example.vn").await;
    c.goto(&format!("{base}/phan-anh/gui/vi-tri?category=den-duong"))
        .await
        .unwrap();
    let map = c
        .wait()
        .for_element(Locator::Css("#feedback-map.leaflet-container"))
        .await
        .unwrap();
    assert_eq!(
        c.find(Locator::Id("lat"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("")
    );
    map.click().await.unwrap();
    let lat = c
        .find(Locator::Id("lat"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    let lon = c
        .find(Locator::Id("long"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    let (lat, lon): (f64, f64) = (lat.parse().unwrap(), lon.parse().unwrap());
    // The map opens on the configured centre (12.6667, 108.05); a click in its middle lands there.
    assert!(
        (lat - 12.6667).abs() < 0.01 && (lon - 108.05).abs() < 0.01,
        "{lat},{lon}"
    );
    c.close().await.unwrap();
}

async fn sign_in(c: &fantoccini::Client, base: &str, login: &str) {
    c.goto(&format!("{base}/dang-nhap")).await.unwrap();
    c.find(Locator::Id("login"))
        .await
        .unwrap()
        .send_keys(login)
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form[action='/dang-nhap'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Signed in once the page offers to sign out.
    c.wait()
        .for_element(Locator::Css("form[action='/dang-xuat']"))
        .await
        .unwrap();
}

async fn number(c: &fantoccini::Client, script: &str) -> f64 {
    c.execute(script, vec![]).await.unwrap().as_f64().unwrap()
}

/// Portal defect 11: on a phone (390 × 844) the header stays small and check-your-answers
/// does not scroll sideways, even with a long file name.
#[tokio::test]
async fn d11_pages_fit_a_phone() {
    let Some(driver) = chromium::driver().await else {
        return;
    };
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    // A draft ready to check, filed through the pages (not the browser).
    let me = app.sign_in("an@example.vn").await;
    let (_, csrf) = app.open_form("/nop-ho-so/1.000894/co-quan", Some(&me)).await;
    let steps: [(&str, Vec<(&str, &str)>); 3] = [
        ("co-quan", vec![("agency", "H15.50")]),
        (
            "nguoi-nop",
            vec![
                ("full_name", "Nguyễn Văn An"),
                ("id_number", "066190001234"),
                ("address", "12 Lê Duẩn"),
                ("phone", "0912345678"),
            ],
        ),
        (
            "to-khai",
            vec![
                ("ho_ten_chong", "Nguyễn Văn An"),
                ("so_dinh_danh_chong", "066190001234"),
                ("ngay_sinh_chong-ngay", "2"),
                ("ngay_sinh_chong-thang", "5"),
                ("ngay_sinh_chong-nam", "1990"),
            ],
        ),
    ];
    for (page, fields) in steps {
        let mut form = vec![("_csrf", csrf.as_str())];
        form.extend(fields);
        app.post_form(&format!("/nop-ho-so/1.000894/{page}"), Some(&me), &form)
            .await;
    }
    let long_name = format!("{}.pdf", "to-khai-dang-ky-ket-hon-ban-chup-ro-net-".repeat(4));
    app.post_file(
        &format!("/nop-ho-so/1.000894/giay-to?_csrf={csrf}"),
        &me,
        &[("component", "to_khai")],
        &long_name,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    .await;

    let base = chromium::serve(app.router.clone()).await;
    let c = chromium::browser(&driver).await;
    c.set_window_size(390, 844).await.unwrap();
    sign_in(&c, &base, "an@example.vn").await;
    for path in ["/", "/nop-ho-so/1.000894/kiem-tra"] {
        c.goto(&format!("{base}{path}")).await.unwrap();
        c.wait().for_element(Locator::Css("main h1")).await.unwrap();
        let width = number(&c, "return window.innerWidth;").await;
        let height = number(&c, "return window.innerHeight;").await;
        let header = number(
            &c,
            "return document.querySelector('.site-header').getBoundingClientRect().height;",
        )
        .await;
        let scroll = number(&c, "return document.documentElement.scrollWidth;").await;
        assert!(width <= 400.0, "{path}: the window is phone-sized ({width})");
        assert!(
            header / height < 0.2,
            "{path}: the header takes {header} of {height} px"
        );
        assert!(
            scroll <= width,
            "{path}: the page scrolls sideways ({scroll} > {width})"
        );
    }
    let body = c.source().await.unwrap();
    assert!(body.contains(&long_name), "the long file name is on the check page");
    c.close().await.unwrap();
}

/// Portal defect 13: the receipt's QR link (`/tra-cuu/{code}#{secret}`) opens the dossier's
/// status, and the secret leaves the address bar.
#[tokio::test]
async fn d13_the_qr_link_opens_the_dossier() {
    let Some(driver) = chromium::driver().await else {
        return;
    };
    let app = TestApp::sqlite().await;
    let token = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let body = serde_json::json!({
        "procedure": "1.000894", "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02"}
    });
    let r = app
        .send(support::json_request("POST", "/api/v1/dossiers", &body, Some(&token)))
        .await;
    let (code, secret) = (
        r.json()["code"].as_str().unwrap().to_owned(),
        r.json()["secret"].as_str().unwrap().to_owned(),
    );
    let base = chromium::serve(app.router.clone()).await;
    let c = chromium::browser(&driver).await;
    c.goto(&format!("{base}/tra-cuu/{code}#{secret}")).await.unwrap();
    c.wait().for_element(Locator::Css("dl.summary")).await.unwrap();
    let url = c.current_url().await.unwrap();
    assert!(!url.as_str().contains(&secret), "{url}");
    let page = c.source().await.unwrap();
    assert!(
        page.contains("Đăng ký kết hôn") && page.contains("Chờ tiếp nhận"),
        "{page}"
    );
    c.close().await.unwrap();
}
