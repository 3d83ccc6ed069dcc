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
    c.goto(&format!("{base}/dang-nhap")).await.unwrap();
    c.find(Locator::Id("login"))
        .await
        .unwrap()
        .send_keys("an@example.vn")
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
