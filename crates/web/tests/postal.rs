//! Return by post, on every backend: the applicant chooses the post at filing (the check
//! page) or later on the dossier's page, with an address checked against the communes;
//! one-stop officers record the parcel handed to the post (returning the result by post),
//! delivered or returned, with dates; each step is a line of the timeline, the public
//! look-up's too.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod citizen_support;
mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};

use citizen_support::{PDF, act, dossier, file, get, people, two_steps, upload};
use support::{TestApp, csrf_of, json_request};

fn put(code: &str, token: &str, body: Value) -> axum::http::Request<axum::body::Body> {
    json_request("PUT", &format!("/api/v1/dossiers/{code}/postal"), &body, Some(token))
}

fn event(code: &str, token: &str, body: Value) -> axum::http::Request<axum::body::Body> {
    json_request(
        "POST",
        &format!("/api/v1/dossiers/{code}/postal/events"),
        &body,
        Some(token),
    )
}

fn address() -> Value {
    json!({"recipient": "Nguyễn Văn An", "phone": "0912 345 678", "street": "12 Lê Duẩn, tổ dân phố 3", "commune": "H15.50"})
}

fn today() -> String {
    motcua_app::postal::today().to_string()
}

/// Fills the signed-in citizen's draft of the marriage registration up to the check page;
/// returns the session's CSRF token.
async fn fill_draft(app: &TestApp, me: &str) -> String {
    // The one receiving agency is chosen on the way in.
    app.get_with_cookie("/nop-ho-so/1.000894", me).await;
    let page = app.get_with_cookie("/nop-ho-so/1.000894/nguoi-nop", me).await;
    let csrf = csrf_of(&page.body);
    let r = app
        .post_form(
            "/nop-ho-so/1.000894/nguoi-nop",
            Some(me),
            &[
                ("_csrf", &csrf),
                ("full_name", "Nguyễn Văn An"),
                ("id_number", "066190001234"),
                ("address", "12 Lê Duẩn"),
                ("phone", "0912345678"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = app
        .post_form(
            "/nop-ho-so/1.000894/to-khai",
            Some(me),
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
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    upload(app, me, "to_khai", "tờ khai.pdf", PDF).await;
    csrf
}

#[tokio::test]
async fn the_post_is_chosen_at_filing_with_a_checked_address() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        let me = app.sign_in("an@example.vn").await;
        let csrf = fill_draft(&app, &me).await;
        let check = app.get_with_cookie("/nop-ho-so/1.000894/kiem-tra", &me).await;
        assert_eq!(check.status, StatusCode::OK, "{}", check.body);
        assert!(
            check.body.contains("Nhận qua dịch vụ bưu chính công ích")
                && check.body.contains("<option value=\"H15.50\"")
                && check.body.contains("phường Buôn Ma Thuột"),
            "{}",
            check.body
        );
        let submit = |fields: Vec<(&'static str, &'static str)>| {
            let me = me.clone();
            let csrf = csrf.clone();
            let app = &app;
            async move {
                let mut form = vec![("_csrf", csrf.as_str())];
                form.extend(fields);
                app.post_form("/nop-ho-so/1.000894/kiem-tra", Some(&me), &form).await
            }
        };
        let r = submit(vec![
            ("return_method", "post"),
            ("recipient", "Nguyễn Văn An"),
            ("phone", "0912345678"),
            ("street", " "),
            ("commune", "H15.99"),
        ])
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        for text in [
            "href=\"#postal-street\"",
            "Nhập số nhà, đường, thôn hoặc tổ dân phố.",
            "href=\"#postal-commune\"",
            "Xã, phường này không có trong danh sách.",
            "value=\"Nguyễn Văn An\"",
        ] {
            assert!(r.body.contains(text), "{}: {text} in {}", app.label(), r.body);
        }
        let mine = app.send(get("/api/v1/me/dossiers", &p.an)).await.json();
        assert!(
            mine.as_array().unwrap().is_empty(),
            "{}: nothing filed on bad input",
            app.label()
        );

        let r = submit(vec![
            ("return_method", "post"),
            ("recipient", "Nguyễn Văn An"),
            ("phone", "0912345678"),
            ("street", "12 Lê Duẩn, tổ dân phố 3"),
            ("commune", "H15.50"),
        ])
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let code = r.headers["location"]
            .to_str()
            .unwrap()
            .split('/')
            .nth(2)
            .unwrap()
            .to_owned();
        let postal = app.send(get(&format!("/api/v1/dossiers/{code}/postal"), &p.an)).await;
        assert_eq!(postal.status, StatusCode::OK, "{}", postal.body);
        let postal = postal.json();
        assert_eq!(
            (
                postal["status"].as_str(),
                postal["street"].as_str(),
                postal["commune"].as_str()
            ),
            (Some("requested"), Some("12 Lê Duẩn, tổ dân phố 3"), Some("H15.50"))
        );
        let timeline = dossier(&app, &code, &p.an).await["timeline"].clone();
        assert_eq!(timeline[1]["action"], "postal_requested", "{timeline}");
        // Choosing the counter files without an address.
        fill_draft(&app, &me).await;
        let r = submit(vec![("return_method", "counter"), ("street", ""), ("commune", "")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let counter = r.headers["location"]
            .to_str()
            .unwrap()
            .split('/')
            .nth(2)
            .unwrap()
            .to_owned();
        assert_eq!(
            app.send(get(&format!("/api/v1/dossiers/{counter}/postal"), &p.an))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn the_post_is_chosen_later_and_officers_record_the_parcel() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        two_steps(&app, &p).await;
        let code = file(&app, &p.an).await;
        let secret = dossier(&app, &code, &p.an).await["secret"].as_str().unwrap().to_owned();
        assert_eq!(
            app.send(event(
                &code,
                &p.mc,
                json!({"event": "handed_to_post", "tracking_number": "EB1VN", "on": today()})
            ))
            .await
            .json()["code"],
            "post_not_chosen"
        );

        // The address is checked; only the applicant chooses.
        let mut bad = address();
        bad["street"] = json!("");
        bad["commune"] = json!("H15.01");
        let r = app.send(put(&code, &p.an, bad)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let codes: Vec<_> = r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            codes,
            vec![
                ("street".to_owned(), "address_required".to_owned()),
                ("commune".to_owned(), "unknown_commune".to_owned())
            ],
            "a department is not a commune"
        );
        assert_eq!(
            app.send(get(&format!("/api/v1/dossiers/{code}/postal"), &p.an))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let r = app.send(put(&code, &p.mc, address())).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_the_applicant"))
        );
        assert_eq!(
            app.send(put(&code, &p.binh, address())).await.status,
            StatusCode::NOT_FOUND
        );
        let anon = app
            .send(json_request(
                "PUT",
                &format!("/api/v1/dossiers/{code}/postal"),
                &address(),
                None,
            ))
            .await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
        let r = app.send(put(&code, &p.an, address())).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["phone"], "0912345678", "normalised");
        let mut moved = address();
        moved["street"] = json!("34 Phan Bội Châu");
        assert_eq!(app.send(put(&code, &p.an, moved)).await.json()["version"], 2);

        // Officers: one-stop officers of the receiving agency, once there is a result.
        let handed = json!({"event": "handed_to_post", "tracking_number": "eb 123456789 vn", "on": today()});
        let r = app.send(event(&code, &p.mc, handed.clone())).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("result_not_ready"))
        );
        act(&app, &code, &p.mc, json!({"action": "receive"})).await;
        act(&app, &code, &p.mc, json!({"action": "mark_processed"})).await;
        for (token, status) in [
            (&p.an, StatusCode::FORBIDDEN),
            (&p.cv, StatusCode::FORBIDDEN),
            (&p.elsewhere, StatusCode::NOT_FOUND),
        ] {
            assert_eq!(app.send(event(&code, token, handed.clone())).await.status, status);
        }
        let no_number = json!({"event": "handed_to_post", "on": "2999-01-01"});
        let r = app.send(event(&code, &p.mc, no_number)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(
            r.json()["errors"].as_array().unwrap().len(),
            2,
            "the date and the number, at once"
        );
        assert_eq!(
            dossier(&app, &code, &p.mc).await["status"],
            "processed",
            "nothing half-done"
        );

        // Handing the processed result to the post returns it by post.
        let page_officer = app.sign_in("mc@example.vn").await;
        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &page_officer).await;
        let post_first = page.body.find("<option value=\"post\">").unwrap();
        let counter = page.body.find("<option value=\"counter\">").unwrap();
        assert!(post_first < counter, "the return form offers the post first");
        let r = app.send(event(&code, &p.mc, handed.clone())).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", app.label(), r.body);
        assert_eq!(
            (r.json()["status"].as_str(), r.json()["tracking_number"].as_str()),
            (Some("handed_to_post"), Some("EB123456789VN"))
        );
        let d = dossier(&app, &code, &p.an).await;
        assert_eq!(d["status"], "result_returned");
        let history = app
            .db
            .store
            .dossier_history(app.db.store.dossier_by_code(&code).await.unwrap().unwrap().id)
            .await
            .unwrap();
        let returned = history.iter().find(|h| h.action.as_str() == "return_result").unwrap();
        assert_eq!(returned.detail.method, Some(motcua_domain::dossier::ResultMethod::Post));
        assert_eq!(
            app.send(event(&code, &p.mc, handed)).await.json()["code"],
            "postal_wrong_step"
        );
        // The dossier has ended: the address stays.
        assert_eq!(
            app.send(put(&code, &p.an, address())).await.json()["code"],
            "dossier_ended"
        );

        let yesterday = (motcua_app::postal::today() - time::Duration::days(1)).to_string();
        let r = app
            .send(event(&code, &p.mc, json!({"event": "delivered", "on": yesterday})))
            .await;
        assert_eq!(r.json()["errors"][0]["code"], "date_before_handed", "{}", r.body);
        let r = app
            .send(event(
                &code,
                &p.mc,
                json!({"event": "returned_undelivered", "on": today(), "note": "Không có người nhận"}),
            ))
            .await;
        assert_eq!(r.json()["status"], "returned_undelivered");
        let again = json!({"event": "handed_to_post", "tracking_number": "EB987654321VN", "on": today()});
        assert_eq!(
            app.send(event(&code, &p.mc, again)).await.json()["status"],
            "handed_to_post"
        );
        let r = app
            .send(event(&code, &p.mc, json!({"event": "delivered", "on": today()})))
            .await;
        assert_eq!(
            (r.json()["status"].as_str(), r.json()["delivered_on"].as_str()),
            (Some("delivered"), Some(today().as_str()))
        );

        // Every step is a line of the timeline, the public look-up's too (without the address).
        let actions: Vec<String> = d["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["action"].as_str().unwrap().to_owned())
            .collect();
        assert!(actions.contains(&"postal_handed_to_post".to_owned()), "{actions:?}");
        let lookup = app
            .send(json_request(
                "POST",
                "/api/v1/lookup",
                &json!({"code": code, "secret": secret}),
                None,
            ))
            .await;
        let public: Vec<String> = lookup.json()["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["action"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            public
                .iter()
                .filter(|a| a.starts_with("postal_"))
                .cloned()
                .collect::<Vec<_>>(),
            vec![
                "postal_requested",
                "postal_requested",
                "postal_handed_to_post",
                "postal_returned_undelivered",
                "postal_handed_to_post",
                "postal_delivered"
            ],
            "{}",
            app.label()
        );
        assert!(
            !lookup.body.contains("Lê Duẩn") && !lookup.body.contains("0912345678"),
            "no personal data"
        );
        let citizen = app.sign_in("an@example.vn").await;
        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &citizen).await;
        assert!(
            page.body.contains("Bưu điện đã phát kết quả")
                && page.body.contains("EB987654321VN")
                && page.body.contains("Đã phát thành công"),
            "{}",
            page.body
        );
    }
}

#[tokio::test]
async fn the_dossier_page_takes_the_address_and_the_officers_records() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        two_steps(&app, &p).await;
        let code = file(&app, &p.an).await;
        let me = app.sign_in("an@example.vn").await;
        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &me).await;
        assert!(
            page.body.contains(&format!("action=\"/ho-so/{code}/buu-dien\"")),
            "{}",
            page.body
        );
        let csrf = csrf_of(&page.body);
        let r = app
            .post_form(
                &format!("/ho-so/{code}/buu-dien"),
                Some(&me),
                &[
                    ("_csrf", &csrf),
                    ("recipient", "Nguyễn Văn An"),
                    ("phone", "12"),
                    ("street", "12 Lê Duẩn"),
                    ("commune", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        assert!(
            r.body.contains("href=\"#postal-phone\"")
                && r.body.contains("Chọn xã, phường.")
                && r.body.contains("value=\"12 Lê Duẩn\""),
            "{}",
            r.body
        );
        let r = app
            .post_form(
                &format!("/ho-so/{code}/buu-dien"),
                Some(&me),
                &[
                    ("_csrf", &csrf),
                    ("recipient", "Nguyễn Văn An"),
                    ("phone", "0912345678"),
                    ("street", "12 Lê Duẩn"),
                    ("commune", "H15.50"),
                ],
            )
            .await;
        assert_eq!(r.headers["location"], format!("/ho-so/{code}?xong=post"));
        act(&app, &code, &p.mc, json!({"action": "receive"})).await;
        act(&app, &code, &p.mc, json!({"action": "mark_processed"})).await;
        let officer = app.sign_in("mc@example.vn").await;
        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &officer).await;
        assert!(page.body.contains("Ghi nhận gửi kết quả qua bưu điện") && page.body.contains("12 Lê Duẩn"));
        assert!(
            !app.get_with_cookie(&format!("/ho-so/{code}"), &me)
                .await
                .body
                .contains("buu-dien/ghi-nhan")
        );
        let csrf = csrf_of(&page.body);
        let r = app
            .post_form(
                &format!("/ho-so/{code}/buu-dien/ghi-nhan"),
                Some(&officer),
                &[
                    ("_csrf", &csrf),
                    ("event", "handed_to_post"),
                    ("tracking_number", ""),
                    ("on", &today()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("href=\"#postal-tracking\""), "{}", r.body);
        let r = app
            .post_form(
                &format!("/ho-so/{code}/buu-dien/ghi-nhan"),
                Some(&officer),
                &[
                    ("_csrf", &csrf),
                    ("event", "handed_to_post"),
                    ("tracking_number", "EB123456789VN"),
                    ("on", &today()),
                ],
            )
            .await;
        assert_eq!(
            r.headers["location"],
            format!("/ho-so/{code}?xong=postal"),
            "{}",
            r.body
        );
        let page = app
            .get_with_cookie(&format!("/ho-so/{code}?xong=postal"), &officer)
            .await;
        assert!(page.body.contains("Đã giao kết quả cho bưu điện") && page.body.contains("Đã ghi nhận."));
        let r = app
            .post_form(
                &format!("/ho-so/{code}/buu-dien/ghi-nhan"),
                Some(&me),
                &[
                    (
                        "_csrf",
                        &csrf_of(&app.get_with_cookie(&format!("/ho-so/{code}"), &me).await.body),
                    ),
                    ("event", "delivered"),
                    ("on", &today()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", app.label());
        assert_eq!(
            app.get("/api/v1/communes").await.json(),
            json!([{"code": "H15.50", "name": "phường Buôn Ma Thuột"}]),
            "the communes of the installation, public"
        );
    }
}

#[tokio::test]
async fn the_postal_forms_need_the_sessions_token_and_hide_others_dossiers() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        two_steps(&app, &p).await;
        let code = file(&app, &p.an).await;
        let me = app.sign_in("an@example.vn").await;
        let choose = format!("/ho-so/{code}/buu-dien");
        let fields = [
            ("recipient", "Nguyễn Văn An"),
            ("phone", "0912345678"),
            ("street", "12 Lê Duẩn"),
            ("commune", "H15.50"),
        ];
        let mut forged = vec![("_csrf", "forged")];
        forged.extend(fields);
        for form in [fields.to_vec(), forged] {
            let r = app.post_form(&choose, Some(&me), &form).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", app.label());
        }
        let postal = |token: &str| get(&format!("/api/v1/dossiers/{code}/postal"), token);
        assert_eq!(
            app.send(postal(&p.an)).await.status,
            StatusCode::NOT_FOUND,
            "nothing chosen"
        );
        let binh = app.sign_in("binh@example.vn").await;
        let binh_csrf = csrf_of(&app.get_with_cookie("/ho-so-cua-toi", &binh).await.body);
        let mut binh_form = vec![("_csrf", binh_csrf.as_str())];
        binh_form.extend(fields);
        let r = app.post_form(&choose, Some(&binh), &binh_form).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{}: another citizen's dossier",
            app.label()
        );
        assert_eq!(app.send(postal(&p.an)).await.status, StatusCode::NOT_FOUND);

        // The officers' form.
        assert_eq!(app.send(put(&code, &p.an, address())).await.status, StatusCode::OK);
        act(&app, &code, &p.mc, json!({"action": "receive"})).await;
        act(&app, &code, &p.mc, json!({"action": "mark_processed"})).await;
        let record = format!("/ho-so/{code}/buu-dien/ghi-nhan");
        let today = today();
        let step = [
            ("event", "handed_to_post"),
            ("tracking_number", "EB123456789VN"),
            ("on", today.as_str()),
        ];
        let officer = app.sign_in("mc@example.vn").await;
        let r = app.post_form(&record, Some(&officer), &step).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: no token", app.label());
        let elsewhere = app.sign_in("tp@example.vn").await;
        let their_csrf = csrf_of(&app.get_with_cookie("/can-bo", &elsewhere).await.body);
        let mut theirs = vec![("_csrf", their_csrf.as_str())];
        theirs.extend(step);
        let r = app.post_form(&record, Some(&elsewhere), &theirs).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{}: another agency's dossier",
            app.label()
        );
        let now = app.send(postal(&p.an)).await.json();
        assert_eq!(now["status"], "requested", "{}: nothing recorded", app.label());
        assert_eq!(dossier(&app, &code, &p.an).await["status"], "processed");
    }
}
