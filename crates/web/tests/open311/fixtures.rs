//! Apps with the feedback setup, posting through the API, and reports stored at a chosen
//! instant (to test date windows) straight through the store.

use time::OffsetDateTime;

use motcua_domain::account::{AccountKind, Principal, Role, RoleGrant};
use motcua_domain::agency::AgencyCode;
use motcua_domain::feedback::workflow::{Deadlines, Rules};
use motcua_domain::feedback::{FeedbackAction, NewReport};
use motcua_domain::ids::ReportId;
use motcua_storage::{FeedbackChannel, FeedbackFilter, NewFeedback};

use crate::doc::Fmt;
use crate::support::{OPEN311_KEY, Reply, TestApp};

pub const ROOT: &str = "/open311/v2";

/// Every backend, with the feedback setup stored.
pub async fn apps() -> Vec<TestApp> {
    let mut out = Vec::new();
    for app in TestApp::all().await {
        out.push(app.with_feedback().await);
    }
    out
}

/// A valid pothole report inside the commune H15.50, with contact details.
pub fn pothole() -> Vec<(&'static str, String)> {
    [
        ("api_key", OPEN311_KEY),
        ("service_code", "mat-duong"),
        ("attribute[muc_do]", "vua"),
        ("lat", "12.68"),
        ("long", "108.05"),
        ("description", "Ổ gà lớn trước số 12 Lê Duẩn, xe máy dễ ngã."),
        ("email", "nguoi.dan@example.com"),
        ("first_name", "Trần"),
        ("last_name", "Thị Bình"),
        ("phone", "0912345678"),
        ("device_id", "thiet-bi-1"),
        ("account_id", "tai-khoan-7"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

/// The form with `key` replaced (or removed when `value` is None).
pub fn with(
    mut form: Vec<(&'static str, String)>,
    key: &'static str,
    value: Option<&str>,
) -> Vec<(&'static str, String)> {
    form.retain(|(k, _)| *k != key);
    if let Some(v) = value {
        form.push((key, v.to_owned()));
    }
    form
}

pub async fn post(app: &TestApp, fmt: Fmt, form: &[(&str, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form(&format!("{ROOT}/requests.{}", fmt.ext()), None, &pairs)
        .await
}

/// A report about an official's conduct (stays private until its answer is published).
pub fn conduct() -> Vec<(&'static str, String)> {
    let form = with(
        with(pothole(), "service_code", Some("hanh-vi-can-bo")),
        "attribute[muc_do]",
        None,
    );
    with(form, "attribute[noi_xay_ra]", Some("Bộ phận một cửa"))
}

/// Posts in JSON and returns the new id.
pub async fn post_id(app: &TestApp, form: &[(&str, String)]) -> ReportId {
    let r = post(app, Fmt::Json, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()[0]["service_request_id"].as_str().unwrap().parse().unwrap()
}

pub async fn stored(app: &TestApp) -> usize {
    let all = FeedbackFilter {
        limit: 10_000,
        ..FeedbackFilter::default()
    };
    app.db.store.list_feedback(&all).await.unwrap().len()
}

/// Stores a public report of `category` (no required questions) at `at`, at a point.
pub async fn insert_at(app: &TestApp, category: &str, lat: f64, lon: f64, at: OffsetDateTime) -> ReportId {
    let setup = app.state.feedback_setup();
    let cat = setup.category(category).unwrap();
    let report = NewReport {
        category: category.into(),
        description: format!("Phản ánh {category} lúc {at}"),
        lat: lat.to_string(),
        lon: lon.to_string(),
        ..NewReport::default()
    }
    .validate(Some(cat))
    .unwrap();
    let agency = app
        .db
        .store
        .agency_by_code(&AgencyCode::parse("H15.50").unwrap())
        .await
        .unwrap()
        .unwrap();
    let calendar = app.state.calendar();
    let rules = Rules {
        calendar: &calendar.calendar,
        deadlines: Deadlines::default(),
        now: at,
    };
    let st = rules.received(agency.id, None, None);
    let f = NewFeedback {
        report: &report,
        classification: cat.classification,
        channel: FeedbackChannel::Portal,
        external_ref: None,
        token: format!("t{}", motcua_app::accounts::tokens::random_token()),
        device_id: None,
        account_ref: None,
        client: None,
        area: Some("H15.50".into()),
        state: &st,
        media: Vec::new(),
        now: at,
    };
    app.db.store.insert_feedback(&f).await.unwrap().id
}

/// Acts on a report as a leader of H15.50 (where the test setup routes every report filed
/// inside the commune).
pub async fn act(app: &TestApp, id: ReportId, action: FeedbackAction) {
    let agency = "H15.50";
    let agency_id = app
        .db
        .store
        .agency_by_code(&AgencyCode::parse(agency).unwrap())
        .await
        .unwrap()
        .unwrap()
        .id;
    let login = format!(
        "lanh.dao{}@example.com",
        motcua_app::accounts::tokens::random_token()[..8].to_lowercase()
    );
    let user_id = app
        .user(&login, AccountKind::Officer, Some((Role::Leader, agency)))
        .await;
    let who = Principal {
        user_id,
        kind: AccountKind::Officer,
        display_name: "Lãnh đạo".into(),
        grants: vec![RoleGrant {
            role: Role::Leader,
            agency_id,
            unit_id: None,
        }],
    };
    let rec = app.db.store.feedback(id).await.unwrap().unwrap();
    motcua_app::feedback::act(&app.state, &who, id, rec.version, action)
        .await
        .unwrap();
}

/// Refuses a report: it leaves the public lists.
pub async fn refuse(app: &TestApp, id: ReportId, reason: &str) {
    act(app, id, FeedbackAction::Refuse { reason: reason.into() }).await;
}

/// Accepts, answers and publishes a report: it is closed, with the answer as its note.
pub async fn publish(app: &TestApp, id: ReportId, answer: &str) {
    act(app, id, FeedbackAction::Accept).await;
    act(app, id, FeedbackAction::Answer { text: answer.into() }).await;
    act(app, id, FeedbackAction::Publish).await;
}
