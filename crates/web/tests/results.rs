//! Electronic results end to end: the officer processing a dossier prepares its result, the
//! leader's approval signs it (PAdES), independent verifiers (poppler's pdfsig with an NSS
//! database trusting the test root; pyHanko) find it valid and notice an alteration, the
//! public page verifies it and compares a copy, the leader revokes and re-issues it; a
//! signing failure leaves the dossier where it was.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod support;

use std::path::Path;
use std::process::Command;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::json;

use motcua_domain::account::{AccountKind, Role};
use motcua_storage::testing;
use support::{Reply, TestApp, csrf_of, json_request};

struct People {
    citizen: String,
    mc: String,
    cv: String,
    ld: String,
}

async fn people(app: &TestApp) -> People {
    let citizen = app.token("an@example.vn", AccountKind::Citizen, None).await;
    for (login, role) in [
        ("mc@example.vn", Role::OneStopOfficer),
        ("cv@example.vn", Role::Specialist),
        ("ld@example.vn", Role::Leader),
    ] {
        app.user(login, AccountKind::Officer, Some((role, "H15.50"))).await;
    }
    People {
        citizen,
        mc: app.sign_in("mc@example.vn").await,
        cv: app.sign_in("cv@example.vn").await,
        ld: app.sign_in("ld@example.vn").await,
    }
}

/// Files a marriage registration and moves it to the specialist's step.
async fn at_specialist(app: &TestApp, p: &People) -> String {
    let body = json!({
        "procedure": "1.000894", "agency": "H15.50",
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "066190001234", "address": "12 Lê Duẩn", "phone": "0912345678"},
        "data": {"ho_ten_chong": "Nguyễn Văn An", "so_dinh_danh_chong": "066190001234", "ngay_sinh_chong": "1990-05-02"}
    });
    let r = app
        .send(json_request("POST", "/api/v1/dossiers", &body, Some(&p.citizen)))
        .await;
    let code = r.json()["code"].as_str().unwrap().to_owned();
    act(app, &p.mc, &code, "receive").await;
    act(app, &p.mc, &code, "forward").await;
    code
}

async fn act(app: &TestApp, cookie: &str, code: &str, action: &str) -> Reply {
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), cookie).await;
    let version = page
        .body
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let csrf = csrf_of(&page.body);
    app.post_form(
        &format!("/ho-so/{code}/thao-tac"),
        Some(cookie),
        &[("_csrf", &csrf), ("version", &version), ("action", action)],
    )
    .await
}

/// Posts a multipart form with a PDF as `file` (the CSRF token in the address, as the page
/// does for uploads).
async fn post_pdf(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)], pdf: &[u8]) -> Reply {
    // The token as the page carries it in its upload form's address.
    let page = app.get_with_cookie(path, cookie).await;
    let csrf = match page
        .body
        .split("?_csrf=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
    {
        Some(token) => token.to_owned(),
        None => csrf_of(&app.get_with_cookie("/", cookie).await.body),
    };
    let boundary = "motcua-result-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ket-qua.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(pdf);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post(format!("{path}?_csrf={csrf}"))
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

/// A real PDF made elsewhere: the dossier's own acknowledgement (form 00).
async fn some_pdf(app: &TestApp, p: &People, code: &str) -> Vec<u8> {
    let r = app
        .send(json_request(
            "GET",
            &format!("/ho-so/{code}/mau/00"),
            &json!(null),
            Some(&p.citizen),
        ))
        .await;
    assert_eq!(r.content_type(), "application/pdf", "{}", r.body);
    r.bytes
}

fn public_id(page: &str) -> String {
    page.split("/xac-thuc/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned()
}

fn tool(name: &str) -> String {
    for dir in std::env::var("PATH").unwrap_or_default().split(':') {
        let p = Path::new(dir).join(name);
        if p.is_file() {
            return p.display().to_string();
        }
    }
    panic!("{name} is needed by the test-suite (.ci/run installs it)");
}

/// `pdfsig` on `pdf` with a throw-away NSS database trusting `root_pem` (S/MIME trust).
fn pdfsig(dir: &Path, pdf: &Path, root_pem: &str) -> String {
    let nss = dir.join("nss");
    if !nss.exists() {
        std::fs::create_dir_all(&nss).unwrap();
        let db = format!("sql:{}", nss.display());
        let ok = Command::new(tool("certutil"))
            .args(["-N", "--empty-password", "-d", &db])
            .status()
            .unwrap();
        assert!(ok.success());
        let root = dir.join("root.pem");
        std::fs::write(&root, root_pem).unwrap();
        let ok = Command::new(tool("certutil"))
            .args(["-A", "-d", &db, "-n", "motcua-test-root", "-t", ",C,", "-a", "-i"])
            .arg(&root)
            .status()
            .unwrap();
        assert!(ok.success());
    }
    let out = Command::new(tool("pdfsig"))
        .arg("-nssdir")
        .arg(format!("sql:{}", nss.display()))
        .arg(pdf)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `pyhanko sign validate` trusting only `root`: (exit status ok, output).
fn pyhanko(pdf: &Path, root: &Path) -> (bool, String) {
    let bin = match std::env::var_os("MOTCUA_PYHANKO_VENV") {
        Some(v) => Path::new(&v).join("bin/pyhanko").display().to_string(),
        None => tool("pyhanko"),
    };
    let out = Command::new(bin)
        .args([
            "sign",
            "validate",
            "--pretty-print",
            "--no-revocation-check",
            "--trust-replace",
            "--trust",
        ])
        .arg(root)
        .arg(pdf)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn a_result_signed_at_approval_is_valid_for_independent_verifiers() {
    for db in testing::all().await {
        let (signing, root_pem) = support::signing();
        let mut settings = support::test_settings();
        settings.app.signing = Some(signing);
        let app = TestApp::on(db, settings).await;
        let label = app.label();
        let p = people(&app).await;
        let code = at_specialist(&app, &p).await;
        let pdf = some_pdf(&app, &p, &code).await;

        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &p.cv).await.body;
        assert!(
            page.contains("/ket-qua/tai-len"),
            "{label}: the specialist may prepare the result"
        );
        let r = post_pdf(
            &app,
            &p.cv,
            &format!("/ho-so/{code}/ket-qua/tai-len"),
            &[("number", "12/2026/GCNKH")],
            &pdf,
        )
        .await;
        assert_eq!(
            r.headers["location"],
            format!("/ho-so/{code}?xong=result_prepared#ket-qua"),
            "{}",
            r.body
        );
        let citizen_view = app
            .send(json_request(
                "GET",
                &format!("/api/v1/dossiers/{code}"),
                &json!(null),
                Some(&p.citizen),
            ))
            .await;
        assert_eq!(citizen_view.status, StatusCode::OK);
        act(&app, &p.cv, &code, "forward").await;
        let r = act(&app, &p.ld, &code, "approve").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{label}: {}", r.body);

        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &p.ld).await.body;
        assert!(page.contains("Đã ký số ngày"), "{label}: {page}");
        let id = public_id(&page);
        let me = app.sign_in("an@example.vn").await;
        let signed = app.get_with_cookie(&format!("/ho-so/{code}/ket-qua/{id}"), &me).await;
        assert_eq!(
            signed.content_type(),
            "application/pdf",
            "{label}: the applicant downloads it"
        );
        // … and finds it in their document store, the very same file.
        let store = app
            .send(json_request(
                "GET",
                "/api/v1/me/documents",
                &json!(null),
                Some(&p.citizen),
            ))
            .await
            .json();
        let kept = store
            .as_array()
            .and_then(|docs| docs.iter().find(|d| d["origin"] == "result"))
            .unwrap_or_else(|| panic!("{label}: the result is in the store: {store}"))
            .clone();
        let file = app
            .send(json_request(
                "GET",
                kept["file_url"].as_str().unwrap(),
                &json!(null),
                Some(&p.citizen),
            ))
            .await;
        assert_eq!(
            file.bytes, signed.bytes,
            "{label}: the kept document is the signed result"
        );
        assert_eq!(
            kept["document_type"], "trich_luc_ket_hon",
            "{label}: typed for reuse: {kept}"
        );

        // A third party takes the root from the public page, not from us.
        let published = app.get("/xac-thuc/chung-thu-goc.pem").await;
        assert_eq!(published.content_type(), "application/x-pem-file");
        assert_eq!(
            published.body, root_pem,
            "{label}: the published root is the one results chain to"
        );
        let root_pem = published.body;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("signed.pdf");
        std::fs::write(&file, &signed.bytes).unwrap();
        let out = pdfsig(dir.path(), &file, &root_pem);
        assert!(
            out.contains("Signature Validation: Signature is Valid."),
            "{label}: {out}"
        );
        assert!(out.contains("Certificate Validation: Certificate is Trusted."), "{out}");
        assert!(out.contains("Total document signed"), "{out}");
        assert!(out.contains("ETSI.CAdES.detached"), "{out}");
        let root = dir.path().join("root.pem");
        let (ok, out) = pyhanko(&file, &root);
        assert!(
            ok && out.contains("judged VALID")
                && out.contains("certificate is trusted")
                && out.contains("covers the entire file"),
            "{label}: {out}"
        );

        // Altered after signing (an update appended to the signed file).
        let altered = motcua_signing::add_verification_mark(&signed.bytes, &vec![vec![true; 21]; 21]).unwrap();
        let bad = dir.path().join("altered.pdf");
        std::fs::write(&bad, &altered).unwrap();
        let out = pdfsig(dir.path(), &bad, &root_pem);
        assert!(out.contains("Not total document signed"), "{label}: {out}");
        let (_, out) = pyhanko(&bad, &root);
        assert!(
            !out.contains("covers the entire file"),
            "{label}: pyHanko sees the later update: {out}"
        );

        // The public page: valid; a copy compared; an altered one is another document.
        let public = app.get(&format!("/xac-thuc/{id}")).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(
            public.body.contains("Chữ ký số hợp lệ") && public.body.contains("Giấy chứng nhận kết hôn"),
            "{}",
            public.body
        );
        assert!(
            !public.body.contains("066190001234"),
            "no personal data on the public page"
        );
        let cookie = app
            .get(&format!("/xac-thuc/{id}"))
            .await
            .cookie("motcua_sid")
            .expect("a session");
        let same = post_pdf(&app, &cookie, &format!("/xac-thuc/{id}"), &[], &signed.bytes).await;
        assert!(same.body.contains("Đúng là văn bản này"), "{}", same.body);
        let other = post_pdf(&app, &cookie, &format!("/xac-thuc/{id}"), &[], &altered).await;
        assert!(other.body.contains("Không phải cùng một văn bản"));

        // Only a leader of the issuing agency revokes; the reason becomes public.
        let csrf = csrf_of(&app.get_with_cookie(&format!("/ho-so/{code}"), &p.cv).await.body);
        let r = app
            .post_form(
                &format!("/ho-so/{code}/ket-qua/thu-hoi"),
                Some(&p.cv),
                &[("_csrf", &csrf), ("reason", "Nhầm")],
            )
            .await;
        assert_eq!(
            r.headers["location"],
            format!("/ho-so/{code}?loi=leader_required#ket-qua")
        );
        let csrf = csrf_of(&app.get_with_cookie(&format!("/ho-so/{code}"), &p.ld).await.body);
        let r = app
            .post_form(
                &format!("/ho-so/{code}/ket-qua/thu-hoi"),
                Some(&p.ld),
                &[("_csrf", &csrf), ("reason", "")],
            )
            .await;
        assert_eq!(
            r.headers["location"],
            format!("/ho-so/{code}?loi=reason_required#ket-qua")
        );
        let r = app
            .post_form(
                &format!("/ho-so/{code}/ket-qua/thu-hoi"),
                Some(&p.ld),
                &[("_csrf", &csrf), ("reason", "Ghi sai ngày sinh của người chồng")],
            )
            .await;
        assert_eq!(
            r.headers["location"],
            format!("/ho-so/{code}?xong=result_revoked#ket-qua")
        );
        let public = app.get(&format!("/xac-thuc/{id}")).await.body;
        assert!(
            public.contains("Văn bản đã bị thu hồi") && public.contains("Ghi sai ngày sinh"),
            "{label}"
        );
        // A revoked result no longer stands in the applicant's store.
        let store = app
            .send(json_request(
                "GET",
                "/api/v1/me/documents",
                &json!(null),
                Some(&p.citizen),
            ))
            .await
            .json();
        assert!(
            !store.as_array().unwrap().iter().any(|d| d["origin"] == "result"),
            "{label}: the revoked result left the store: {store}"
        );
        let audit = app.db.store.recent_audit(50).await.unwrap();
        for a in ["result.prepared", "result.signed", "result.revoked"] {
            assert!(audit.iter().any(|e| e.action == a), "{label}: {a} audited");
        }
    }
}

#[tokio::test]
async fn a_generated_result_is_signed_and_a_correction_replaces_it() {
    let (signing, _) = support::signing();
    let mut settings = support::test_settings();
    settings.app.signing = Some(signing);
    let app = TestApp::on(testing::sqlite().await, settings).await;
    let p = people(&app).await;
    let code = at_specialist(&app, &p).await;
    let csrf = csrf_of(&app.get_with_cookie(&format!("/ho-so/{code}"), &p.cv).await.body);
    let r = app
        .post_form(
            &format!("/ho-so/{code}/ket-qua/tao"),
            Some(&p.cv),
            &[
                ("_csrf", &csrf),
                ("number", "15/2026/GCNKH"),
                ("signer_title", "KT. CHỦ TỊCH"),
            ],
        )
        .await;
    assert_eq!(
        r.headers["location"],
        format!("/ho-so/{code}?xong=result_prepared#ket-qua"),
        "{}",
        r.body
    );
    act(&app, &p.cv, &code, "forward").await;
    assert_eq!(act(&app, &p.ld, &code, "approve").await.status, StatusCode::SEE_OTHER);
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &p.ld).await.body;
    let old = public_id(&page);
    let pdf = app
        .get_with_cookie(&format!("/ho-so/{code}/ket-qua/{old}"), &p.ld)
        .await;
    let text = support::pdf_text(&pdf.bytes);
    assert!(
        text.contains("GIẤY CHỨNG NHẬN KẾT HÔN") && text.contains("15/2026/GCNKH"),
        "{text}"
    );
    assert!(
        text.contains("Nguyễn Văn An") && text.contains("02/05/1990"),
        "the dossier's data: {text}"
    );
    assert!(
        text.contains(&format!("/xac-thuc/{old}")),
        "the verification address: {text}"
    );
    let report = motcua_signing::verify(&pdf.bytes, &[]).unwrap();
    assert_eq!(report.signatures.len(), 1);

    // A corrected re-issue: generated again, signed now, the old one replaced publicly.
    let r = post_pdf(
        &app,
        &p.ld,
        &format!("/ho-so/{code}/ket-qua/dinh-chinh"),
        &[
            ("reason", "Sửa số văn bản"),
            ("number", "16/2026/GCNKH"),
            ("signer_title", "CHỦ TỊCH"),
        ],
        b"",
    )
    .await;
    assert_eq!(
        r.headers["location"],
        format!("/ho-so/{code}?xong=result_reissued#ket-qua"),
        "{}",
        r.body
    );
    let public = app.get(&format!("/xac-thuc/{old}")).await.body;
    assert!(
        public.contains("Văn bản đã được thay thế") && public.contains("Sửa số văn bản"),
        "{public}"
    );
    let new = public
        .split("/xac-thuc/")
        .filter_map(|s| s.split('"').next())
        .find(|s| *s != old && s.len() == 20)
        .unwrap()
        .to_owned();
    let public = app.get(&format!("/xac-thuc/{new}")).await.body;
    assert!(
        public.contains("Chữ ký số hợp lệ") && public.contains("16/2026/GCNKH"),
        "{public}"
    );
}

#[tokio::test]
async fn without_a_certificate_the_approval_fails_and_the_dossier_stays() {
    let app = TestApp::sqlite().await;
    let p = people(&app).await;
    let code = at_specialist(&app, &p).await;
    let pdf = some_pdf(&app, &p, &code).await;
    post_pdf(
        &app,
        &p.cv,
        &format!("/ho-so/{code}/ket-qua/tai-len"),
        &[("number", "1/2026")],
        &pdf,
    )
    .await;
    act(&app, &p.cv, &code, "forward").await;
    assert_eq!(
        app.get("/xac-thuc/chung-thu-goc.pem").await.status,
        StatusCode::NOT_FOUND,
        "no roots to publish"
    );
    let r = act(&app, &p.ld, &code, "approve").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("chưa có chứng thư số"),
        "the leader is told: {}",
        r.body
    );
    let d = app
        .send(json_request(
            "GET",
            &format!("/api/v1/dossiers/{code}"),
            &json!(null),
            Some(&p.citizen),
        ))
        .await
        .json();
    assert_eq!(
        (d["status"].as_str(), d["version"].as_i64()),
        (Some("received"), Some(4)),
        "nothing moved: {d}"
    );
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &p.ld).await.body;
    assert!(page.contains("Dự thảo kết quả chờ phê duyệt"), "still a draft");
}

#[tokio::test]
async fn bad_result_files_and_wrong_people_are_refused() {
    let (signing, _) = support::signing();
    let mut settings = support::test_settings();
    settings.app.signing = Some(signing);
    let app = TestApp::on(testing::sqlite().await, settings).await;
    let p = people(&app).await;
    let code = at_specialist(&app, &p).await;
    let path = format!("/ho-so/{code}/ket-qua/tai-len");
    let loc = |r: &Reply| r.headers["location"].to_str().unwrap().to_owned();
    let r = post_pdf(&app, &p.cv, &path, &[("number", "1/2026")], b"MZ\x90\x00 not a pdf").await;
    let to = loc(&r);
    assert!(
        to.starts_with(&format!("/ho-so/{code}?loi=file_type&truong=file")),
        "{to}"
    );
    // The message names the field and says what is accepted (no empty placeholder).
    let shown = app.get_with_cookie(&to, &p.cv).await.body;
    assert!(
        shown.contains("Tệp PDF kết quả: Loại tệp không được chấp nhận cho giấy tờ này (chỉ nhận: pdf)."),
        "{shown}"
    );
    assert!(!shown.contains("chỉ nhận: )"), "{shown}");
    let encrypted = include_bytes!("../../signing/tests/fixtures/typst-result-vi-encrypted.pdf");
    let r = post_pdf(&app, &p.cv, &path, &[("number", "1/2026")], encrypted).await;
    assert_eq!(loc(&r), format!("/ho-so/{code}?loi=pdf_not_signable#ket-qua"));
    let good = include_bytes!("../../signing/tests/fixtures/typst-result-vi.pdf");
    let r = post_pdf(&app, &p.cv, &path, &[("number", "")], good).await;
    let to = loc(&r);
    assert_eq!(
        to,
        format!("/ho-so/{code}?loi=required&truong=number#ket-qua"),
        "a number is required"
    );
    let shown = app.get_with_cookie(&to, &p.cv).await.body;
    assert!(shown.contains("Số: Không được để trống"), "the field is named: {shown}");
    let shown = app
        .get_with_cookie(&format!("/ho-so/{code}?loi=file_type"), &p.cv)
        .await
        .body;
    assert!(
        shown.contains("Loại tệp không được chấp nhận") || shown.contains("chỉ nhận"),
        "{shown}"
    );
    // The one-stop officer is not processing it now; the applicant never prepares results.
    let r = post_pdf(&app, &p.mc, &path, &[("number", "1/2026")], good).await;
    assert_eq!(loc(&r), format!("/ho-so/{code}?loi=result_not_now#ket-qua"));
    let applicant = app.sign_in("an@example.vn").await;
    let r = post_pdf(&app, &applicant, &path, &[("number", "1/2026")], good).await;
    assert_eq!(loc(&r), format!("/ho-so/{code}?loi=result_not_now#ket-qua"));
    // Another citizen: not found.
    app.user("binh@example.vn", AccountKind::Citizen, None).await;
    let stranger = app.sign_in("binh@example.vn").await;
    assert_eq!(
        post_pdf(&app, &stranger, &path, &[("number", "1")], good).await.status,
        StatusCode::NOT_FOUND
    );
    let r = post_pdf(&app, &p.cv, &path, &[("number", "1/2026")], good).await;
    assert_eq!(loc(&r), format!("/ho-so/{code}?xong=result_prepared#ket-qua"));
    assert_eq!(
        app.get("/xac-thuc/KHONGCOMATHUCNAYDAU0").await.status,
        StatusCode::NOT_FOUND
    );
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &p.cv).await.body;
    let prefix = format!("href=\"/ho-so/{code}/ket-qua/");
    let draft = page
        .split(&prefix)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.get(&format!("/xac-thuc/{draft}")).await.status,
        StatusCode::NOT_FOUND,
        "drafts are not public"
    );
    let me = app.sign_in("an@example.vn").await;
    assert_eq!(
        app.get_with_cookie(&format!("/ho-so/{code}/ket-qua/{draft}"), &me)
            .await
            .status,
        StatusCode::NOT_FOUND,
        "the applicant does not see a draft"
    );
}

#[tokio::test]
async fn returning_online_is_offered_only_with_a_signed_result() {
    let (signing, _) = support::signing();
    let mut settings = support::test_settings();
    settings.app.signing = Some(signing);
    let app = TestApp::on(testing::sqlite().await, settings).await;
    let p = people(&app).await;

    // Approved without a result document: the counter and the post, not online.
    let code = at_specialist(&app, &p).await;
    act(&app, &p.cv, &code, "forward").await;
    assert_eq!(act(&app, &p.ld, &code, "approve").await.status, StatusCode::SEE_OTHER);
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &p.mc).await.body;
    assert!(page.contains("value=\"return_result\""), "{page}");
    assert!(
        page.contains("value=\"counter\"") && !page.contains("value=\"electronic\""),
        "{page}"
    );

    // With the result signed at approval, online is offered too.
    let code = at_specialist(&app, &p).await;
    let pdf = some_pdf(&app, &p, &code).await;
    post_pdf(
        &app,
        &p.cv,
        &format!("/ho-so/{code}/ket-qua/tai-len"),
        &[("number", "2/2026")],
        &pdf,
    )
    .await;
    act(&app, &p.cv, &code, "forward").await;
    assert_eq!(act(&app, &p.ld, &code, "approve").await.status, StatusCode::SEE_OTHER);
    let page = app.get_with_cookie(&format!("/ho-so/{code}"), &p.mc).await.body;
    assert!(page.contains("value=\"electronic\""), "{page}");
}
