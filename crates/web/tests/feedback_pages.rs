//! The feedback pages: filing one thing per page, the public list, item and map, the
//! citizen's own reports and the officers' queue with their actions.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use motcua_app::feedback::{Submission, submit};
use motcua_app::records::{FeedbackChannel, FeedbackFilter};
use motcua_domain::account::{AccountKind, Role};
use motcua_domain::feedback::NewReport;
use motcua_domain::ids::{ReportId, UserId};
use support::{Reply, TestApp, csrf_of};

/// Posts the details page as multipart: text fields and photos (`photo`).
async fn post_details(app: &TestApp, cookie: &str, csrf: &str, fields: &[(&str, &str)], photos: &[&[u8]]) -> Reply {
    let boundary = "motcua-feedback-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    for (i, p) in photos.iter().enumerate() {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"anh{i}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(p);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let req = Request::post(format!("/phan-anh/gui/noi-dung?_csrf={csrf}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

fn location(r: &Reply) -> String {
    r.headers.get(header::LOCATION).unwrap().to_str().unwrap().to_owned()
}

/// A report stored through the use case, as another channel would.
async fn report(app: &TestApp, reporter: UserId, category: &str, lat: &str, lon: &str) -> ReportId {
    let r = NewReport {
        category: category.into(),
        description: "Rác tồn đọng nhiều ngày ở đầu hẻm.".into(),
        lat: lat.into(),
        lon: lon.into(),
        ..NewReport::default()
    };
    let sub = Submission::new(r, Some(reporter), FeedbackChannel::Portal);
    submit(&app.state, sub).await.unwrap().id
}

async fn count_of(app: &TestApp, reporter: UserId) -> usize {
    let f = FeedbackFilter {
        reporter_id: Some(reporter),
        limit: 100,
        ..FeedbackFilter::default()
    };
    app.db.store.list_feedback(&f).await.unwrap().len()
}

const ADDRESS: &str = "Đầu hẻm 12 Lê Duẩn";

/// Category → location by address and commune → nearby suggestions → details with a
/// geotagged photo → confirmation. Returns the new report's id.
async fn file_through_pages(app: &TestApp, cookie: &str, earlier: ReportId) -> ReportId {
    let r = app.get("/phan-anh/gui").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "sign-in first");
    assert!(location(&r).starts_with("/dang-nhap?next="));
    let r = app.get_with_cookie("/phan-anh/gui", cookie).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("value=\"rac-thai\"") && r.body.contains("Quy định hành chính"));
    let r = app.get_with_cookie("/phan-anh/gui?tiep=1", cookie).await;
    assert!(r.body.contains("Chọn một lĩnh vực phản ánh trong danh sách."));
    let r = app
        .get_with_cookie("/phan-anh/gui?category=rac-thai&tiep=1", cookie)
        .await;
    assert_eq!(location(&r), "/phan-anh/gui/vi-tri?category=rac-thai");
    let r = app
        .get_with_cookie("/phan-anh/gui/vi-tri?category=rac-thai&tiep=1", cookie)
        .await;
    assert!(
        r.body
            .contains("Chọn vị trí trên bản đồ, nhập địa chỉ hoặc chọn xã, phường.")
    );
    let r = app
        .get_with_cookie("/phan-anh/gui/vi-tri?category=rac-thai&lat=91&long=108&tiep=1", cookie)
        .await;
    assert!(
        r.body
            .contains("id=\"lat-error\">Vĩ độ phải nằm trong khoảng từ -90 đến 90.")
    );
    assert!(r.body.contains("value=\"91\""), "typed values kept");
    let q = format!("category=rac-thai&address={}&area=H15.50", support::urlencode(ADDRESS));
    let r = app
        .get_with_cookie(&format!("/phan-anh/gui/vi-tri?{q}&tiep=1"), cookie)
        .await;
    assert_eq!(location(&r), format!("/phan-anh/gui/da-co?{q}"));
    let r = app.get_with_cookie(&format!("/phan-anh/gui/da-co?{q}"), cookie).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains(&format!("/phan-anh/{earlier}\"")),
        "the earlier report is suggested"
    );
    assert!(r.body.contains("Ở xã, phường bạn chọn"), "chosen by commune, said so");
    let by_point = app
        .get_with_cookie(
            "/phan-anh/gui/da-co?category=rac-thai&lat=12.6670&long=108.0501",
            cookie,
        )
        .await;
    assert!(
        by_point.body.contains("Trong vòng 200 m") && by_point.body.contains(&format!("/phan-anh/{earlier}\"")),
        "nearby means within the distance shown: {}",
        by_point.body
    );
    let far = app
        .get_with_cookie(
            "/phan-anh/gui/da-co?category=rac-thai&lat=12.6700&long=108.0501",
            cookie,
        )
        .await;
    assert_eq!(far.status, StatusCode::SEE_OTHER, "330 m away is not nearby");
    assert!(
        r.body
            .contains(&format!("/phan-anh/gui/noi-dung?{}", q.replace('&', "&#38;"))),
        "{}",
        r.body
    );
    let (_, csrf) = app
        .open_form(&format!("/phan-anh/gui/noi-dung?{q}"), Some(cookie))
        .await;
    let photo = motcua_storage::testing::geotagged_photo();
    let fields = [
        ("category", "rac-thai"),
        ("address", ADDRESS),
        ("area", "H15.50"),
        ("description", "Rác chất đống ở đầu hẻm, bốc mùi."),
        ("contact_name", "Trần Thị Bình"),
        ("contact_email", "binh@example.vn"),
        ("contact_phone", "0912345678"),
    ];
    let r = post_details(app, cookie, &csrf, &fields, &[&photo]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let done = location(&r);
    assert!(done.ends_with("/da-gui?vi-tri-anh=1"), "{done}");
    let id: ReportId = done
        .trim_start_matches("/phan-anh/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let r = app.get_with_cookie(&done, cookie).await;
    assert!(r.body.contains(&format!("#{id}")) && r.body.contains("15 ngày làm việc"));
    assert!(
        r.body.contains("Vị trí được lấy từ ảnh bạn gửi: 12.66667, 108.05000"),
        "{}",
        r.body
    );
    id
}

async fn bad_inputs_store_nothing(app: &TestApp, cookie: &str, reporter: UserId) {
    let before = count_of(app, reporter).await;
    let (_, csrf) = app
        .open_form("/phan-anh/gui/noi-dung?category=rac-thai&area=H15.50", Some(cookie))
        .await;
    let long = "a".repeat(4001);
    let cases: [(&str, &[u8], &str); 4] = [
        ("", b"", "id=\"description-error\">Không được để trống."),
        (
            "<b>Rác</b>",
            b"",
            "id=\"description-error\">Chỉ nhập văn bản thường, không chứa thẻ HTML.",
        ),
        (&long, b"", "id=\"description-error\">Quá dài: tối đa 4000 ký tự."),
        (
            "Rác ở hẻm",
            b"%PDF-1.4 not a photo",
            "Tệp phải là ảnh JPEG, PNG hoặc WebP.",
        ),
    ];
    for (description, file, message) in cases {
        let fields = [
            ("category", "rac-thai"),
            ("area", "H15.50"),
            ("description", description),
        ];
        let photos: Vec<&[u8]> = if file.is_empty() { Vec::new() } else { vec![file] };
        let r = post_details(app, cookie, &csrf, &fields, &photos).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(r.body.contains(message), "{message}: {}", r.body);
        assert!(r.body.contains("error-summary"));
        if !file.is_empty() {
            assert!(r.body.contains(">Rác ở hẻm</textarea>"));
            assert!(!r.body.contains("name=\"kept_photo\""), "a refused file is not kept");
        }
    }
    assert_eq!(count_of(app, reporter).await, before, "nothing stored");
}

async fn act(app: &TestApp, cookie: &str, id: ReportId, fields: &[(&str, &str)]) -> Reply {
    let page = app.get_with_cookie(&format!("/phan-anh/{id}"), cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = csrf_of(&page.body);
    let version = app.db.store.feedback(id).await.unwrap().unwrap().version.to_string();
    let mut form = vec![("_csrf", csrf.as_str()), ("version", version.as_str())];
    form.extend_from_slice(fields);
    app.post_form(&format!("/phan-anh/{id}/thao-tac"), Some(cookie), &form)
        .await
}

#[tokio::test]
async fn officers_transfer_to_another_unit_or_agency_from_the_page() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let citizen = app.user("binh@example.vn", AccountKind::Citizen, None).await;
        app.user(
            "cv@example.vn",
            AccountKind::Officer,
            Some((Role::Specialist, "H15.50")),
        )
        .await;
        let id = report(&app, citizen, "rac-thai", "12.6668", "108.0501").await;
        let cookie = app.sign_in("cv@example.vn").await;
        let page = r_body(&app, &cookie, id).await;
        assert!(
            page.contains("value=\"H15.50/MC\""),
            "a unit of the same agency is offered"
        );
        assert!(page.contains("value=\"H15.01\""), "another agency is offered");
        let reason = ("reason", "Thuộc bộ phận một cửa");
        let moved = act(
            &app,
            &cookie,
            id,
            &[("action", "transfer"), ("agency", "H15.50/MC"), reason],
        )
        .await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}: {}", app.label(), moved.body);
        let r = app.db.store.feedback(id).await.unwrap().unwrap();
        let mc = app
            .db
            .store
            .unit_by_code(r.state.agency_id, "MC")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.state.unit_id, Some(mc.id));
        let unknown = act(
            &app,
            &cookie,
            id,
            &[("action", "transfer"), ("agency", "H15.50/KHONG"), reason],
        )
        .await;
        assert_ne!(unknown.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.db.store.feedback(id).await.unwrap().unwrap().version,
            r.version,
            "nothing changed"
        );
        let away = act(
            &app,
            &cookie,
            id,
            &[("action", "transfer"), ("agency", "H15.01"), reason],
        )
        .await;
        assert_eq!(away.status, StatusCode::SEE_OTHER);
        let tp = app.state.catalogue().agency("H15.01").unwrap().id;
        assert_eq!(app.db.store.feedback(id).await.unwrap().unwrap().state.agency_id, tp);
    }
}

#[tokio::test]
async fn citizens_file_officers_answer_and_the_public_sees_only_public_data() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let citizen = app.user("binh@example.vn", AccountKind::Citizen, None).await;
        let other = app.user("cuong@example.vn", AccountKind::Citizen, None).await;
        app.user(
            "mc@example.vn",
            AccountKind::Officer,
            Some((Role::OneStopOfficer, "H15.50")),
        )
        .await;
        app.user("ld@example.vn", AccountKind::Officer, Some((Role::Leader, "H15.50")))
            .await;
        let earlier = report(&app, other, "rac-thai", "12.6668", "108.0501").await;
        let cookie = app.sign_in("binh@example.vn").await;
        let id = file_through_pages(&app, &cookie, earlier).await;
        bad_inputs_store_nothing(&app, &cookie, citizen).await;

        // The stored photo lost its metadata.
        let media = app.db.store.feedback_media(id).await.unwrap();
        let bytes = app.files().get(media[0].sha256.as_ref().unwrap()).await.unwrap();
        assert!(!bytes.windows(9).any(|w| w == b"Camera Co"), "{}", app.label());

        // The reporter sees the full record, with the photo.
        let r = app.get_with_cookie(&format!("/phan-anh/{id}"), &cookie).await;
        assert!(r.body.contains("binh@example.vn") && r.body.contains(&format!("/phan-anh/{id}/anh/{}", media[0].id)));
        let r = app.get_with_cookie("/phan-anh-cua-toi", &cookie).await;
        assert!(r.body.contains(&format!("/phan-anh/{id}\"")) && r.body.contains("Chờ tiếp nhận"));

        // The officers' queue, then accept and answer; the one-stop officer may not publish.
        let officer = app.sign_in("mc@example.vn").await;
        let r = app.get_with_cookie("/can-bo/phan-anh", &officer).await;
        assert!(r.body.contains(&format!("/phan-anh/{id}\"")), "{}", r.body);
        let r = app.get_with_cookie(&format!("/phan-anh/{id}"), &officer).await;
        assert!(r.body.contains("value=\"accept\"") && r.body.contains("value=\"transfer\""));
        assert!(!r.body.contains("value=\"publish\""));
        let r = act(&app, &officer, id, &[("action", "accept")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = act(&app, &officer, id, &[("action", "answer"), ("text", "")]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("id=\"answer-error\">Không được để trống."));
        let answer = "Đã thu gom rác và nhắc nhở các hộ dân.";
        let r = act(&app, &officer, id, &[("action", "answer"), ("text", answer)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let r = app
            .get_with_cookie("/can-bo/phan-anh?hang-doi=da-tra-loi", &officer)
            .await;
        assert!(r.body.contains(&format!("/phan-anh/{id}\"")));

        // Not public before publication (a service report is public while open, but
        // the answer is not shown until published).
        let r = app.get(&format!("/phan-anh/{id}")).await;
        assert!(!r.body.contains(answer));

        // A stale version changes nothing.
        let r = app
            .post_form(
                &format!("/phan-anh/{id}/thao-tac"),
                Some(&officer),
                &[
                    ("_csrf", &csrf_of(&r_body(&app, &officer, id).await)),
                    ("version", "1"),
                    ("action", "accept"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        assert!(r.body.contains("Phản ánh vừa được thay đổi."));

        let leader = app.sign_in("ld@example.vn").await;
        let r = act(&app, &leader, id, &[("action", "publish")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

        // The public list and page: the answer, no contact, no name (anonymous).
        let r = app.get("/phan-anh").await;
        assert!(r.body.contains(&format!("/phan-anh/{id}\"")));
        let r = app
            .get("/phan-anh?trang-thai=published&xa=H15.50&linh-vuc=rac-thai")
            .await;
        assert!(r.body.contains(&format!("/phan-anh/{id}\"")) && !r.body.contains(&format!("/phan-anh/{earlier}\"")));
        let r = app.get(&format!("/phan-anh/{id}")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains(answer) && r.body.contains("Đã công khai kết quả"));
        for private in ["binh@example.vn", "0912345678", "Trần Thị Bình"] {
            assert!(!r.body.contains(private), "{private} leaked");
        }
        let r = app.get(&format!("/phan-anh/{id}/anh/{}", media[0].id)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.content_type(), "image/jpeg");

        votes_and_disputes(&app, &cookie, id).await;
        outsiders_see_nothing_private(&app, citizen).await;
    }
}

async fn r_body(app: &TestApp, cookie: &str, id: ReportId) -> String {
    app.get_with_cookie(&format!("/phan-anh/{id}"), cookie).await.body
}

async fn vote(app: &TestApp, cookie: &str, id: ReportId, value: &str) -> Reply {
    let csrf = csrf_of(&r_body(app, cookie, id).await);
    app.post_form(
        &format!("/phan-anh/{id}/binh-chon"),
        Some(cookie),
        &[("_csrf", &csrf), ("value", value)],
    )
    .await
}

async fn votes_and_disputes(app: &TestApp, reporter: &str, id: ReportId) {
    let other = app.sign_in("cuong@example.vn").await;
    for _ in 0..2 {
        assert_eq!(vote(app, &other, id, "1").await.status, StatusCode::SEE_OTHER);
    }
    let rec = app.db.store.feedback(id).await.unwrap().unwrap();
    assert_eq!((rec.likes, rec.dislikes), (1, 0), "one vote per user");
    vote(app, &other, id, "-1").await;
    vote(app, reporter, id, "1").await;
    let r = app.get(&format!("/phan-anh/{id}")).await;
    assert!(r.body.contains("Hài lòng: <strong>1</strong>") && r.body.contains("Không hài lòng: <strong>1</strong>"));

    // The reporter disputes; a stale version is refused with the conflict message.
    let body = r_body(app, reporter, id).await;
    assert!(body.contains("value=\"dispute\""));
    let stale = [
        ("_csrf", csrf_of(&body)),
        ("version", "1".into()),
        ("action", "dispute".into()),
        ("reason", "Chưa thu gom hết.".into()),
    ];
    let form: Vec<(&str, &str)> = stale.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form(&format!("/phan-anh/{id}/thao-tac"), Some(reporter), &form)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("không có gì được lưu"));
    let r = act(
        app,
        reporter,
        id,
        &[("action", "dispute"), ("reason", "Chưa thu gom hết.")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let rec = app.db.store.feedback(id).await.unwrap().unwrap();
    assert_eq!(rec.state.status.as_str(), "in_progress");
}

async fn outsiders_see_nothing_private(app: &TestApp, citizen: UserId) {
    // A report about regulations is not public before its answer is published.
    let private = report(app, citizen, "thu-tuc-hanh-chinh", "12.6667", "108.05").await;
    let other = app.sign_in("cuong@example.vn").await;
    let r = app.get_with_cookie(&format!("/phan-anh/{private}"), &other).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let csrf = csrf_of(&app.get_with_cookie("/phan-anh", &other).await.body);
    let r = app
        .post_form(
            &format!("/phan-anh/{private}/thao-tac"),
            Some(&other),
            &[
                ("_csrf", &csrf),
                ("version", "1"),
                ("action", "supply_info"),
                ("text", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/phan-anh/{private}")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = app.get_with_cookie("/can-bo/phan-anh", &other).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The map's JSON holds public reports only, and no personal data.
    let r = app.get("/phan-anh/ban-do.json?bbox=12.6,108.0,12.75,108.1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = r.json();
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert!(!ids.is_empty() && !ids.contains(&private.get()), "{ids:?}");
    assert!(!r.body.contains("description") && !r.body.contains("contact"));
    assert_eq!(
        app.get("/phan-anh/ban-do.json?bbox=a,b").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = app.get("/phan-anh/ban-do").await;
    assert!(r.body.contains("/static/leaflet.js") && r.body.contains("data-tiles=\"\""));
    assert_eq!(app.get("/static/leaflet.js").await.status, StatusCode::OK);
}

#[test]
fn every_key_used_in_feedback_templates_exists_in_both_languages() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let load = |lang: &str| {
        let mut keys = std::collections::BTreeSet::new();
        for file in ["", "feedback.", "feedback-pages.", "notifications."] {
            let text = std::fs::read_to_string(dir.join(format!("locales/{file}{lang}.json"))).unwrap();
            let map: std::collections::BTreeMap<String, String> = serde_json::from_str(&text).unwrap();
            keys.extend(map.into_keys());
        }
        keys
    };
    let (vi, en) = (load("vi"), load("en"));
    let pages = |lang: &str| -> std::collections::BTreeSet<String> {
        let text = std::fs::read_to_string(dir.join(format!("locales/feedback-pages.{lang}.json"))).unwrap();
        serde_json::from_str::<std::collections::BTreeMap<String, String>>(&text)
            .unwrap()
            .into_keys()
            .collect()
    };
    assert_eq!(pages("vi"), pages("en"));
    for entry in std::fs::read_dir(dir.join("templates")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("feedback_") || name == "base.html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for part in text.split("t.t(\"").skip(1) {
            let key = &part[..part.find('"').unwrap()];
            assert!(vi.contains(key) && en.contains(key), "{name}: missing key {key}");
        }
    }
}

/// Defect 14 and 10 of the portal issue: a reporter stays anonymous unless they ask, the page
/// says what will be public, and photos chosen before an error are kept (for their owner only).
#[tokio::test]
async fn chosen_photos_survive_an_error_and_names_are_public_only_on_request() {
    for app in TestApp::all().await {
        let app = app.with_feedback().await;
        let citizen = app.user("binh@example.vn", AccountKind::Citizen, None).await;
        app.user("cuong@example.vn", AccountKind::Citizen, None).await;
        let cookie = app.sign_in("binh@example.vn").await;
        let form = "/phan-anh/gui/noi-dung?category=rac-thai&area=H15.50";
        let page = app.get_with_cookie(form, &cookie).await.body;
        let csrf = csrf_of(&page);
        assert!(
            page.contains("name=\"show_name\"")
                && !page.contains("name=\"show_name\" value=\"true\" aria-describedby=\"show_name-hint\" checked"),
            "showing the name is an unticked choice: {page}"
        );
        assert!(
            page.contains("Những gì sẽ được công khai"),
            "the page says what will be public"
        );

        let photo = motcua_storage::testing::geotagged_photo();
        let mut fields = vec![("category", "rac-thai"), ("area", "H15.50"), ("description", "")];
        let r = post_details(&app, &cookie, &csrf, &fields, &[&photo]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        let kept = app.db.store.kept_photos(citizen).await.unwrap();
        assert_eq!(kept.len(), 1, "{}: the good photo is kept", app.label());
        let id = kept[0].id.to_string();
        assert!(
            r.body.contains(&format!("name=\"kept_photo\" value=\"{id}\" checked")),
            "{}",
            r.body
        );
        let thumb = format!("/phan-anh/gui/anh/{id}");
        assert!(r.body.contains(&thumb));
        let own = app.get_with_cookie(&thumb, &cookie).await;
        assert_eq!((own.status, own.content_type()), (StatusCode::OK, "image/jpeg"));
        let someone = app.sign_in("cuong@example.vn").await;
        assert_eq!(
            app.get_with_cookie(&thumb, &someone).await.status,
            StatusCode::NOT_FOUND,
            "another user never sees a kept photo"
        );
        assert_ne!(app.get(&thumb).await.status, StatusCode::OK, "nor does the public");

        // Another user cannot attach it either.
        let (_, their_csrf) = app.open_form(form, Some(&someone)).await;
        let theirs = [
            ("category", "rac-thai"),
            ("area", "H15.50"),
            ("description", "Rác"),
            ("kept_photo", id.as_str()),
        ];
        let r = post_details(&app, &someone, &their_csrf, &theirs, &[]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

        fields = vec![
            ("category", "rac-thai"),
            ("area", "H15.50"),
            ("description", "Rác chất đống ở đầu hẻm."),
            ("contact_name", "Trần Thị Bình"),
            ("show_name", "true"),
            ("kept_photo", id.as_str()),
        ];
        let r = post_details(&app, &cookie, &csrf, &fields, &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let report: i64 = location(&r)
            .trim_start_matches("/phan-anh/")
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let media = app
            .db
            .store
            .feedback_media(motcua_domain::ids::ReportId(report))
            .await
            .unwrap();
        assert_eq!(media.len(), 1, "{}: the kept photo went with the report", app.label());
        assert!(
            app.db.store.kept_photos(citizen).await.unwrap().is_empty(),
            "then it is forgotten"
        );
        let public = app.get(&format!("/api/v1/feedback/{report}")).await;
        assert_eq!(
            public.json()["report"]["reporter_name"],
            "Trần Thị Bình",
            "shown because asked"
        );

        // Without the choice, the name stays private.
        let quiet = [
            ("category", "rac-thai"),
            ("area", "H15.50"),
            ("description", "Rác ở chợ."),
            ("contact_name", "Trần Thị Bình"),
        ];
        let r = post_details(&app, &cookie, &csrf, &quiet, &[]).await;
        let report = location(&r)
            .trim_start_matches("/phan-anh/")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let public = app.get(&format!("/api/v1/feedback/{report}")).await;
        assert_eq!(
            public.json()["report"]["reporter_name"],
            serde_json::Value::Null,
            "anonymous by default"
        );
    }
}
