//! One test per defect found by walking the portal's journeys (the portal-defects issue):
//! each fails on the portal as it was and passes now. Defects covered elsewhere: 1 (no dead
//! end: `domain/tests/no_dossier_stranded.rs` and the engine's tests), 6's dates
//! (`dossier_pages.rs`), 7 and 10's redirect (`filing.rs`), 10's photo and 14
//! (`feedback_pages.rs`), 11 (`browser.rs`).

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use axum::http::StatusCode;
use serde_json::json;

use motcua_domain::account::{AccountKind, Role};
use support::{TestApp, csrf_of, json_request};

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

/// The actions a dossier page offers, by the hidden `action` field of each form.
fn offered(body: &str) -> Vec<String> {
    body.split("name=\"action\" value=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

/// Takes `action` on the dossier's page as `cookie`; returns where it went.
async fn act(app: &TestApp, cookie: &str, code: &str, action: &str, extra: &[(&str, &str)]) -> String {
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), cookie).await;
    let csrf = csrf_of(&page.body);
    let version = page
        .body
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let mut form = vec![
        ("_csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("action", action),
    ];
    form.extend_from_slice(extra);
    let r = app
        .post_form(&format!("/ho-so/{code}/thao-tac"), Some(cookie), &form)
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{action}: {}", r.body);
    r.headers["location"].to_str().unwrap().to_owned()
}

struct Officers {
    mc: String,
    cv: String,
    ld: String,
}

async fn officers(app: &TestApp) -> Officers {
    for (login, role) in [
        ("mc@example.vn", Role::OneStopOfficer),
        ("cv@example.vn", Role::Specialist),
        ("ld@example.vn", Role::Leader),
    ] {
        app.user(login, AccountKind::Officer, Some((role, "H15.50"))).await;
    }
    Officers {
        mc: app.sign_in("mc@example.vn").await,
        cv: app.sign_in("cv@example.vn").await,
        ld: app.sign_in("ld@example.vn").await,
    }
}

/// Defect 2: only what the engine would accept from this user now is offered.
#[tokio::test]
async fn d02_each_officer_is_offered_exactly_what_works() {
    let app = TestApp::sqlite().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let o = officers(&app).await;
    let (code, _) = filed(&app, &citizen).await;
    let url = format!("/ho-so/{code}");

    let mc = offered(&app.get_with_cookie(&url, &o.mc).await.body);
    assert!(mc.contains(&"receive".to_owned()), "{mc:?}");
    for not_yet in ["forward", "hand_over"] {
        assert!(!mc.contains(&not_yet.to_owned()), "{not_yet} before reception: {mc:?}");
    }
    assert!(
        offered(&app.get_with_cookie(&url, &o.cv).await.body).is_empty(),
        "nothing for the specialist yet"
    );

    act(&app, &o.mc, &code, "receive", &[]).await;
    let body = app.get_with_cookie(&url, &o.mc).await.body;
    let mc = offered(&body);
    assert!(!mc.contains(&"receive".to_owned()), "received once: {mc:?}");
    assert!(
        mc.contains(&"forward".to_owned()) && mc.contains(&"hand_over".to_owned()),
        "{mc:?}"
    );
    assert!(
        body.contains("<select id=\"hand_over-agency\" name=\"agency\">") && body.contains("value=\"H15.01\""),
        "the receiving agency is chosen from a list"
    );
    assert!(
        offered(&app.get_with_cookie(&url, &o.cv).await.body).is_empty(),
        "the specialist is not offered the one-stop officer's actions"
    );

    act(&app, &o.mc, &code, "forward", &[]).await;
    act(&app, &o.cv, &code, "forward", &[]).await;
    let body = app.get_with_cookie(&url, &o.ld).await.body;
    let ld = offered(&body);
    assert!(ld.contains(&"approve".to_owned()), "{ld:?}");
    assert!(
        body.contains("Đồng ý kết quả xử lý"),
        "the leader's buttons are explained"
    );
    let mc = offered(&app.get_with_cookie(&url, &o.mc).await.body);
    assert_eq!(
        mc,
        ["withdraw"],
        "at the leader's step the one-stop officer only records a withdrawal"
    );
}

/// Defects 1 and 4: after "Phê duyệt" the dossier waits in the result queue, the one-stop
/// officer returns it, and every action ends on a confirmation.
#[tokio::test]
async fn d01_d04_approval_leads_to_the_result_and_actions_are_confirmed() {
    let app = TestApp::sqlite().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let o = officers(&app).await;
    let (code, _) = filed(&app, &citizen).await;
    let to = act(&app, &o.mc, &code, "receive", &[]).await;
    assert_eq!(to, format!("/ho-so/{code}?xong=receive"));
    let done = app.get_with_cookie(&to, &o.mc).await;
    assert!(
        done.body.contains("class=\"notification success\"") && done.body.contains("Tiếp nhận hồ sơ"),
        "{}",
        done.body
    );
    act(&app, &o.mc, &code, "forward", &[]).await;
    act(&app, &o.cv, &code, "forward", &[]).await;
    act(&app, &o.ld, &code, "approve", &[]).await;
    let queue = app
        .get_with_cookie("/can-bo?co-quan=H15.50&hang-doi=tra-ket-qua", &o.mc)
        .await;
    assert!(queue.body.contains(&code), "waiting in 'Chờ trả kết quả'");
    let to = act(&app, &o.mc, &code, "return_result", &[("method", "counter")]).await;
    let done = app.get_with_cookie(&to, &o.mc).await;
    assert!(done.body.contains("Đã trả kết quả"), "{}", done.body);
}

/// Defect 4: officers land in their workspace after signing in, citizens on the home page.
#[tokio::test]
async fn d04_officers_land_in_their_workspace() {
    let app = TestApp::sqlite().await;
    app.user(
        "mc@example.vn",
        AccountKind::Officer,
        Some((Role::OneStopOfficer, "H15.50")),
    )
    .await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    for (login, landing) in [("mc@example.vn", "/can-bo"), ("an@example.vn", "/")] {
        let (cookie, csrf) = app.open_form("/dang-nhap", None).await;
        let r = app
            .post_form(
                "/dang-nhap",
                Some(&cookie),
                &[("_csrf", &csrf), ("login", login), ("password", support::PASSWORD)],
            )
            .await;
        assert_eq!(r.headers["location"], landing, "{login}");
    }
}

/// Defect 3: the timeline says who acted (role and unit; the name to officers only) and at
/// which step.
#[tokio::test]
async fn d03_the_timeline_says_who_and_where() {
    let app = TestApp::sqlite().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let o = officers(&app).await;
    let (code, _) = filed(&app, &citizen).await;
    act(&app, &o.mc, &code, "receive", &[]).await;
    act(&app, &o.mc, &code, "forward", &[]).await;
    act(&app, &o.cv, &code, "forward", &[]).await;
    let officer = app.get_with_cookie(&format!("/ho-so/{code}"), &o.ld).await.body;
    assert!(officer.contains("Bước: <span>Tiếp nhận hồ sơ</span>"), "{officer}");
    assert!(officer.contains("Bước: <span>Thẩm định, xử lý hồ sơ</span>"));
    assert!(officer.contains("Người thực hiện: Cán bộ một cửa"));
    assert!(officer.contains("Người thực hiện: Chuyên viên"));
    assert!(officer.contains("Người dùng cv@example.vn"), "officers see the name");
    let me = app.sign_in("an@example.vn").await;
    let mine = app.get_with_cookie(&format!("/ho-so/{code}"), &me).await.body;
    assert!(mine.contains("Người thực hiện: Chuyên viên"), "{mine}");
    assert!(
        !mine.contains("Người dùng cv@example.vn"),
        "citizens do not see officers' names"
    );
}

fn pages(pdf: &[u8]) -> usize {
    support::pdf_text(pdf).matches('\u{c}').count().max(1)
}

/// Defect 5: an online filing gets its acknowledgement at once; the receipt comes at
/// reception, fits one page and lists only what was handed in.
#[tokio::test]
async fn d05_acknowledgement_at_once_and_a_one_page_receipt_of_what_was_received() {
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let o = officers(&app).await;
    let me = app.sign_in("an@example.vn").await;
    let (_, csrf) = app.open_form("/nop-ho-so/1.000894/co-quan", Some(&me)).await;
    app.post_form(
        "/nop-ho-so/1.000894/co-quan",
        Some(&me),
        &[("_csrf", &csrf), ("agency", "H15.50")],
    )
    .await;
    let applicant = [
        ("_csrf", csrf.as_str()),
        ("full_name", "Nguyễn Văn An"),
        ("id_number", "066190001234"),
        ("address", "12 Lê Duẩn"),
        ("phone", "0912345678"),
    ];
    app.post_form("/nop-ho-so/1.000894/nguoi-nop", Some(&me), &applicant)
        .await;
    let data = [
        ("_csrf", csrf.as_str()),
        ("ho_ten_chong", "Nguyễn Văn An"),
        ("so_dinh_danh_chong", "066190001234"),
        ("ngay_sinh_chong-ngay", "2"),
        ("ngay_sinh_chong-thang", "5"),
        ("ngay_sinh_chong-nam", "1990"),
    ];
    app.post_form("/nop-ho-so/1.000894/to-khai", Some(&me), &data).await;
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    app.post_file(
        &format!("/nop-ho-so/1.000894/giay-to?_csrf={csrf}"),
        &me,
        &[("component", "to_khai")],
        "to-khai.pdf",
        pdf,
    )
    .await;
    let check = app.get_with_cookie("/nop-ho-so/1.000894/kiem-tra", &me).await;
    assert!(
        check.body.contains("Không nộp"),
        "the optional documents say they were not sent"
    );
    let r = app
        .post_form("/nop-ho-so/1.000894/kiem-tra", Some(&me), &[("_csrf", &csrf)])
        .await;
    let done = r.headers["location"].to_str().unwrap().to_owned();
    let code = done
        .trim_start_matches("/ho-so/")
        .trim_end_matches("/da-nop")
        .to_owned();
    let done_page = app.get_with_cookie(&done, &me).await;
    assert!(done_page.body.contains(&format!("/ho-so/{code}/mau/00")));

    let ack = app.get_with_cookie(&format!("/ho-so/{code}/mau/00"), &me).await;
    assert_eq!(ack.content_type(), "application/pdf", "{}", ack.body);
    let text = support::pdf_text(&ack.bytes);
    assert!(text.contains(&code) && text.contains("to-khai.pdf"), "{text}");
    assert_eq!(
        app.get_with_cookie(&format!("/ho-so/{code}/mau/01"), &me).await.status,
        StatusCode::NOT_FOUND,
        "no receipt before reception"
    );

    act(&app, &o.mc, &code, "receive", &[]).await;
    let receipt = app.get_with_cookie(&format!("/ho-so/{code}/mau/01"), &me).await;
    assert_eq!(receipt.content_type(), "application/pdf");
    let text = support::pdf_text(&receipt.bytes);
    assert_eq!(pages(&receipt.bytes), 1, "{text}");
    assert!(text.contains("Tờ khai đăng ký kết hôn"), "{text}");
    assert!(
        !text.contains("Giấy xác nhận tình trạng hôn nhân"),
        "an optional document not handed in is not listed: {text}"
    );
}

/// Defect 6: the tracking book fills "Hình thức trả" for a result returned at the counter.
#[tokio::test]
async fn d06_the_tracking_book_says_how_the_result_was_returned() {
    let app = TestApp::sqlite().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let o = officers(&app).await;
    let (code, _) = filed(&app, &citizen).await;
    for (who, action) in [
        (&o.mc, "receive"),
        (&o.mc, "forward"),
        (&o.cv, "forward"),
        (&o.ld, "approve"),
    ] {
        act(&app, who, &code, action, &[]).await;
    }
    act(&app, &o.mc, &code, "return_result", &[("method", "counter")]).await;
    let today = time::OffsetDateTime::now_utc()
        .to_offset(motcua_domain::calendar::VIETNAM)
        .date();
    let book = app
        .get_with_cookie(
            &format!("/can-bo/so-theo-doi?co-quan=H15.50&tu={today}&den={today}"),
            &o.mc,
        )
        .await;
    let text = support::pdf_text(&book.bytes);
    assert!(text.contains(&code), "{text}");
    assert!(text.contains("Trực tiếp"), "the return method is filled in: {text}");
}

/// Defect 8: each line of an error summary names its field and links to it.
#[tokio::test]
async fn d08_error_summaries_name_their_fields() {
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let me = app.sign_in("an@example.vn").await;
    let (_, csrf) = app.open_form("/nop-ho-so/1.000894/nguoi-nop", Some(&me)).await;
    let r = app
        .post_form(
            "/nop-ho-so/1.000894/nguoi-nop",
            Some(&me),
            &[
                ("_csrf", &csrf),
                ("full_name", ""),
                ("id_number", ""),
                ("address", ""),
                ("phone", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for line in [
        "<a href=\"#full_name\">Họ và tên: Không được để trống.</a>",
        "<a href=\"#id_number\">Số định danh cá nhân (CCCD): Không được để trống.</a>",
    ] {
        assert!(r.body.contains(line), "{line}\n{}", r.body);
    }
}

/// Defect 9: a birth date in the future, or before 1900, is refused next to the field.
#[tokio::test]
async fn d09_impossible_birth_dates_are_refused() {
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let me = app.sign_in("an@example.vn").await;
    let (_, csrf) = app.open_form("/nop-ho-so/1.000894/to-khai", Some(&me)).await;
    let next_year = (time::OffsetDateTime::now_utc().year() + 1).to_string();
    for (year, message) in [
        (next_year.as_str(), "Ngày không được sau hôm nay."),
        ("1899", "Ngày phải trong khoảng"),
    ] {
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
                    ("ngay_sinh_chong-nam", year),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{year}");
        assert!(
            r.body.contains(&format!("id=\"ngay_sinh_chong-error\">{message}")),
            "{year}: {}",
            r.body
        );
    }
}

/// Defect 10: every filing page has a step counter and a back link.
#[tokio::test]
async fn d10_filing_pages_count_steps_and_go_back() {
    let app = TestApp::sqlite().await;
    app.user("an@example.vn", AccountKind::Citizen, None).await;
    let me = app.sign_in("an@example.vn").await;
    for (n, page) in [(1, "co-quan"), (2, "nguoi-nop"), (3, "to-khai"), (4, "giay-to")] {
        let r = app.get_with_cookie(&format!("/nop-ho-so/1.000894/{page}"), &me).await;
        assert!(r.body.contains(&format!("Bước {n} trên 5")), "{page}: {}", r.body);
        assert!(r.body.contains("class=\"back-link\""), "{page}");
    }
}

/// Defect 12: a favicon, linked from every page.
#[tokio::test]
async fn d12_there_is_a_favicon() {
    let app = TestApp::sqlite().await;
    let icon = app.get("/favicon.ico").await;
    assert_eq!((icon.status, icon.content_type()), (StatusCode::OK, "image/x-icon"));
    assert!(icon.bytes.starts_with(&[0, 0, 1, 0]), "an ICO file");
    let svg = app.get("/static/favicon.svg").await;
    assert_eq!(svg.content_type(), "image/svg+xml");
    assert!(
        app.get("/")
            .await
            .body
            .contains("<link rel=\"icon\" href=\"/favicon.ico\"")
    );
}

/// Defect 13: the look-up reads code and secret as people type them from paper, takes them
/// by POST, and the QR link carries the secret where servers never see it.
#[tokio::test]
async fn d13_look_up_from_paper() {
    let app = TestApp::sqlite().await;
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    let (code, secret) = filed(&app, &citizen).await;
    assert_eq!(secret.len(), 10, "{secret}");
    assert!(
        secret.chars().all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)),
        "no look-alikes, no lower case, no punctuation: {secret}"
    );
    let (cookie, csrf) = app.open_form("/tra-cuu", None).await;
    let page = app.get("/tra-cuu").await.body;
    assert!(
        page.contains("<form method=\"post\" action=\"/tra-cuu\""),
        "the form posts"
    );
    let typed = format!("{}-{}", &secret[..5], &secret[5..])
        .to_lowercase()
        .replace('1', "l")
        .replace('0', "o");
    let r = app
        .post_form(
            "/tra-cuu",
            Some(&cookie),
            &[
                ("_csrf", &csrf),
                ("ma", &format!(" {} ", code.to_lowercase())),
                ("bi-mat", &typed),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Đăng ký kết hôn"), "found: {}", r.body);
    assert_eq!(r.headers["cache-control"], "no-store");
    assert_eq!(r.headers["referrer-policy"], "same-origin");
    let wrong = app
        .post_form(
            "/tra-cuu",
            Some(&cookie),
            &[("_csrf", &csrf), ("ma", &code), ("bi-mat", "ZZZZZZZZZZ")],
        )
        .await;
    assert!(wrong.body.contains("Không tìm thấy hồ sơ") && !wrong.body.contains("Đăng ký kết hôn"));
    let empty = app
        .post_form(
            "/tra-cuu",
            Some(&cookie),
            &[("_csrf", &csrf), ("ma", &code), ("bi-mat", "")],
        )
        .await;
    assert!(
        empty.body.contains("id=\"bi-mat-error\">Nhập mã tra cứu."),
        "{}",
        empty.body
    );

    // The QR code's address: the code in the path, the secret in the fragment.
    let qr = app.get(&format!("/tra-cuu/{code}")).await;
    assert_eq!(qr.status, StatusCode::OK);
    assert!(qr.body.contains(&format!("value=\"{code}\"")) && qr.body.contains("/static/lookup.js"));
    // A link printed before the change still answers.
    let old = app.get(&format!("/tra-cuu?ma={code}&bi-mat={secret}")).await;
    assert!(old.body.contains("Đăng ký kết hôn"));
    // The API takes a POST too.
    let api = app
        .send(json_request(
            "POST",
            "/api/v1/lookup",
            &json!({"code": code.to_lowercase(), "secret": typed}),
            None,
        ))
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert_eq!(api.json()["code"], code.as_str());
}

/// Defect 15: English pages mark untranslated content as Vietnamese and count in English.
#[tokio::test]
async fn d15_english_marks_vietnamese_content_and_counts_right() {
    let app = TestApp::sqlite().await;
    let en = app.get("/ngon-ngu/en").await;
    let cookie = en.cookie("lang").unwrap();
    let page = app.get_with_cookie("/thu-tuc/1.000894", &cookie).await.body;
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    assert!(page.contains("<h1 lang=\"vi\">Đăng ký kết hôn</h1>"), "{page}");
    assert!(
        page.contains("1 working day") && !page.contains("1 working days"),
        "{page}"
    );
    let vi = app.get("/thu-tuc/1.000894").await.body;
    assert!(vi.contains("<h1>Đăng ký kết hôn</h1>"), "no mark on Vietnamese pages");
    let home = app.get_with_cookie("/", &cookie).await.body;
    assert!(home.contains(" procedures published"), "{home}");
    let map = app.get("/phan-anh/ban-do").await.body;
    assert!(
        map.contains("data-zoom-in=\"Phóng to\""),
        "the map's controls speak Vietnamese"
    );
}
