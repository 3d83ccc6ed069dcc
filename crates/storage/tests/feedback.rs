//! Feedback storage on every backend: reports with photos, versioned transitions with
//! history, public listings, bounding boxes, nearby reports, votes and the setup document.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

use motcua_domain::ids::{AgencyId, UserId};
use motcua_storage::{FeedbackDetail, FeedbackEvent};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use motcua_domain::account::{AccountKind, LoginId, Principal, Role, RoleGrant};
use motcua_domain::agency::{AgencyCode, AgencyInput, Level};
use motcua_domain::calendar::{OfficeHours, WorkingCalendar};
use motcua_domain::feedback::report::NewReport;
use motcua_domain::feedback::workflow::{Actor, Deadlines, FeedbackAction, Rules, apply};
use motcua_domain::feedback::{BBox, Classification, Point, Setup, Status};
use motcua_storage::{
    FeedbackChannel, FeedbackComment, FeedbackFilter, FeedbackRecord, FeedbackTransition, NewFeedback, NewMedia,
    NewUser, Open311Client, StorageError, Store, UpdateFilter, testing,
};

const T0: OffsetDateTime = datetime!(2026-11-23 09:00 +7);

async fn agency(s: &Store, code: &str) -> AgencyId {
    let input = AgencyInput {
        code: AgencyCode::parse(code).unwrap(),
        name: format!("Cơ quan {code}"),
        level: Level::Commune,
        parent: None,
        valid_from: None,
        valid_to: None,
        address: String::new(),
        phone: String::new(),
    };
    s.create_agency(None, &input).await.unwrap().id
}

async fn citizen(s: &Store, email: &str) -> UserId {
    let u = NewUser {
        kind: AccountKind::Citizen,
        full_name: "Trần Thị Bình".into(),
        login: LoginId::parse(email).unwrap(),
        password_hash: "x".into(),
    };
    s.create_user(None, &u).await.unwrap()
}

async fn file(
    s: &Store,
    agency_id: AgencyId,
    reporter: Option<UserId>,
    category: &str,
    lat: f64,
    lon: f64,
    now: OffsetDateTime,
) -> FeedbackRecord {
    let cal = WorkingCalendar::new(vec![], OfficeHours::default());
    let rules = Rules {
        calendar: &cal,
        deadlines: Deadlines::default(),
        now,
    };
    let report = NewReport {
        category: category.into(),
        description: "Đèn đường không sáng".into(),
        lat: lat.to_string(),
        lon: lon.to_string(),
        ..NewReport::default()
    }
    .validate(Some(&setup().categories[0]))
    .unwrap();
    let state = rules.received(agency_id, None, reporter);
    let f = NewFeedback {
        report: &report,
        classification: Classification::Service,
        channel: FeedbackChannel::Portal,
        external_ref: None,
        token: format!("tok-{lat}-{lon}-{}", now.unix_timestamp()),
        device_id: None,
        account_ref: None,
        client: None,
        area: None,
        state: &state,
        media: vec![NewMedia {
            sha256: Some("ab".repeat(32)),
            content_type: Some("image/jpeg".into()),
            size_bytes: Some(1234),
            url: None,
        }],
        now,
    };
    s.insert_feedback(&f).await.unwrap()
}

fn setup() -> Setup {
    serde_json::from_value(serde_json::json!({
        "categories": [{"code": "den-duong", "name": "Đèn đường", "group": "Hạ tầng", "classification": "service"}],
        "routes": [{"agency": "H15.50"}]
    }))
    .unwrap()
}

fn officer(agency_id: AgencyId, role: Role) -> Principal {
    Principal {
        user_id: UserId(1),
        kind: AccountKind::Officer,
        display_name: "Cán bộ".into(),
        grants: vec![RoleGrant {
            role,
            agency_id,
            unit_id: None,
        }],
    }
}

async fn act(
    s: &Store,
    before: &FeedbackRecord,
    p: &Principal,
    action: FeedbackAction,
    now: OffsetDateTime,
) -> Result<FeedbackRecord, StorageError> {
    let cal = WorkingCalendar::new(vec![], OfficeHours::default());
    let rules = Rules {
        calendar: &cal,
        deadlines: Deadlines::default(),
        now,
    };
    let outcome = apply(&rules, &before.state, Actor::Officer(p), &action).unwrap();
    let answer = match &action {
        FeedbackAction::Answer { text } => Some(text.clone()),
        _ => None,
    };
    let t = FeedbackTransition {
        before,
        actor_id: None,
        action: action.kind(),
        detail: FeedbackDetail::of(&action),
        outcome: &outcome,
        status_note: None,
        answer,
        now,
    };
    s.apply_feedback_transition(&t).await
}

#[tokio::test]
async fn a_report_is_stored_with_its_photo_history_and_deadline() {
    for db in testing::all().await {
        let s = &db.store;
        let a = agency(s, "H15.50").await;
        let u = citizen(s, "binh@example.vn").await;
        let r = file(s, a, Some(u), "den-duong", 12.6667, 108.05, T0).await;
        assert_eq!(r.state.status, Status::Received);
        assert_eq!(
            r.point,
            Some(Point {
                lat: 12.6667,
                lon: 108.05
            }),
            "{}",
            db.label
        );
        assert_eq!(r.state.due_at, Some(datetime!(2026-12-14 09:00 +7)));
        assert!(r.public, "an open report about a street lamp is public");
        assert_eq!(s.feedback_media(r.id).await.unwrap().len(), 1);
        let h = s.feedback_history(r.id).await.unwrap();
        assert_eq!((h[0].action, h[0].to_status), (FeedbackEvent::Submit, Status::Received));
        assert_eq!(s.feedback_by_token(&r.token).await.unwrap().unwrap().id, r.id);
    }
}

#[tokio::test]
async fn comments_keep_the_state_and_updates_read_lines_by_time() {
    for db in testing::all().await {
        let s = &db.store;
        let a = agency(s, "H15.50").await;
        let r = file(s, a, None, "den-duong", 12.6667, 108.05, T0).await;
        assert_eq!(r.client, None, "{}", db.label);
        let p = officer(a, Role::Leader);
        let accepted = act(s, &r, &p, FeedbackAction::Accept, T0 + Duration::hours(1))
            .await
            .unwrap();
        let answered = act(
            s,
            &accepted,
            &p,
            FeedbackAction::Answer {
                text: "Đã thay bóng".into(),
            },
            T0 + Duration::hours(2),
        )
        .await
        .unwrap();
        let published = act(s, &answered, &p, FeedbackAction::Publish, T0 + Duration::hours(3))
            .await
            .unwrap();
        let c = FeedbackComment {
            report: r.id,
            client: Open311Client::Demo,
            text: "Cảm ơn",
            url: Some("https://anh.example.org/1.jpg"),
            client_ref: Some("fms-1"),
            now: T0 + Duration::hours(4),
        };
        let line = s.add_feedback_comment(&c).await.unwrap();
        let after = s.feedback(r.id).await.unwrap().unwrap();
        assert_eq!(
            (after.state.clone(), after.version),
            (published.state.clone(), published.version)
        );
        assert_eq!(after.updated_at, T0 + Duration::hours(4), "{}", db.label);
        let h = s.feedback_history(r.id).await.unwrap();
        let last = h.last().unwrap();
        assert_eq!(
            (last.id, last.action, last.to_status),
            (line, FeedbackEvent::Comment, Status::Published)
        );
        assert_eq!(last.from_status, Some(Status::Published));
        assert_eq!(last.detail.client_ref.as_deref(), Some("fms-1"));
        assert!(h.windows(2).all(|w| w[0].id < w[1].id));
        let unknown = FeedbackComment {
            report: motcua_domain::ids::ReportId(999_999),
            ..c
        };
        assert!(matches!(
            s.add_feedback_comment(&unknown).await,
            Err(StorageError::NotFound)
        ));

        let window = UpdateFilter {
            from: T0,
            to: T0 + Duration::hours(5),
            without_submit: true,
            public_or_channel: Some(FeedbackChannel::Open311),
            limit: 100,
            offset: 0,
        };
        let u = s.feedback_updates(&window).await.unwrap();
        let kinds: Vec<FeedbackEvent> = u.iter().map(|x| x.line.action).collect();
        assert_eq!(kinds.len(), 4, "{}: accept, answer, publish, comment", db.label);
        assert_eq!(kinds[3], FeedbackEvent::Comment);
        assert_eq!(u[2].published_answer.as_deref(), Some("Đã thay bóng"));
        assert!(u.iter().all(|x| x.report_public && x.report_id == r.id));
        let with_submit = UpdateFilter {
            without_submit: false,
            ..window.clone()
        };
        assert_eq!(s.feedback_updates(&with_submit).await.unwrap().len(), 5);
        let later = UpdateFilter {
            from: T0 + Duration::minutes(150),
            ..window.clone()
        };
        assert_eq!(s.feedback_updates(&later).await.unwrap().len(), 2);
        let paged = UpdateFilter {
            limit: 1,
            offset: 1,
            ..window.clone()
        };
        assert_eq!(s.feedback_updates(&paged).await.unwrap()[0].line.id, u[1].line.id);
        // A report that is not public and came from the portal is left out.
        let refused = file(s, a, None, "den-duong", 12.6668, 108.05, T0).await;
        act(
            s,
            &refused,
            &p,
            FeedbackAction::Refuse {
                reason: "Trùng".into()
            },
            T0 + Duration::hours(1),
        )
        .await
        .unwrap();
        assert_eq!(s.feedback_updates(&window).await.unwrap().len(), 4);
        let everything = UpdateFilter {
            public_or_channel: None,
            ..window
        };
        assert_eq!(s.feedback_updates(&everything).await.unwrap().len(), 5);
    }
}

#[tokio::test]
async fn a_stale_transition_writes_nothing() {
    for db in testing::all().await {
        let s = &db.store;
        let a = agency(s, "H15.50").await;
        let r = file(s, a, None, "den-duong", 12.6667, 108.05, T0).await;
        let p = officer(a, Role::Specialist);
        let accepted = act(s, &r, &p, FeedbackAction::Accept, T0 + Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(accepted.version, r.version + 1);
        let stale = act(s, &r, &p, FeedbackAction::Accept, T0 + Duration::hours(2)).await;
        assert!(matches!(stale, Err(StorageError::Conflict("version"))));
        let answered = act(
            s,
            &accepted,
            &p,
            FeedbackAction::Answer {
                text: "Đã thay bóng".into(),
            },
            T0 + Duration::hours(3),
        )
        .await
        .unwrap();
        assert_eq!(answered.answer.as_deref(), Some("Đã thay bóng"));
        assert_eq!(s.feedback_history(r.id).await.unwrap().len(), 3);
        // Votes only count on published answers.
        let u = citizen(s, "vote@example.vn").await;
        assert!(matches!(
            s.vote_feedback(r.id, u, 1, T0).await,
            Err(StorageError::NotFound)
        ));
        let leader = officer(a, Role::Leader);
        let published = act(s, &answered, &leader, FeedbackAction::Publish, T0 + Duration::hours(4))
            .await
            .unwrap();
        assert!(published.public && published.state.status.is_closed());
        assert_eq!(s.vote_feedback(r.id, u, 1, T0).await.unwrap(), (1, 0));
        assert_eq!(
            s.vote_feedback(r.id, u, -1, T0).await.unwrap(),
            (0, 1),
            "a new vote replaces the old"
        );
        assert_eq!(s.feedback_vote_of(r.id, u).await.unwrap(), Some(-1));
    }
}

#[tokio::test]
async fn listings_filter_by_box_time_status_and_find_nearby_reports() {
    for db in testing::all().await {
        let s = &db.store;
        let a = agency(s, "H15.50").await;
        let here = file(s, a, None, "den-duong", 12.6667, 108.0500, T0).await;
        let near = file(s, a, None, "den-duong", 12.6670, 108.0502, T0 + Duration::minutes(1)).await;
        let far = file(s, a, None, "den-duong", 12.7000, 108.1000, T0 + Duration::minutes(2)).await;
        let all = s
            .list_feedback(&FeedbackFilter {
                public_only: true,
                limit: 10,
                ..FeedbackFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(
            all.iter().map(|r| r.id).collect::<Vec<_>>(),
            vec![far.id, near.id, here.id]
        );
        let boxed = s
            .list_feedback(&FeedbackFilter {
                bbox: Some(BBox::parse("12.66,108.04,12.67,108.06").unwrap()),
                limit: 10,
                ..FeedbackFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(boxed.len(), 2);
        let paged = s
            .list_feedback(&FeedbackFilter {
                limit: 1,
                offset: 1,
                ..FeedbackFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(paged[0].id, near.id);
        let later = s
            .list_feedback(&FeedbackFilter {
                requested_from: Some(T0 + Duration::seconds(30)),
                statuses: vec![Status::Received],
                limit: 10,
                ..FeedbackFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(later.len(), 2);
        let overdue = s
            .list_feedback(&FeedbackFilter {
                overdue_at: Some(T0 + Duration::days(60)),
                agency_ids: vec![a],
                limit: 10,
                ..FeedbackFilter::default()
            })
            .await
            .unwrap();
        assert_eq!(overdue.len(), 3);
        let nearby = s
            .nearby_feedback(
                "den-duong",
                Point {
                    lat: 12.6668,
                    lon: 108.0501,
                },
                100.0,
                5,
            )
            .await
            .unwrap();
        let ids: Vec<_> = nearby.iter().map(|(r, _)| r.id).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&here.id) && ids.contains(&near.id));
        assert!(nearby[0].1 <= nearby[1].1);
        assert!(
            s.nearby_feedback(
                "rac-thai",
                Point {
                    lat: 12.6668,
                    lon: 108.0501
                },
                100.0,
                5
            )
            .await
            .unwrap()
            .is_empty()
        );
    }
}

#[tokio::test]
async fn the_setup_is_versioned() {
    for db in testing::all().await {
        let s = &db.store;
        assert!(s.feedback_setup().await.unwrap().is_none());
        let v1 = s.save_feedback_setup(&setup(), None, None, T0).await.unwrap();
        assert_eq!(v1, 1);
        assert_eq!(
            s.save_feedback_setup(&setup(), Some(1), None, T0).await.unwrap(),
            1,
            "unchanged: no new version"
        );
        let mut changed = setup();
        changed.categories[0].name = "Chiếu sáng công cộng".into();
        assert!(matches!(
            s.save_feedback_setup(&changed, Some(7), None, T0).await,
            Err(StorageError::Conflict("version"))
        ));
        assert_eq!(s.save_feedback_setup(&changed, Some(1), None, T0).await.unwrap(), 2);
        assert_eq!(s.feedback_setup().await.unwrap().unwrap().0, changed);
        let key = s.add_open311_key("ứng dụng A", "hash-a", T0).await.unwrap();
        assert!(s.open311_key_valid("hash-a").await.unwrap());
        assert!(!s.open311_key_valid("hash-b").await.unwrap());
        s.revoke_open311_key(key, T0).await.unwrap();
        assert!(
            !s.open311_key_valid("hash-a").await.unwrap(),
            "a revoked key is refused"
        );
        assert!(matches!(
            s.revoke_open311_key(key, T0).await,
            Err(StorageError::NotFound)
        ));
    }
}
