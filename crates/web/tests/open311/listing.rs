//! GET /requests: every filter, the defaults (last 90 days, 1000 results), the extensions,
//! and bad parameters, in both formats.

use motcua_domain::ids::ReportId;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

use crate::doc::{BOTH, Fmt, error_codes, read};
use crate::fixtures::{ROOT, apps, insert_at, post_id, pothole, publish, refuse, with};
use crate::support::{TestApp, urlencode};

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["service_request_id"].as_str().unwrap().parse().unwrap())
        .collect()
}

fn at(t: OffsetDateTime) -> String {
    urlencode(&t.format(&Rfc3339).unwrap())
}

/// The ids listed for a query, the same in both formats.
async fn list(app: &TestApp, query: &str) -> Vec<ReportId> {
    let mut found = Vec::new();
    for fmt in BOTH {
        let r = app.get(&format!("{ROOT}/requests.{}?{query}", fmt.ext())).await;
        assert_eq!(r.status, 200, "{} {query}: {}", app.label(), r.body);
        found.push(ids(&read(&r, fmt, "service_requests")));
    }
    assert_eq!(found[0], found[1], "{query}: formats differ");
    found.remove(0).into_iter().map(ReportId).collect()
}

async fn refused(app: &TestApp, query: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for fmt in BOTH {
        let r = app.get(&format!("{ROOT}/requests.{}?{query}", fmt.ext())).await;
        assert_eq!(r.status, 400, "{query}: {}", r.body);
        codes.push(error_codes(&r, fmt));
    }
    assert_eq!(codes[0], codes[1]);
    codes.remove(0)
}

#[tokio::test]
async fn every_filter_of_the_request_list() {
    let now = OffsetDateTime::now_utc();
    for app in apps().await {
        let a = insert_at(&app, "rac-thai", 12.68, 108.05, now - Duration::days(1)).await;
        let b = insert_at(&app, "ngap-ung", 12.75, 108.10, now - Duration::days(10)).await;
        let c = insert_at(&app, "rac-thai", 12.60, 108.00, now - Duration::days(100)).await;
        let d = insert_at(&app, "cay-xanh", 12.66, 108.03, now - Duration::days(2)).await;
        publish(&app, d, "Đã thu gom cây gãy.").await;
        let gone = insert_at(&app, "rac-thai", 12.68, 108.05, now - Duration::hours(1)).await;
        refuse(&app, gone, "Trùng phản ánh").await;
        let conduct = with(
            with(pothole(), "service_code", Some("hanh-vi-can-bo")),
            "attribute[muc_do]",
            None,
        );
        let private = post_id(&app, &with(conduct, "attribute[noi_xay_ra]", Some("Bộ phận một cửa"))).await;

        // Defaults: public reports of the last 90 days, newest first; empty = absent.
        assert_eq!(list(&app, "").await, [a, d, b]);
        assert_eq!(
            list(&app, "status=&service_code=&start_date=&jurisdiction_id=&bbox=").await,
            [a, d, b]
        );
        // service_request_id overrides every other filter (but never shows private reports).
        let q = format!("service_request_id={c},{a},{private}&service_code=ngap-ung&status=closed");
        assert_eq!(list(&app, &q).await, [a, c]);
        assert_eq!(list(&app, "service_code=rac-thai,ngap-ung").await, [a, b]);
        assert_eq!(list(&app, "status=open").await, [a, b]);
        assert_eq!(list(&app, "status=closed").await, [d]);
        assert_eq!(list(&app, "status=open,closed").await, [a, d, b]);
        // Date windows.
        let q = format!(
            "start_date={}&end_date={}",
            at(now - Duration::days(120)),
            at(now - Duration::days(60))
        );
        assert_eq!(list(&app, &q).await, [c]);
        assert_eq!(
            list(&app, &format!("start_date={}", at(now - Duration::days(5)))).await,
            [a, d]
        );
        assert_eq!(
            list(&app, &format!("end_date={}", at(now - Duration::days(50)))).await,
            [c]
        );
        let local = (now - Duration::days(5)).to_offset(UtcOffset::from_hms(7, 0, 0).unwrap());
        let plus_as_space = local.format(&Rfc3339).unwrap().replace('+', "%20");
        assert_eq!(list(&app, &format!("start_date={plus_as_space}")).await, [a, d]);
        // Extensions: update times, bounding box, pages.
        assert_eq!(
            list(&app, &format!("updated_after={}", at(now - Duration::minutes(5)))).await,
            [d]
        );
        assert_eq!(
            list(&app, &format!("updated_before={}", at(now - Duration::days(5)))).await,
            [b, c]
        );
        assert_eq!(list(&app, "bbox=12.655,108.02,12.70,108.07").await, [a, d]);
        assert_eq!(list(&app, "page_size=1&page=2").await, [d]);
        assert_eq!(list(&app, "page_size=2&page=2").await, [b]);
        assert_eq!(list(&app, "page=9").await, Vec::<ReportId>::new());

        // Bad parameters.
        let long = format!("start_date={}&end_date={}", at(now - Duration::days(91)), at(now));
        assert_eq!(refused(&app, &long).await, ["end_date.range_too_long"]);
        let exactly = format!("start_date={}&end_date={}", at(now - Duration::days(90)), at(now));
        assert_eq!(list(&app, &exactly).await, [a, d, b]);
        let reversed = format!("start_date={}&end_date={}", at(now), at(now - Duration::days(1)));
        assert_eq!(refused(&app, &reversed).await, ["end_date.end_before_start"]);
        assert_eq!(
            refused(&app, "start_date=2026-13-01T00:00:00Z").await,
            ["start_date.invalid_datetime"]
        );
        assert_eq!(
            refused(&app, "end_date=2026-11-20").await,
            ["end_date.invalid_datetime"],
            "a timezone is needed"
        );
        assert_eq!(
            refused(&app, "updated_after=hom-qua").await,
            ["updated_after.invalid_datetime"]
        );
        assert_eq!(refused(&app, "status=pending").await, ["status.unknown_status"]);
        assert_eq!(
            refused(&app, "service_request_id=1,x").await,
            ["service_request_id.invalid_id"]
        );
        assert_eq!(refused(&app, "bbox=12.7,108,12.6,108.1").await, ["bbox.invalid_bbox"]);
        assert_eq!(refused(&app, "page_size=1001").await, ["page_size.out_of_range"]);
        assert_eq!(refused(&app, "page=0").await, ["page.out_of_range"]);
        for fmt in BOTH {
            let r = app
                .get(&format!("{ROOT}/requests.{}?jurisdiction_id=hanoi", fmt.ext()))
                .await;
            assert_eq!(r.status, 404);
            assert_eq!(error_codes(&r, fmt), ["jurisdiction_id.unknown"]);
        }
    }
}

#[tokio::test]
async fn lists_stop_at_a_thousand_requests() {
    let now = OffsetDateTime::now_utc();
    for app in apps().await {
        for i in 0..1001 {
            insert_at(&app, "cay-xanh", 12.68, 108.05, now - Duration::minutes(i)).await;
        }
        for fmt in [Fmt::Json, Fmt::Xml] {
            let r = app.get(&format!("{ROOT}/requests.{}", fmt.ext())).await;
            assert_eq!(read(&r, fmt, "service_requests").as_array().unwrap().len(), 1000);
        }
        assert_eq!(list(&app, "page=2").await.len(), 1);
    }
}
