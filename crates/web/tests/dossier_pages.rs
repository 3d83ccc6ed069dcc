//! The dossier pages: officers' queues and actions, citizens' dossiers, the public look-up.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use axum::http::StatusCode;
use serde_json::json;

use motcua_domain::account::{AccountKind, Role};
use support::{TestApp, json_request};

async fn filed(app: &TestApp, token: &str) -> (String, String) {
    let body = json!({
        "procedure": "1.000894", "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02"}
    });
    let r = app
        .send(json_request("POST", "/api/v1/dossiers", &body, Some(token)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (
        r.json()["code"].as_str().unwrap().to_owned(),
        r.json()["secret"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn officers_work_their_queues_in_the_portal() {
    let app = TestApp::sqlite().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    app.user(
        "mc@example.vn",
        AccountKind::Officer,
        Some((Role::OneStopOfficer, "H15.50")),
    )
    .await;
    app.user(
        "cv@example.vn",
        AccountKind::Officer,
        Some((Role::Specialist, "H15.50")),
    )
    .await;
    app.user("binh@example.vn", AccountKind::Citizen, None).await;
    let (code, secret) = filed(&app, &citizen).await;

    let mc = app.sign_in("mc@example.vn").await;
    let queue = app.get_with_cookie("/can-bo", &mc).await;
    assert!(
        queue.body.contains(&code) && queue.body.contains("Nguyễn Văn An"),
        "the new queue lists it"
    );
    let found = app
        .get_with_cookie("/can-bo?co-quan=H15.50&q=Nguy%E1%BB%85n", &mc)
        .await;
    assert!(found.body.contains(&code), "search by applicant name");
    let by_procedure = app.get_with_cookie("/can-bo?co-quan=H15.50&q=ket%20hon", &mc).await;
    assert!(
        by_procedure.body.contains(&code),
        "search by procedure name without diacritics"
    );
    let none = app.get_with_cookie("/can-bo?co-quan=H15.50&q=khai%20tu", &mc).await;
    assert!(!none.body.contains(&code));
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &mc).await;
    assert!(page.body.contains("Tiếp nhận hồ sơ") && page.body.contains("Chờ tiếp nhận"));
    assert!(!page.body.contains("Phê duyệt"), "only the step's actions are offered");
    let csrf = support::csrf_of(&page.body);
    let r = app
        .post_form(
            &format!("/ho-so/{code}/thao-tac"),
            Some(&mc),
            &[("_csrf", &csrf), ("version", "1"), ("action", "receive")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let stale = app
        .post_form(
            &format!("/ho-so/{code}/thao-tac"),
            Some(&mc),
            &[("_csrf", &csrf), ("version", "1"), ("action", "forward")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains("vừa được người khác xử lý"),
        "a clear conflict message"
    );
    let r = app
        .post_form(
            &format!("/ho-so/{code}/thao-tac"),
            Some(&mc),
            &[("_csrf", &csrf), ("version", "2"), ("action", "forward")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let cv = app.sign_in("cv@example.vn").await;
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &cv).await;
    assert!(
        page.body.contains("Phiếu kiểm soát quá trình giải quyết"),
        "form 05 rows"
    );
    // Forwarded at once: early or on time (which one depends on the hour the test runs).
    assert!(page.body.contains("Đúng hạn") || page.body.contains("Trước hạn"));
    let csrf = support::csrf_of(&page.body);
    let ask = [
        ("_csrf", csrf.as_str()),
        ("version", "3"),
        ("action", "request_supplement"),
        ("items", "Giấy xác nhận tình trạng hôn nhân"),
        ("reason", "Thiếu giấy tờ"),
    ];
    assert_eq!(
        app.post_form(&format!("/ho-so/{code}/thao-tac"), Some(&cv), &ask)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let no_reason = [
        ("_csrf", csrf.as_str()),
        ("version", "4"),
        ("action", "refuse"),
        ("reasons", ""),
    ];
    let r = app
        .post_form(&format!("/ho-so/{code}/thao-tac"), Some(&cv), &no_reason)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("trạng thái không cho phép"),
        "refused while waiting for the supplement, with a message"
    );

    let me = app.sign_in("an@example.vn").await;
    let mine = app.get_with_cookie("/ho-so-cua-toi", &me).await;
    assert!(mine.body.contains(&code) && mine.body.contains("Yêu cầu bổ sung"));
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &me).await;
    assert!(
        page.body.contains("Đã bổ sung hồ sơ") && page.body.contains("Thiếu giấy tờ"),
        "the citizen sees what to add and can answer"
    );
    let other = app.sign_in("binh@example.vn").await;
    assert_eq!(
        app.get_with_cookie(&format!("/ho-so/{code}"), &other).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with_cookie("/can-bo", &other).await.status,
        StatusCode::FORBIDDEN,
        "citizens have no workspace"
    );

    let public = app.get(&format!("/tra-cuu?ma={code}&bi-mat={secret}")).await;
    assert!(public.body.contains("Yêu cầu bổ sung") && public.body.contains("Đăng ký kết hôn"));
    assert!(
        !public.body.contains("Nguyễn Văn An")
            && !public.body.contains("066190001234")
            && !public.body.contains("Thiếu giấy tờ"),
        "no personal data or notes"
    );
    let wrong = app.get(&format!("/tra-cuu?ma={code}&bi-mat=sai")).await;
    assert!(wrong.body.contains("Không tìm thấy hồ sơ"));
}

#[tokio::test]
async fn standard_forms_and_the_tracking_book_as_pdf() {
    let app = TestApp::sqlite().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let mc = app
        .token(
            "mc@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.50")),
        )
        .await;
    app.user("binh@example.vn", AccountKind::Citizen, None).await;
    let (code, _) = filed(&app, &citizen).await;
    let r = app
        .send(json_request(
            "POST",
            &format!("/api/v1/dossiers/{code}/actions"),
            &json!({"version": 1, "action": "receive"}),
            Some(&mc),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let me = app.sign_in("an@example.vn").await;
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &me).await;
    assert!(page.body.contains(&format!("/ho-so/{code}/mau/01")) && page.body.contains("Giấy tiếp nhận hồ sơ"));
    let receipt = app.get_with_cookie(&format!("/ho-so/{code}/mau/01"), &me).await;
    assert_eq!(
        (receipt.status, receipt.content_type()),
        (StatusCode::OK, "application/pdf")
    );
    assert!(
        receipt.body.starts_with("%PDF-") && receipt.body.contains("Libertinus"),
        "a PDF with its font embedded"
    );
    let slip = app.get_with_cookie(&format!("/ho-so/{code}/mau/05"), &me).await;
    assert_eq!(slip.content_type(), "application/pdf");
    assert_eq!(
        app.get_with_cookie(&format!("/ho-so/{code}/mau/03"), &me).await.status,
        StatusCode::NOT_FOUND,
        "no refusal, no form 03"
    );
    let other = app.sign_in("binh@example.vn").await;
    assert_eq!(
        app.get_with_cookie(&format!("/ho-so/{code}/mau/01"), &other)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    app.user(
        "mc2@example.vn",
        AccountKind::Officer,
        Some((Role::OneStopOfficer, "H15.50")),
    )
    .await;
    let officer = app.sign_in("mc2@example.vn").await;
    let today = time::OffsetDateTime::now_utc()
        .to_offset(motcua_domain::calendar::VIETNAM)
        .date();
    let book = app
        .get_with_cookie(
            &format!(
                "/can-bo/so-theo-doi?co-quan=H15.50&tu={}&den={}",
                today - time::Duration::days(1),
                today + time::Duration::days(1)
            ),
            &officer,
        )
        .await;
    assert_eq!(
        (book.status, book.content_type()),
        (StatusCode::OK, "application/pdf"),
        "{}",
        book.body.chars().take(200).collect::<String>()
    );
    let denied = app
        .get_with_cookie("/can-bo/so-theo-doi?co-quan=H15.50&tu=2026-01-01&den=2026-01-31", &me)
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let bad = app
        .get_with_cookie(
            "/can-bo/so-theo-doi?co-quan=H15.50&tu=2026-02-01&den=2026-01-01",
            &officer,
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("id=\"den-error\">Ngày kết thúc phải sau ngày bắt đầu."),
        "{}",
        bad.body
    );

    // The workspace offers this month, in three boxes per date.
    let work = app.get_with_cookie("/can-bo?co-quan=H15.50", &officer).await;
    let year = today.year().to_string();
    assert!(work.body.contains("name=\"tu-ngay\"") && work.body.contains("value=\"01\""));
    assert!(work.body.contains(&format!(
        "name=\"den-nam\" type=\"text\" inputmode=\"numeric\" maxlength=\"4\" value=\"{year}\""
    )));
    let three = app
        .get_with_cookie(
            &format!(
                "/can-bo/so-theo-doi?co-quan=H15.50&tu-ngay=1&tu-thang={}&tu-nam={year}&den-ngay={}&den-thang={}&den-nam={year}",
                u8::from(today.month()),
                today.day(),
                u8::from(today.month())
            ),
            &officer,
        )
        .await;
    assert_eq!(three.content_type(), "application/pdf");

    // Defect 6 of the portal issue: exporting without dates says so next to the dates and
    // keeps the page, instead of a bare 400.
    let empty = app
        .get_with_cookie(
            "/can-bo/so-theo-doi?co-quan=H15.50&tu-ngay=&tu-thang=&tu-nam=&den-ngay=31&den-thang=2&den-nam=2026",
            &officer,
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.body.contains("id=\"tu-error\">Không được để trống."),
        "{}",
        empty.body
    );
    assert!(empty.body.contains("id=\"den-error\">Nhập một ngày có thật"));
    assert!(
        empty.body.contains("href=\"#tu-ngay\">Từ ngày: Không được để trống."),
        "the summary names the field"
    );
    assert!(empty.body.contains("value=\"31\""), "what was typed stays");
}
