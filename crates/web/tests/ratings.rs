//! Satisfaction ratings, on every backend: the applicant rates an ended dossier once and
//! may change it for seven days (`not_finished`, `already_rated`, `not_the_applicant`
//! otherwise); the rating is stored with the officers who acted, who read it on their own
//! page, and the leader reads the agency's and units' counts and satisfied share.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

mod citizen_support;
mod support;

use axum::http::StatusCode;
use serde_json::{Value, json};

use citizen_support::{People, act, file, get, people, two_steps};
use support::{TestApp, csrf_of, json_request};

fn rate(code: &str, token: &str, body: Value) -> axum::http::Request<axum::body::Body> {
    json_request("POST", &format!("/api/v1/dossiers/{code}/rating"), &body, Some(token))
}

/// A dossier of `an` that the one-stop officer received, processed and returned.
async fn returned(app: &TestApp, p: &People) -> String {
    let code = file(app, &p.an).await;
    for action in [
        json!({"action": "receive"}),
        json!({"action": "mark_processed"}),
        json!({"action": "return_result", "method": "counter"}),
    ] {
        let r = act(app, &code, &p.mc, action).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    code
}

#[tokio::test]
async fn the_applicant_rates_an_ended_dossier_once_and_may_change_it_for_seven_days() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        two_steps(&app, &p).await;
        let code = file(&app, &p.an).await;
        let yes = json!({"satisfied": true, "time": true, "attitude": true, "comment": "Cán bộ hướng dẫn tận tình."});
        let r = app.send(rate(&code, &p.an, yes.clone())).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("not_finished"))
        );
        act(&app, &code, &p.mc, json!({"action": "receive"})).await;
        act(&app, &code, &p.mc, json!({"action": "mark_processed"})).await;
        let r = app.send(rate(&code, &p.an, yes.clone())).await;
        assert_eq!(r.json()["code"], "not_finished", "processed is not ended");
        act(
            &app,
            &code,
            &p.mc,
            json!({"action": "return_result", "method": "counter"}),
        )
        .await;

        // Only the applicant: others who read the dossier are refused, the rest learn nothing.
        let r = app.send(rate(&code, &p.mc, yes.clone())).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_the_applicant"))
        );
        assert_eq!(
            app.send(rate(&code, &p.binh, yes.clone())).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.send(rate(&code, &p.elsewhere, yes.clone())).await.status,
            StatusCode::NOT_FOUND
        );
        let anon = app
            .send(json_request(
                "POST",
                &format!("/api/v1/dossiers/{code}/rating"),
                &yes,
                None,
            ))
            .await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
        let path = format!("/api/v1/dossiers/{code}/rating");
        assert_eq!(
            app.send(get(&path, &p.an)).await.status,
            StatusCode::NOT_FOUND,
            "not rated yet"
        );

        // Bad input: every error at once, nothing stored.
        let long = json!({"satisfied": false, "comment": "ổ".repeat(1001)});
        let r = app.send(rate(&code, &p.an, long)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["errors"][0]["field"], "comment");
        assert_eq!(r.json()["errors"][0]["code"], "too_long");
        let r = app
            .send(rate(&code, &p.an, json!({"comment": "thiếu câu trả lời"})))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "satisfied is required: {}", r.body);
        assert_eq!(app.send(get(&path, &p.an)).await.status, StatusCode::NOT_FOUND);

        let r = app.send(rate(&code, &p.an, yes.clone())).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", app.label(), r.body);
        let given = r.json();
        assert_eq!(
            (
                given["satisfied"].as_bool(),
                given["time"].as_bool(),
                given["clarity"].as_bool()
            ),
            (Some(true), Some(true), None)
        );
        assert_eq!(given["version"], 1);
        // The officers of the dossier read it; others do not.
        assert_eq!(
            app.send(get(&path, &p.mc)).await.json()["comment"],
            "Cán bộ hướng dẫn tận tình."
        );
        assert_eq!(app.send(get(&path, &p.binh)).await.status, StatusCode::NOT_FOUND);

        // Changed within seven days, at its version.
        let no = json!({"satisfied": false, "time": false, "comment": "Phải đi lại hai lần.", "version": 1});
        let r = app.send(rate(&code, &p.an, no.clone())).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            (r.json()["version"].as_i64(), r.json()["satisfied"].as_bool()),
            (Some(2), Some(false))
        );
        let stale = app.send(rate(&code, &p.an, no.clone())).await;
        assert_eq!(
            (stale.status, stale.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("version_conflict"))
        );

        // Seven days after the first rating it stands.
        let eight_days_ago = time::OffsetDateTime::now_utc() - time::Duration::days(8);
        let d = app.db.store.dossier_by_code(&code).await.unwrap().unwrap();
        age_rating(&app, d.id, eight_days_ago).await;
        let r = app.send(rate(&code, &p.an, json!({"satisfied": true}))).await;
        assert_eq!(
            (r.status, r.json()["code"].as_str()),
            (StatusCode::CONFLICT, Some("already_rated"))
        );
        let r = app.send(get(&path, &p.an)).await.json();
        assert_eq!(
            (r["satisfied"].as_bool(), r["version"].as_i64()),
            (Some(false), Some(2))
        );

        // A withdrawn dossier is rated too (and a refused one), by its applicant only.
        let withdrawn = file(&app, &p.an).await;
        act(
            &app,
            &withdrawn,
            &p.an,
            json!({"action": "withdraw", "reason": "Nộp nhầm"}),
        )
        .await;
        assert_eq!(
            app.send(rate(&withdrawn, &p.an, yes.clone())).await.status,
            StatusCode::CREATED
        );
        let refused = file(&app, &p.an).await;
        act(
            &app,
            &refused,
            &p.mc,
            json!({"action": "refuse", "reasons": "Không thuộc thẩm quyền"}),
        )
        .await;
        assert_eq!(
            app.send(rate(&refused, &p.an, yes.clone())).await.status,
            StatusCode::CREATED
        );
    }
}

/// Moves a rating's first time back (the seven days are counted from it).
async fn age_rating(app: &TestApp, dossier: motcua_domain::ids::DossierId, at: time::OffsetDateTime) {
    app.db.store.backdate_rating(dossier, at).await.unwrap();
}

#[tokio::test]
async fn the_rating_form_on_the_dossier_page() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        two_steps(&app, &p).await;
        let me = app.sign_in("an@example.vn").await;
        let code = file(&app, &p.an).await;
        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &me).await;
        assert!(!page.body.contains("/danh-gia\""), "no form before the dossier ends");
        act(&app, &code, &p.mc, json!({"action": "receive"})).await;
        act(&app, &code, &p.mc, json!({"action": "mark_processed"})).await;
        act(
            &app,
            &code,
            &p.mc,
            json!({"action": "return_result", "method": "counter"}),
        )
        .await;
        let page = app.get_with_cookie(&format!("/ho-so/{code}"), &me).await;
        assert!(
            page.body.contains(&format!("action=\"/ho-so/{code}/danh-gia\""))
                && page.body.contains("Thái độ của cán bộ"),
            "{}",
            page.body
        );
        let csrf = csrf_of(&page.body);
        let r = app
            .post_form(
                &format!("/ho-so/{code}/danh-gia"),
                Some(&me),
                &[("_csrf", &csrf), ("comment", "Nhanh gọn"), ("time", "yes")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.label());
        assert!(
            r.body.contains("href=\"#rate-satisfied-yes\"") && r.body.contains("Nhanh gọn"),
            "the summary links the question and the comment stays: {}",
            r.body
        );
        let r = app
            .post_form(
                &format!("/ho-so/{code}/danh-gia"),
                Some(&me),
                &[
                    ("_csrf", &csrf),
                    ("satisfied", "yes"),
                    ("comment", "Nhanh gọn"),
                    ("time", "yes"),
                ],
            )
            .await;
        assert_eq!(r.headers["location"], format!("/ho-so/{code}?xong=rated"));
        let page = app.get_with_cookie(&format!("/ho-so/{code}?xong=rated"), &me).await;
        assert!(page.body.contains("Cảm ơn bạn đã đánh giá") && page.body.contains("Sửa đánh giá"));
        // Another officer's page shows the rating without a form; posting it is refused.
        let officer = app.sign_in("mc@example.vn").await;
        let seen = app.get_with_cookie(&format!("/ho-so/{code}"), &officer).await;
        assert!(seen.body.contains("Nhanh gọn") && !seen.body.contains("name=\"satisfied\""));
        let r = app
            .post_form(
                &format!("/ho-so/{code}/danh-gia"),
                Some(&officer),
                &[("_csrf", &csrf_of(&seen.body)), ("satisfied", "no")],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.body.contains("Chỉ người nộp hồ sơ mới được thực hiện thao tác này."));
        let anon = app
            .post_form(&format!("/ho-so/{code}/danh-gia"), None, &[("satisfied", "no")])
            .await;
        assert_eq!(anon.status, StatusCode::FORBIDDEN, "no session, no form: {}", anon.body);
        let kept = app
            .send(get(&format!("/api/v1/dossiers/{code}/rating"), &p.an))
            .await
            .json();
        assert_eq!(kept["satisfied"], true, "the rating is the applicant's");
    }
}

#[tokio::test]
async fn officers_read_their_own_ratings_and_leaders_their_agencys() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        two_steps(&app, &p).await;
        let a = returned(&app, &p).await;
        let b = returned(&app, &p).await;
        app.send(rate(&a, &p.an, json!({"satisfied": true, "time": true})))
            .await;
        app.send(rate(
            &b,
            &p.an,
            json!({"satisfied": false, "time": false, "attitude": true}),
        ))
        .await;

        let mine = app.send(get("/api/v1/me/ratings", &p.mc)).await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
        let t = &mine.json()["tally"];
        assert_eq!(
            (t["count"].as_u64(), t["satisfied"].as_u64()),
            (Some(2), Some(1)),
            "{}",
            app.label()
        );
        assert_eq!(t["satisfied_per_mille"], 500);
        assert_eq!(
            t["criteria"][0],
            json!({"criterion": "time", "satisfied": 1, "not_satisfied": 1})
        );
        assert_eq!(mine.json()["latest"].as_array().unwrap().len(), 2);
        let idle = app.send(get("/api/v1/me/ratings", &p.cv)).await.json();
        assert_eq!(idle["tally"]["count"], 0, "an officer who did not act has none");
        assert_eq!(
            app.send(get("/api/v1/me/ratings", &p.an)).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(app.get("/api/v1/me/ratings").await.status, StatusCode::UNAUTHORIZED);

        let agency = app.send(get("/api/v1/agencies/H15.50/ratings", &p.leader)).await;
        assert_eq!(agency.status, StatusCode::OK, "{}", agency.body);
        assert_eq!(agency.json()["tally"]["count"], 2);
        let period = app
            .send(get(
                "/api/v1/agencies/H15.50/ratings?from=2000-01-01&to=2000-12-31",
                &p.leader,
            ))
            .await;
        assert_eq!(period.json()["tally"]["count"], 0, "nothing rated in 2000");
        assert_eq!(
            app.send(get("/api/v1/agencies/H15.50/ratings?from=tomorrow", &p.leader))
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        for token in [&p.cv, &p.mc, &p.an, &p.elsewhere] {
            assert_eq!(
                app.send(get("/api/v1/agencies/H15.50/ratings", token)).await.status,
                StatusCode::FORBIDDEN
            );
        }

        // The pages.
        let officer = app.sign_in("mc@example.vn").await;
        let page = app.get_with_cookie("/can-bo/danh-gia", &officer).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("50,0 %") && page.body.contains(&a) && page.body.contains(&b),
            "{}",
            page.body
        );
        let leader = app.sign_in("ld@example.vn").await;
        let page = app.get_with_cookie("/can-bo/danh-gia/co-quan", &leader).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("Tỷ lệ hài lòng") && page.body.contains("50,0 %"));
        let specialist = app.sign_in("cv@example.vn").await;
        assert_eq!(
            app.get_with_cookie("/can-bo/danh-gia/co-quan?co-quan=H15.50", &specialist)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let citizen = app.sign_in("an@example.vn").await;
        assert_eq!(
            app.get_with_cookie("/can-bo/danh-gia", &citizen).await.status,
            StatusCode::FORBIDDEN
        );
        let anon = app.get("/can-bo/danh-gia").await;
        assert_eq!(anon.headers["location"], "/dang-nhap?next=/can-bo/danh-gia");
    }
}

#[tokio::test]
async fn the_rating_form_needs_the_sessions_token_and_hides_others_dossiers() {
    for app in citizen_support::apps().await {
        let p = people(&app).await;
        two_steps(&app, &p).await;
        let code = returned(&app, &p).await;
        let me = app.sign_in("an@example.vn").await;
        let path = format!("/ho-so/{code}/danh-gia");
        for form in [
            vec![("satisfied", "yes")],
            vec![("_csrf", "forged"), ("satisfied", "yes")],
        ] {
            let r = app.post_form(&path, Some(&me), &form).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", app.label());
        }
        let binh = app.sign_in("binh@example.vn").await;
        let binh_csrf = csrf_of(&app.get_with_cookie("/ho-so-cua-toi", &binh).await.body);
        let r = app
            .post_form(&path, Some(&binh), &[("_csrf", &binh_csrf), ("satisfied", "no")])
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{}: another citizen's dossier",
            app.label()
        );
        let elsewhere = app.sign_in("tp@example.vn").await;
        let their_csrf = csrf_of(&app.get_with_cookie("/can-bo", &elsewhere).await.body);
        let r = app
            .post_form(&path, Some(&elsewhere), &[("_csrf", &their_csrf), ("satisfied", "no")])
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{}: another agency's dossier",
            app.label()
        );
        assert_eq!(
            app.send(get(&format!("/api/v1/dossiers/{code}/rating"), &p.an))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{}: not rated",
            app.label()
        );
    }
}
