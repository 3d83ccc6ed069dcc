//! The citizen's document store (kho dữ liệu), on every backend: documents added, listed,
//! downloaded and deleted by their owner only; accepted components kept at reception (and
//! by the catch-up job); an officer pushing a dossier's file; a kept document reused for a
//! new dossier instead of an upload, flagged on the dossier's file in the page and the API.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod citizen_support;
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use citizen_support::{PDF, act, dossier, file, get, people, upload};
use support::{TestApp, csrf_of, json_request};

async fn documents(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app.send(get("/api/v1/me/documents", token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json().as_array().unwrap().clone()
}

fn delete(path: &str, token: &str) -> Request<Body> {
    Request::delete(path)
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn citizens_keep_download_and_delete_only_their_own_documents() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        let me = app.sign_in("an@example.vn").await;
        let page = app.get_with_cookie("/kho-du-lieu", &me).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("Kho dữ liệu chưa có giấy tờ nào"));
        let csrf = csrf_of(&page.body);
        let add = format!("/kho-du-lieu?_csrf={csrf}");

        // Not a PDF, JPEG or PNG, an unknown type and no title: every error, nothing kept.
        let r = app
            .post_file(
                &add,
                &me,
                &[("document_type", "hoa_don"), ("title", " "), ("issued_on", "")],
                "giay.pdf",
                b"just text, not a PDF",
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        for message in [
            "Loại giấy tờ không có trong danh mục.",
            "Không được để trống.",
            "href=\"#store-file\"",
            "href=\"#store-title\"",
        ] {
            assert!(r.body.contains(message), "{}: {message} in {}", app.label(), r.body);
        }
        assert!(
            documents(&app, &p.an).await.is_empty(),
            "{}: nothing half-kept",
            app.label()
        );
        let future = app
            .post_file(
                &add,
                &me,
                &[
                    ("document_type", "cccd"),
                    ("title", "Thẻ Căn cước"),
                    ("issued_on", "2999-01-01"),
                ],
                "the.pdf",
                PDF,
            )
            .await;
        assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(future.body.contains("value=\"Thẻ Căn cước\""), "what was typed stays");

        let r = app
            .post_file(
                &add,
                &me,
                &[
                    ("document_type", "cccd"),
                    ("title", "Thẻ Căn cước của tôi"),
                    ("issued_on", "2021-04-10"),
                ],
                "thẻ căn cước.pdf",
                PDF,
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let list = documents(&app, &p.an).await;
        assert_eq!(list.len(), 1, "{}", app.label());
        let d = &list[0];
        assert_eq!(
            (
                d["document_type"].as_str(),
                d["origin"].as_str(),
                d["issued_on"].as_str()
            ),
            (Some("cccd"), Some("citizen"), Some("2021-04-10"))
        );
        let id = d["id"].as_i64().unwrap();
        let page = app.get_with_cookie("/kho-du-lieu", &me).await;
        assert!(page.body.contains("Thẻ Căn cước của tôi") && page.body.contains("10/04/2021"));

        // The owner downloads it, in the portal and through the API.
        let file = app.get_with_cookie(&format!("/kho-du-lieu/{id}/tep"), &me).await;
        assert_eq!((file.status, file.bytes.as_slice()), (StatusCode::OK, PDF));
        assert_eq!(file.content_type(), "application/pdf");
        let file = app.send(get(&format!("/api/v1/me/documents/{id}/file"), &p.an)).await;
        assert_eq!(file.bytes.as_slice(), PDF);

        // Nobody else learns it exists.
        let binh = app.sign_in("binh@example.vn").await;
        for path in [
            format!("/api/v1/me/documents/{id}"),
            format!("/api/v1/me/documents/{id}/file"),
        ] {
            assert_eq!(
                app.send(get(&path, &p.binh)).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
            assert_eq!(
                app.send(get(&path, &p.mc)).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
            assert_eq!(app.get(&path).await.status, StatusCode::UNAUTHORIZED, "{path}");
        }
        assert_eq!(
            app.get_with_cookie(&format!("/kho-du-lieu/{id}/tep"), &binh)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert!(documents(&app, &p.binh).await.is_empty());
        let them = app.get_with_cookie("/kho-du-lieu", &binh).await;
        assert!(!them.body.contains("Thẻ Căn cước của tôi"));
        assert_eq!(
            app.send(delete(&format!("/api/v1/me/documents/{id}"), &p.binh))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let binh_csrf = csrf_of(&them.body);
        let r = app
            .post_form(&format!("/kho-du-lieu/{id}/xoa"), Some(&binh), &[("_csrf", &binh_csrf)])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", app.label());
        assert_eq!(documents(&app, &p.an).await.len(), 1, "still there");
        let anon = app.get("/kho-du-lieu").await;
        assert_eq!(anon.status, StatusCode::SEE_OTHER);
        assert_eq!(anon.headers["location"], "/dang-nhap?next=/kho-du-lieu");

        // The owner deletes it; then it is gone for them too.
        let r = app
            .post_form(&format!("/kho-du-lieu/{id}/xoa"), Some(&me), &[("_csrf", &csrf)])
            .await;
        assert_eq!(r.headers["location"], "/kho-du-lieu?xong=deleted");
        assert!(documents(&app, &p.an).await.is_empty());
        assert_eq!(
            app.send(get(&format!("/api/v1/me/documents/{id}/file"), &p.an))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.send(delete(&format!("/api/v1/me/documents/{id}"), &p.an))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/api/v1/document-types").await.json()[0]["code"],
            "cccd",
            "the catalogue of types is public"
        );
    }
}

#[tokio::test]
async fn accepted_components_are_kept_pushed_and_reused_instead_of_an_upload() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        let me = app.sign_in("an@example.vn").await;
        upload(&app, &me, "to_khai", "tờ khai.pdf", PDF).await;
        upload(&app, &me, "giay_xac_nhan_hon_nhan", "xác nhận.pdf", PDF).await;
        let first = file(&app, &p.an).await;
        assert!(documents(&app, &p.an).await.is_empty(), "nothing kept before reception");
        let r = act(&app, &first, &p.mc, json!({"action": "receive"})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let kept = documents(&app, &p.an).await;
        assert_eq!(kept.len(), 1, "{}: only the typed component: {kept:?}", app.label());
        let k = &kept[0];
        assert_eq!(
            (k["document_type"].as_str(), k["origin"].as_str(), k["dossier"].as_str()),
            (
                Some("giay_xac_nhan_tinh_trang_hon_nhan"),
                Some("component"),
                Some(first.as_str())
            )
        );
        assert_eq!(k["file_name"], "xác nhận.pdf");
        let kept_id = k["id"].as_i64().unwrap();

        // The next filing of a procedure asking for that type offers it instead of an upload.
        let page = app.get_with_cookie("/nop-ho-so/1.000894/giay-to", &me).await;
        assert!(
            page.body.contains("Dùng giấy tờ có sẵn trong kho dữ liệu")
                && page.body.contains(&format!("name=\"document\" value=\"{kept_id}\"")),
            "{}: {}",
            app.label(),
            page.body
        );
        let csrf = csrf_of(&page.body);
        let reuse = |component: &'static str, document: String| {
            let me = me.clone();
            let csrf = csrf.clone();
            let app = &app;
            async move {
                app.post_form(
                    "/nop-ho-so/1.000894/giay-to/dung-lai",
                    Some(&me),
                    &[("_csrf", &csrf), ("component", component), ("document", &document)],
                )
                .await
            }
        };
        // Not for a component without a type, and never someone else's.
        let r = reuse("to_khai", kept_id.to_string()).await;
        let back = r.headers["location"].to_str().unwrap().to_owned();
        assert!(back.contains("chi-tiet=not_reusable"), "{back}");
        let page = app.get_with_cookie(&back, &me).await;
        assert!(page.body.contains("Thành phần này không nhận giấy tờ từ kho dữ liệu"));
        let binh = app.sign_in("binh@example.vn").await;
        let binh_page = app.get_with_cookie("/nop-ho-so/1.000894/giay-to", &binh).await;
        assert!(
            !binh_page.body.contains("name=\"document\""),
            "nothing offered to others"
        );
        let r = app
            .post_form(
                "/nop-ho-so/1.000894/giay-to/dung-lai",
                Some(&binh),
                &[
                    ("_csrf", &csrf_of(&binh_page.body)),
                    ("component", "giay_xac_nhan_hon_nhan"),
                    ("document", &kept_id.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", app.label());

        let r = reuse("giay_xac_nhan_hon_nhan", kept_id.to_string()).await;
        assert_eq!(r.headers["location"], "/nop-ho-so/1.000894/giay-to");
        let page = app.get_with_cookie("/nop-ho-so/1.000894/giay-to", &me).await;
        assert!(
            page.body.contains("Dùng lại từ kho dữ liệu"),
            "the draft's file is marked"
        );
        upload(&app, &me, "to_khai", "tờ khai 2.pdf", PDF).await;
        let second = file(&app, &p.an).await;
        let d = dossier(&app, &second, &p.an).await;
        let files = d["files"].as_array().unwrap();
        let reused: Vec<_> = files.iter().filter(|f| f["reused_from"] == json!(kept_id)).collect();
        assert_eq!(reused.len(), 1, "{}: {files:?}", app.label());
        assert_eq!(reused[0]["component"], "giay_xac_nhan_hon_nhan");
        assert!(
            files
                .iter()
                .any(|f| f["component"] == "to_khai" && f.get("reused_from").is_none()),
            "an upload is not flagged"
        );
        let officer_view = dossier(&app, &second, &p.mc).await;
        assert_eq!(officer_view["files"], d["files"], "officers see the same flag");
        let page = app.get_with_cookie(&format!("/ho-so/{second}"), &me).await;
        assert!(page.body.contains("Dùng lại từ kho dữ liệu"), "{}", page.body);
        // Receiving it keeps the new upload only: the reused file is already kept.
        act(&app, &second, &p.mc, json!({"action": "receive"})).await;
        assert_eq!(documents(&app, &p.an).await.len(), 1, "{}", app.label());

        // An officer pushes a file of the dossier to the applicant; others may not.
        let to_khai = files.iter().find(|f| f["component"] == "to_khai").unwrap()["id"]
            .as_i64()
            .unwrap();
        let push = |token: &str, body: Value| {
            json_request(
                "POST",
                &format!("/api/v1/dossiers/{second}/files/{to_khai}/push"),
                &body,
                Some(token),
            )
        };
        let body = json!({"document_type": "trich_luc_ket_hon", "title": "Tờ khai đã nộp", "issued_on": "2026-01-02"});
        assert_eq!(app.send(push(&p.an, body.clone())).await.status, StatusCode::FORBIDDEN);
        assert_eq!(
            app.send(push(&p.binh, body.clone())).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.send(push(&p.elsewhere, body.clone())).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.send(push(&p.mc, json!({"document_type": "hoa_don", "title": ""})))
                .await
                .json()["errors"]
                .as_array()
                .unwrap()
                .len(),
            2,
            "unknown type and missing title, at once"
        );
        let r = app.send(push(&p.mc, body.clone())).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let again = app.send(push(&p.mc, body)).await;
        assert_eq!(
            again.json()["document_id"],
            r.json()["document_id"],
            "pushed twice is one document"
        );
        let kept = documents(&app, &p.an).await;
        assert_eq!(kept.len(), 2);
        assert!(
            kept.iter()
                .any(|k| k["origin"] == "result" && k["title"] == "Tờ khai đã nộp")
        );

        // The portal's push form, and its errors next to the fields.
        let officer = app.sign_in("mc@example.vn").await;
        let page = app.get_with_cookie(&format!("/ho-so/{second}"), &officer).await;
        assert!(page.body.contains("Đưa tệp vào kho dữ liệu của công dân"));
        let citizen_page = app.get_with_cookie(&format!("/ho-so/{second}"), &me).await;
        assert!(
            !citizen_page.body.contains("day-vao-kho"),
            "not offered to the applicant"
        );
        let csrf = csrf_of(&page.body);
        let r = app
            .post_form(
                &format!("/ho-so/{second}/day-vao-kho"),
                Some(&officer),
                &[
                    ("_csrf", &csrf),
                    ("file", &to_khai.to_string()),
                    ("document_type", ""),
                    ("title", ""),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("href=\"#push-title\""), "{}", r.body);
        let r = app
            .post_form(
                &format!("/ho-so/{second}/day-vao-kho"),
                Some(&me),
                &[
                    ("_csrf", &csrf_of(&citizen_page.body)),
                    ("file", &to_khai.to_string()),
                    ("title", "x"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
}

/// Receives dossier `code` in storage only, as if keeping its components had failed right
/// after reception (or it was received before the store existed).
async fn receive_without_keeping(app: &TestApp, code: &str) {
    use motcua_domain::account::{AccountKind, Principal, Role, RoleGrant};
    use motcua_domain::dossier::{Action, ActionKind, Actor, Context, HistoryDetail, apply};
    let s = &app.db.store;
    let d = s.dossier_by_code(code).await.unwrap().unwrap();
    let entry = app.state.catalogue().get("1.000894").cloned().unwrap();
    let calendar = app.state.calendar();
    let officer = Principal {
        user_id: motcua_domain::ids::UserId(1),
        kind: AccountKind::Officer,
        display_name: "x".into(),
        grants: vec![RoleGrant {
            role: Role::OneStopOfficer,
            agency_id: d.state.agency_id,
            unit_id: None,
        }],
    };
    let now = time::OffsetDateTime::now_utc();
    let ctx = Context {
        process: &entry.process,
        limit: &entry.procedure.time_limit,
        calendar: &calendar.calendar,
        unit_id: &|_, _| None,
        now,
    };
    let outcome = apply(&ctx, &d.state, Actor::Officer(&officer), &Action::Receive).unwrap();
    let t = motcua_storage::Transition {
        before: &d,
        actor_id: None,
        action: ActionKind::Receive,
        detail: HistoryDetail::default(),
        outcome: &outcome,
        now,
    };
    s.apply_transition(&t).await.unwrap();
}

#[tokio::test]
async fn the_catch_up_job_keeps_what_reception_missed_and_never_twice() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        let me = app.sign_in("an@example.vn").await;
        upload(&app, &me, "to_khai", "tờ khai.pdf", PDF).await;
        upload(&app, &me, "giay_xac_nhan_hon_nhan", "xác nhận.pdf", PDF).await;
        let code = file(&app, &p.an).await;
        upload(&app, &me, "to_khai", "tờ khai.pdf", PDF).await;
        let waiting = file(&app, &p.an).await;
        assert_eq!(
            motcua_app::jobs::keep_documents(&app.state).await.unwrap(),
            0,
            "nothing received yet"
        );
        receive_without_keeping(&app, &code).await;
        assert!(documents(&app, &p.an).await.is_empty());
        let handled = motcua_app::jobs::keep_documents(&app.state).await.unwrap();
        assert_eq!(handled, 1, "{}", app.label());
        let kept = documents(&app, &p.an).await;
        assert_eq!(kept.len(), 1, "{}", app.label());
        assert_eq!(kept[0]["dossier"].as_str(), Some(code.as_str()));
        assert_eq!(
            motcua_app::jobs::keep_documents(&app.state).await.unwrap(),
            0,
            "claimed once"
        );
        // Reception through the application keeps at once; the job finds nothing left.
        act(&app, &waiting, &p.mc, json!({"action": "receive"})).await;
        assert_eq!(motcua_app::jobs::keep_documents(&app.state).await.unwrap(), 0);
        // A document the citizen deleted is not brought back by a later pass.
        let id = kept[0]["id"].as_i64().unwrap();
        app.send(delete(&format!("/api/v1/me/documents/{id}"), &p.an)).await;
        motcua_app::jobs::keep_documents(&app.state).await.unwrap();
        assert!(documents(&app, &p.an).await.is_empty(), "{}", app.label());
    }
}

/// A `multipart/form-data` request with one file, signed with a Bearer token (or none).
fn multipart(path: &str, token: Option<&str>, fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "motcua-api-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut b = Request::post(path).header("content-type", format!("multipart/form-data; boundary={boundary}"));
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    b.body(Body::from(body)).unwrap()
}

/// Another small valid PDF (another file, another hash).
const RESULT_PDF: &[u8] =
    b"%PDF-1.4\n% ket qua\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

#[tokio::test]
async fn officers_upload_the_result_to_the_applicants_store() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        let code = file(&app, &p.an).await;
        let path = format!("/api/v1/dossiers/{code}/result-documents");
        let fields = [
            ("document_type", "trich_luc_ket_hon"),
            ("title", "Giấy chứng nhận kết hôn"),
            ("issued_on", "2026-01-05"),
        ];
        // Only officers of the dossier's agencies; the applicant may not, others learn nothing.
        for (token, status) in [
            (Some(p.an.as_str()), StatusCode::FORBIDDEN),
            (Some(p.binh.as_str()), StatusCode::NOT_FOUND),
            (Some(p.elsewhere.as_str()), StatusCode::NOT_FOUND),
            (None, StatusCode::UNAUTHORIZED),
        ] {
            let r = app.send(multipart(&path, token, &fields, "kq.pdf", RESULT_PDF)).await;
            assert_eq!(r.status, status, "{}: {}", app.label(), r.body);
        }
        // Every error at once, nothing kept.
        let r = app
            .send(multipart(
                &path,
                Some(&p.mc),
                &[("document_type", "hoa_don"), ("title", "")],
                "kq.pdf",
                b"not a pdf",
            ))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let mut fields_in_error: Vec<String> = r.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap().to_owned())
            .collect();
        fields_in_error.sort();
        assert_eq!(fields_in_error, ["document_type", "file", "title"]);
        assert!(
            documents(&app, &p.an).await.is_empty(),
            "{}: nothing half-kept",
            app.label()
        );

        let r = app
            .send(multipart(&path, Some(&p.mc), &fields, "kết quả.pdf", RESULT_PDF))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", app.label(), r.body);
        let id = r.json()["document_id"].as_i64().unwrap();
        let again = app
            .send(multipart(&path, Some(&p.mc), &fields, "kết quả.pdf", RESULT_PDF))
            .await;
        assert_eq!(
            again.json()["document_id"],
            json!(id),
            "the same result twice is one document"
        );
        let kept = documents(&app, &p.an).await;
        assert_eq!(kept.len(), 1, "{}: {kept:?}", app.label());
        assert_eq!(
            (
                kept[0]["origin"].as_str(),
                kept[0]["document_type"].as_str(),
                kept[0]["title"].as_str(),
                kept[0]["dossier"].as_str(),
                kept[0]["issued_on"].as_str()
            ),
            (
                Some("result"),
                Some("trich_luc_ket_hon"),
                Some("Giấy chứng nhận kết hôn"),
                Some(code.as_str()),
                Some("2026-01-05")
            )
        );
        let bytes = app.send(get(&format!("/api/v1/me/documents/{id}/file"), &p.an)).await;
        assert_eq!(bytes.bytes.as_slice(), RESULT_PDF, "the applicant downloads the result");

        // The portal's form: officers only, the session's token in the action, errors next to
        // the fields.
        let officer = app.sign_in("mc@example.vn").await;
        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &officer).await;
        let csrf = csrf_of(&page.body);
        assert!(
            page.body
                .contains(&format!("action=\"/ho-so/{code}/ket-qua-vao-kho?_csrf={csrf}\"")),
            "{}",
            page.body
        );
        let me = app.sign_in("an@example.vn").await;
        let citizen_page = app.get_with_cookie(&format!("/ho-so/{code}"), &me).await;
        assert!(
            !citizen_page.body.contains("ket-qua-vao-kho"),
            "not offered to the applicant"
        );
        let portal = format!("/ho-so/{code}/ket-qua-vao-kho");
        let other_pdf: &[u8] = b"%PDF-1.4\n% ban quet\ntrailer << >>\n%%EOF\n";
        let r = app.post_file(&portal, &officer, &fields, "scan.pdf", other_pdf).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}: no token, no upload", app.label());
        let with_token = format!("{portal}?_csrf={csrf}");
        let r = app
            .post_file(&with_token, &officer, &[("title", "")], "scan.pdf", other_pdf)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(r.body.contains("href=\"#result-title\""), "{}", r.body);
        assert_eq!(documents(&app, &p.an).await.len(), 1);
        let r = app
            .post_file(&with_token, &officer, &fields, "scan.pdf", other_pdf)
            .await;
        assert_eq!(
            r.headers["location"],
            format!("/ho-so/{code}?xong=result"),
            "{}",
            r.body
        );
        assert_eq!(documents(&app, &p.an).await.len(), 2, "{}", app.label());
        let binh = app.sign_in("binh@example.vn").await;
        let binh_csrf = csrf_of(&app.get_with_cookie("/kho-du-lieu", &binh).await.body);
        let r = app
            .post_file(
                &format!("{portal}?_csrf={binh_csrf}"),
                &binh,
                &fields,
                "x.pdf",
                other_pdf,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", app.label());

        // A citizen adds to their own store through the API the same way.
        let r = app
            .send(multipart(
                "/api/v1/me/documents",
                Some(&p.binh),
                &[
                    ("document_type", "cccd"),
                    ("title", "Căn cước"),
                    ("issued_on", "ngày 5"),
                ],
                "cc.pdf",
                PDF,
            ))
            .await;
        assert_eq!(
            (r.status, r.json()["errors"][0]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("issued_on"))
        );
        let r = app
            .send(multipart(
                "/api/v1/me/documents",
                Some(&p.binh),
                &[("document_type", "cccd"), ("title", "Căn cước")],
                "cc.pdf",
                PDF,
            ))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.json()["origin"], "citizen");
    }
}

#[tokio::test]
async fn the_stores_forms_need_the_sessions_token() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        let me = app.sign_in("an@example.vn").await;
        let page = app.get_with_cookie("/kho-du-lieu", &me).await;
        let csrf = csrf_of(&page.body);
        let fields = [("document_type", "cccd"), ("title", "Căn cước")];
        // Adding: the token travels in the action's query.
        let r = app.post_file("/kho-du-lieu", &me, &fields, "cc.pdf", PDF).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", app.label());
        let r = app
            .post_file("/kho-du-lieu?_csrf=forged", &me, &fields, "cc.pdf", PDF)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(documents(&app, &p.an).await.is_empty(), "{}", app.label());
        let r = app
            .post_file(&format!("/kho-du-lieu?_csrf={csrf}"), &me, &fields, "cc.pdf", PDF)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let id = documents(&app, &p.an).await[0]["id"].as_i64().unwrap();
        // Deleting.
        for form in [vec![], vec![("_csrf", "forged")]] {
            let r = app.post_form(&format!("/kho-du-lieu/{id}/xoa"), Some(&me), &form).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN);
        }
        assert_eq!(documents(&app, &p.an).await.len(), 1, "still there");
        // Reusing it in a draft.
        let r = app
            .post_form(
                "/nop-ho-so/1.000894/giay-to/dung-lai",
                Some(&me),
                &[("component", "giay_xac_nhan_hon_nhan"), ("document", &id.to_string())],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Pushing a dossier's file.
        upload(&app, &me, "to_khai", "tờ khai.pdf", PDF).await;
        let code = file(&app, &p.an).await;
        let file_id = dossier(&app, &code, &p.an).await["files"][0]["id"].as_i64().unwrap();
        let officer = app.sign_in("mc@example.vn").await;
        let r = app
            .post_form(
                &format!("/ho-so/{code}/day-vao-kho"),
                Some(&officer),
                &[("file", &file_id.to_string()), ("title", "Tờ khai")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(documents(&app, &p.an).await.len(), 1, "{}: nothing pushed", app.label());
    }
}
