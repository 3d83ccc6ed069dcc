//! POST /requests: keys, every bad input with its exact error codes and nothing stored,
//! attributes (multi-value), addresses instead of points, multipart photos, CSRF.

use axum::body::Body;
use axum::http::{Request, header};

use crate::doc::{BOTH, Fmt, error_codes, read};
use crate::fixtures::{ROOT, apps, post, pothole, stored, with};
use crate::support::{OPEN311_KEY, TestApp};

type Form = Vec<(&'static str, String)>;

fn bad_inputs() -> Vec<(&'static str, Form, u16, Vec<&'static str>)> {
    let p = pothole;
    vec![
        ("no key", with(p(), "api_key", None), 403, vec!["api_key.missing"]),
        (
            "empty key",
            with(p(), "api_key", Some(" ")),
            403,
            vec!["api_key.missing"],
        ),
        (
            "bad key",
            with(p(), "api_key", Some("sai-khoa")),
            403,
            vec!["api_key.invalid"],
        ),
        (
            "other jurisdiction",
            with(p(), "jurisdiction_id", Some("hanoi")),
            404,
            vec!["jurisdiction_id.unknown"],
        ),
        (
            "lat",
            with(p(), "lat", Some("95")),
            400,
            vec!["lat.latitude_out_of_range"],
        ),
        (
            "long",
            with(p(), "long", Some("-181")),
            400,
            vec!["long.longitude_out_of_range"],
        ),
        (
            "lat text",
            with(p(), "lat", Some("mười hai")),
            400,
            vec!["lat.not_a_number"],
        ),
        ("lat alone", with(p(), "long", None), 400, vec!["long.required"]),
        (
            "no description",
            with(p(), "description", None),
            400,
            vec!["description.required"],
        ),
        (
            "blank description",
            with(p(), "description", Some("   ")),
            400,
            vec!["description.required"],
        ),
        (
            "html",
            with(p(), "description", Some("Ổ gà <script>alert(1)</script>")),
            400,
            vec!["description.html_not_allowed"],
        ),
        (
            "4001",
            with(p(), "description", Some(&"ạ".repeat(4001))),
            400,
            vec!["description.too_long"],
        ),
        (
            "unknown service",
            with(p(), "service_code", Some("khong-co")),
            404,
            vec!["service_code.unknown_category"],
        ),
        (
            "unknown service and more",
            with(with(p(), "service_code", Some("khong-co")), "lat", Some("95")),
            404,
            vec!["service_code.unknown_category"],
        ),
        (
            "no service",
            with(p(), "service_code", None),
            400,
            vec!["service_code.required"],
        ),
        (
            "no answer",
            with(p(), "attribute[muc_do]", None),
            400,
            vec!["attribute[muc_do].required"],
        ),
        (
            "bad answer",
            with(p(), "attribute[muc_do]", Some("rat-to")),
            400,
            vec!["attribute[muc_do].not_allowed"],
        ),
        (
            "foreign question",
            with(p(), "attribute[mau]", Some("do")),
            400,
            vec!["attribute[mau].unknown_attribute"],
        ),
        (
            "no location",
            with(with(p(), "lat", None), "long", None),
            400,
            vec!["location.location_required"],
        ),
        (
            "unknown area",
            with(with(with(p(), "lat", None), "long", None), "address_id", Some("X9")),
            400,
            vec!["address_id.unknown_area"],
        ),
        (
            "email",
            with(p(), "email", Some("khong-phai-email")),
            400,
            vec!["email.invalid_email"],
        ),
        (
            "device",
            with(p(), "device_id", Some(&"x".repeat(201))),
            400,
            vec!["device_id.too_long"],
        ),
        (
            "media_url",
            with(p(), "media_url", Some("javascript:alert(1)")),
            400,
            vec!["media_url.invalid_url"],
        ),
        (
            "several at once",
            with(with(p(), "lat", Some("91")), "description", Some("")),
            400,
            vec!["description.required", "lat.latitude_out_of_range"],
        ),
    ]
}

#[tokio::test]
async fn bad_posts_get_exact_errors_and_store_nothing() {
    for app in apps().await {
        for fmt in BOTH {
            for (what, form, status, codes) in bad_inputs() {
                let before = stored(&app).await;
                let r = post(&app, fmt, &form).await;
                assert_eq!(r.status.as_u16(), status, "{} {fmt:?} {what}: {}", app.label(), r.body);
                let mut got = error_codes(&r, fmt);
                got.sort();
                assert_eq!(got, codes, "{fmt:?} {what}");
                assert_eq!(stored(&app).await, before, "{what}: nothing stored");
            }
        }
        assert_eq!(stored(&app).await, 0);
        let long = post(&app, Fmt::Xml, &with(pothole(), "description", Some(&"ạ".repeat(4001)))).await;
        let described = read(&long, Fmt::Xml, "errors");
        assert_eq!(described[0]["description"], "description: Quá dài: tối đa 4000 ký tự.");
        let r = post(
            &app,
            Fmt::Json,
            &with(pothole(), "description", Some(&"ạ".repeat(4000))),
        )
        .await;
        assert_eq!(r.status, 200, "4,000 characters are accepted: {}", r.body);
        let en = app
            .send(
                Request::get(format!("{ROOT}/requests.json?start_date=hom-qua"))
                    .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert!(
            en.json()[0]["description"]
                .as_str()
                .unwrap()
                .contains("ISO 8601 with a timezone")
        );
    }
}

#[tokio::test]
async fn a_post_answers_with_the_id_notice_and_account() {
    for app in apps().await {
        for fmt in BOTH {
            let r = post(&app, fmt, &pothole()).await;
            assert_eq!(r.status, 200, "{}", r.body);
            let v = read(&r, fmt, "service_requests");
            let item = &v[0];
            assert_eq!(v.as_array().unwrap().len(), 1);
            assert!(item["service_request_id"].as_str().unwrap().parse::<i64>().is_ok());
            assert!(item.get("token").is_none(), "never both id and token");
            assert!(!item["service_notice"].as_str().unwrap().is_empty());
            assert_eq!(item["account_id"], "tai-khoan-7");
        }
        // An address alone is a location; several values for a multi-value question.
        let noise = vec![
            ("api_key", OPEN311_KEY.to_owned()),
            ("service_code", "tieng-on".to_owned()),
            ("attribute[khung_gio][]", "toi".to_owned()),
            ("attribute[khung_gio][]", "dem".to_owned()),
            ("address_string", "Quán karaoke 45 Phan Chu Trinh".to_owned()),
            ("description", "Hát karaoke đến 1 giờ sáng".to_owned()),
            ("lat", String::new()),
        ];
        let id = crate::fixtures::post_id(&app, &noise).await;
        let rec = app.db.store.feedback(id).await.unwrap().unwrap();
        assert_eq!(rec.answers["khung_gio"], ["toi", "dem"]);
        assert_eq!(rec.address.as_deref(), Some("Quán karaoke 45 Phan Chu Trinh"));
        assert!(rec.anonymous, "Open311 reporters' names are never shown");
        assert_eq!(rec.channel, "open311");
        let single = with(
            with(pothole(), "attribute[muc_do]", None),
            "attribute[muc_do][]",
            Some("nho"),
        );
        let both_values = [single.clone(), vec![("attribute[muc_do][]", "vua".to_owned())]].concat();
        let r = post(&app, Fmt::Xml, &both_values).await;
        assert_eq!(error_codes(&r, Fmt::Xml), ["attribute[muc_do].single_value"]);
    }
}

fn multipart(fields: &[(&str, String)], photos: &[&[u8]]) -> (String, Vec<u8>) {
    let boundary = "open311-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    for p in photos {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"media\"; filename=\"o-ga.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(p);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(app: &TestApp, fmt: Fmt, fields: &[(&str, String)], photos: &[&[u8]]) -> crate::support::Reply {
    let (ct, body) = multipart(fields, photos);
    let req = Request::post(format!("{ROOT}/requests.{}", fmt.ext()))
        .header(header::CONTENT_TYPE, ct)
        .header(header::HOST, "phananh.daklak.gov.vn")
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn multipart_posts_carry_photos_served_to_the_public() {
    let photo = motcua_storage::testing::PLAIN_PHOTO;
    for app in apps().await {
        for fmt in BOTH {
            let r = post_multipart(&app, fmt, &pothole(), &[photo]).await;
            assert_eq!(r.status, 200, "{}", r.body);
            let id = read(&r, fmt, "service_requests")[0]["service_request_id"]
                .as_str()
                .unwrap()
                .to_owned();
            let v = read(
                &app.get(&format!("{ROOT}/requests/{id}.{}", fmt.ext())).await,
                fmt,
                "service_requests",
            );
            let url = v[0]["media_url"].as_str().unwrap().to_owned();
            let prefix = format!("http://localhost{ROOT}/media/{id}/");
            assert!(url.starts_with(&prefix), "absolute photo URL: {url}");
            let got = app.get(url.trim_start_matches("http://localhost")).await;
            assert_eq!(got.status, 200);
            assert_eq!(got.content_type(), "image/jpeg");
        }
        let before = stored(&app).await;
        let r = post_multipart(&app, Fmt::Xml, &pothole(), &[b"not an image at all"]).await;
        assert_eq!(r.status, 400);
        assert_eq!(error_codes(&r, Fmt::Xml), ["media.not_an_image"]);
        let r = post_multipart(&app, Fmt::Json, &with(pothole(), "api_key", Some("x")), &[photo]).await;
        assert_eq!(error_codes(&r, Fmt::Json), ["api_key.invalid"]);
        assert_eq!(stored(&app).await, before);
        assert_eq!(app.get(&format!("{ROOT}/media/1/999")).await.status, 404);
    }
}

#[tokio::test]
async fn cookie_sessions_still_need_the_csrf_token() {
    let app = TestApp::sqlite().await.with_feedback().await;
    let (cookie, _csrf) = app.open_form("/dang-nhap", None).await;
    let form = pothole();
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app
        .post_form(&format!("{ROOT}/requests.json"), Some(&cookie), &pairs)
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(stored(&app).await, 0);
    let r = app.post_form(&format!("{ROOT}/requests.json"), None, &pairs).await;
    assert_eq!(r.status, 200, "{}", r.body);
}
