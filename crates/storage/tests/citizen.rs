//! The citizen's document store, ratings and return by post on every backend: documents
//! owned and deleted, accepted components kept once, reuse carried into a filed dossier,
//! one rating per dossier changed only at its version and within its window, postal steps
//! compared-and-set with their timeline lines.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

use time::macros::{date, datetime};
use time::{Duration, OffsetDateTime};

use motcua_domain::account::{AccountKind, LoginId, Principal, Role, RoleGrant};
use motcua_domain::agency::{AgencyCode, AgencyInput, Level, UnitInput, UnitKind};
use motcua_domain::calendar::{OfficeHours, WorkingCalendar};
use motcua_domain::documents::Origin;
use motcua_domain::dossier::{Action, Actor, Applicant, Context, HistoryAction, HistoryDetail, Process, apply};
use motcua_domain::ids::{AgencyId, DossierId, ProcedureId, UnitId, UserId};
use motcua_domain::postal::{DeliveryAddress, PostalEvent, PostalState, PostalStatus};
use motcua_domain::procedure::{Channel, ProcedureInput};
use motcua_domain::rating::Rating;
use motcua_storage::{
    AcceptedComponent, DossierRecord, NewAttachment, NewDocument, NewDossier, NewRating, NewUser, PostalChoice,
    PostalStep, RatingChange, RatingFilter, RatingHandler, StorageError, Store, Transition, testing,
};

struct Seeded {
    agency: AgencyId,
    unit: UnitId,
    procedure: ProcedureId,
    citizen: UserId,
    other: UserId,
    officer: UserId,
}

async fn user(s: &Store, login: &str, kind: AccountKind) -> UserId {
    s.create_user(
        None,
        &NewUser {
            kind,
            full_name: login.into(),
            login: LoginId::parse(login).unwrap(),
            password_hash: "x".into(),
        },
    )
    .await
    .unwrap()
}

async fn seed(s: &Store) -> Seeded {
    let agency = AgencyInput {
        code: AgencyCode::parse("H15.50").unwrap(),
        name: "Ủy ban nhân dân phường Buôn Ma Thuột".into(),
        level: Level::Commune,
        parent: None,
        valid_from: None,
        valid_to: None,
        address: String::new(),
        phone: String::new(),
    };
    let a = s.create_agency(None, &agency).await.unwrap();
    let unit = s
        .create_unit(
            None,
            &UnitInput {
                agency: AgencyCode::parse("H15.50").unwrap(),
                code: "MC".into(),
                name: "Bộ phận Một cửa".into(),
                kind: UnitKind::OneStop,
            },
        )
        .await
        .unwrap();
    let p: ProcedureInput = serde_json::from_str(include_str!("../../domain/tests/fixtures/procedure.json")).unwrap();
    let p = s.create_procedure(None, &p).await.unwrap();
    Seeded {
        agency: a.id,
        unit,
        procedure: p.id,
        citizen: user(s, "an@example.vn", AccountKind::Citizen).await,
        other: user(s, "binh@example.vn", AccountKind::Citizen).await,
        officer: user(s, "canbo@example.vn", AccountKind::Officer).await,
    }
}

fn filing(x: &Seeded, now: OffsetDateTime) -> NewDossier {
    NewDossier {
        procedure_id: x.procedure,
        form_version: 1,
        agency_id: x.agency,
        agency_code: AgencyCode::parse("H15.50").unwrap(),
        applicant_id: Some(x.citizen),
        filed_by: Some(x.citizen),
        channel: Channel::Online,
        applicant: Applicant {
            full_name: "Nguyễn Văn An".into(),
            ..Applicant::default()
        },
        data: serde_json::json!({}),
        secret: "bi-mat".into(),
        draft_files_of: Some(x.citizen),
        fee: None,
        now,
    }
}

async fn upload(s: &Store, x: &Seeded, component: &str, sha: &str) {
    s.add_attachment(&NewAttachment {
        owner_user_id: x.citizen,
        procedure_id: x.procedure,
        dossier_id: None,
        component,
        file_name: "giay-to.pdf",
        content_type: "application/pdf",
        size_bytes: 1234,
        sha256: sha,
    })
    .await
    .unwrap();
}

/// Applies `action` by the officer (a one-stop officer of the agency) and stores it.
async fn act(s: &Store, x: &Seeded, d: &DossierRecord, action: Action, now: OffsetDateTime) -> DossierRecord {
    let limit = motcua_domain::procedure::TimeLimit {
        value: 1,
        unit: motcua_domain::procedure::TimeUnit::WorkingDays,
        note: String::new(),
    };
    let process = Process::standard(&limit);
    let cal = WorkingCalendar::new(vec![], OfficeHours::default());
    let officer = Principal {
        user_id: x.officer,
        kind: AccountKind::Officer,
        display_name: "x".into(),
        grants: [Role::OneStopOfficer, Role::Specialist, Role::Leader]
            .into_iter()
            .map(|role| RoleGrant {
                role,
                agency_id: x.agency,
                unit_id: None,
            })
            .collect(),
    };
    let ctx = Context {
        process: &process,
        limit: &limit,
        calendar: &cal,
        unit_id: &|_, _| None,
        now,
    };
    let outcome = apply(&ctx, &d.state, Actor::Officer(&officer), &action).unwrap();
    let t = Transition {
        before: d,
        actor_id: Some(x.officer),
        action: action.kind(),
        detail: HistoryDetail::of(&action, d.state.due_at),
        outcome: &outcome,
        now,
    };
    s.apply_transition(&t).await.unwrap()
}

fn citizen_doc(x: &Seeded, kind: Option<&'static str>, sha: &'static str, now: OffsetDateTime) -> NewDocument<'static> {
    NewDocument {
        owner_user_id: x.citizen,
        document_type: kind,
        title: "Giấy xác nhận tình trạng hôn nhân",
        file_name: "xac-nhan.pdf",
        content_type: "application/pdf",
        size_bytes: 2048,
        sha256: sha,
        origin: Origin::Citizen,
        dossier_id: None,
        attachment_id: None,
        issued_on: Some(date!(2026 - 11 - 02)),
        added_by: Some(x.citizen),
        now,
    }
}

#[tokio::test]
async fn documents_belong_to_their_owner_and_deleting_marks_them() {
    for db in testing::all().await {
        let s = &db.store;
        let x = seed(s).await;
        let t0 = datetime!(2026-12-01 09:00 +7);
        let first = s
            .keep_document(&citizen_doc(&x, Some("giay_xac_nhan_tinh_trang_hon_nhan"), "a1", t0))
            .await
            .unwrap();
        let second = s
            .keep_document(&citizen_doc(&x, None, "b2", t0 + Duration::minutes(1)))
            .await
            .unwrap();
        let mine = s.documents_of(x.citizen).await.unwrap();
        assert_eq!(
            mine.iter().map(|d| d.id).collect::<Vec<_>>(),
            vec![second, first],
            "{}: newest first",
            db.label
        );
        let kept = &mine[1];
        assert_eq!(kept.document_type.as_deref(), Some("giay_xac_nhan_tinh_trang_hon_nhan"));
        assert_eq!(kept.title, "Giấy xác nhận tình trạng hôn nhân", "{}", db.label);
        assert_eq!(
            (kept.origin, kept.issued_on),
            (Origin::Citizen, Some(date!(2026 - 11 - 02)))
        );
        assert!(s.documents_of(x.other).await.unwrap().is_empty());
        assert!(s.document_of(x.other, first).await.unwrap().is_none(), "{}", db.label);
        assert!(matches!(
            s.delete_document(x.other, first, t0).await,
            Err(StorageError::NotFound)
        ));
        s.delete_document(x.citizen, first, t0).await.unwrap();
        assert!(s.document_of(x.citizen, first).await.unwrap().is_none());
        assert!(matches!(
            s.delete_document(x.citizen, first, t0).await,
            Err(StorageError::NotFound)
        ));
        assert_eq!(s.documents_of(x.citizen).await.unwrap().len(), 1);
        let trail = s.recent_audit(10).await.unwrap();
        assert!(trail.iter().any(|e| e.action == "document.delete"), "{}", db.label);
    }
}

#[tokio::test]
async fn accepted_components_are_kept_once_and_reuse_is_carried_into_the_dossier() {
    for db in testing::all().await {
        let s = &db.store;
        let x = seed(s).await;
        let t0 = datetime!(2026-12-01 09:00 +7);
        // A kept document reused for the typed component of a draft.
        let doc = s
            .keep_document(&citizen_doc(&x, Some("giay_xac_nhan_tinh_trang_hon_nhan"), "a1", t0))
            .await
            .unwrap();
        let reused = s
            .reuse_document(x.citizen, x.procedure, "giay_xac_nhan_hon_nhan", doc, t0)
            .await
            .unwrap();
        let again = s
            .reuse_document(x.citizen, x.procedure, "giay_xac_nhan_hon_nhan", doc, t0)
            .await
            .unwrap();
        assert_eq!(reused, again, "{}: reusing twice is one file", db.label);
        assert!(matches!(
            s.reuse_document(x.other, x.procedure, "giay_xac_nhan_hon_nhan", doc, t0)
                .await,
            Err(StorageError::NotFound)
        ));
        upload(s, &x, "to_khai", "c3").await;
        let d = s.submit_dossier(&filing(&x, t0)).await.unwrap();
        let files = s.dossier_attachments(d.id).await.unwrap();
        let f = files.iter().find(|f| f.id == reused).unwrap();
        assert_eq!(
            f.reused_from,
            Some(doc),
            "{}: the filed file names the kept document",
            db.label
        );
        assert_eq!((f.sha256.as_str(), f.file_name.as_str()), ("a1", "xac-nhan.pdf"));
        assert!(
            files
                .iter()
                .any(|f| f.component == "to_khai" && f.reused_from.is_none())
        );
        // The index counts the dossiers that reused a kept document among those filed.
        let day = |h: i64| t0 + Duration::hours(h);
        let count = s.reuse_count(x.agency, day(-1), day(1)).await.unwrap();
        assert_eq!((count.filed, count.reusing), (1, 1), "{}", db.label);

        // Not received yet: nothing to keep.
        assert!(s.dossiers_to_keep(10).await.unwrap().is_empty(), "{}", db.label);
        let d = act(s, &x, &d, Action::Receive, t0 + Duration::hours(1)).await;
        let pending = s.dossiers_to_keep(10).await.unwrap();
        assert_eq!(pending.len(), 1);
        assert_eq!((pending[0].id, pending[0].applicant_id), (d.id, Some(x.citizen)));
        let typed = [AcceptedComponent {
            component: "to_khai".into(),
            document_type: "cccd".into(),
            title: "Tờ khai".into(),
        }];
        let kept = s.keep_accepted(d.id, Some(x.citizen), &typed, t0).await.unwrap();
        assert_eq!(kept, 1, "{}", db.label);
        assert_eq!(
            s.keep_accepted(d.id, Some(x.citizen), &typed, t0).await.unwrap(),
            0,
            "{}: claimed once",
            db.label
        );
        assert!(s.dossiers_to_keep(10).await.unwrap().is_empty());
        let mine = s.documents_of(x.citizen).await.unwrap();
        let from_dossier = mine.iter().find(|m| m.origin == Origin::Component).unwrap();
        assert_eq!(from_dossier.dossier_code.as_deref(), Some(d.code.as_str()));
        assert_eq!(from_dossier.document_type.as_deref(), Some("cccd"));
        assert_eq!(from_dossier.sha256, "c3");

        // The reused component is not kept twice; a typed component reused is skipped.
        let typed_reused = [AcceptedComponent {
            component: "giay_xac_nhan_hon_nhan".into(),
            document_type: "giay_xac_nhan_tinh_trang_hon_nhan".into(),
            title: "x".into(),
        }];
        let d2 = s.submit_dossier(&filing(&x, t0 + Duration::hours(2))).await.unwrap();
        let d2 = act(s, &x, &d2, Action::Receive, t0 + Duration::hours(3)).await;
        assert_eq!(
            s.keep_accepted(d2.id, Some(x.citizen), &typed_reused, t0)
                .await
                .unwrap(),
            0
        );
        let count = s.reuse_count(x.agency, day(-1), day(3)).await.unwrap();
        assert_eq!(
            (count.filed, count.reusing),
            (2, 1),
            "{}: the second reused nothing",
            db.label
        );
        assert_eq!(
            s.reuse_count(x.agency, day(-1), day(1)).await.unwrap().filed,
            1,
            "{}: by filing time",
            db.label
        );

        // An officer's push of the kept file brings back what the citizen deleted.
        s.delete_document(x.citizen, from_dossier.id, t0).await.unwrap();
        let push = NewDocument {
            owner_user_id: x.citizen,
            document_type: Some("cccd"),
            title: "Thẻ Căn cước",
            file_name: "the.pdf",
            content_type: "application/pdf",
            size_bytes: 1234,
            sha256: "c3",
            origin: Origin::Result,
            dossier_id: Some(d.id),
            attachment_id: from_dossier.attachment_id,
            issued_on: None,
            added_by: Some(x.officer),
            now: t0,
        };
        let pushed = s.keep_document(&push).await.unwrap();
        assert_eq!(pushed, from_dossier.id, "{}: the same document", db.label);
        let back = s.document_of(x.citizen, pushed).await.unwrap().unwrap();
        assert_eq!((back.title.as_str(), back.origin), ("Thẻ Căn cước", Origin::Result));
        // A result kept twice (no file of the dossier) is one document too.
        let result = NewDocument {
            attachment_id: None,
            sha256: "r9",
            title: "Giấy chứng nhận kết hôn",
            document_type: Some("trich_luc_ket_hon"),
            ..push.clone()
        };
        let r1 = s.keep_document(&result).await.unwrap();
        let r2 = s.keep_document(&result).await.unwrap();
        assert_eq!(r1, r2, "{}", db.label);
        // A dossier without an applicant account is claimed and keeps nothing.
        let mut walk_in = filing(&x, t0 + Duration::hours(4));
        walk_in.applicant_id = None;
        walk_in.draft_files_of = None;
        let w = s.submit_dossier(&walk_in).await.unwrap();
        let w = act(s, &x, &w, Action::Receive, t0 + Duration::hours(5)).await;
        assert_eq!(s.keep_accepted(w.id, None, &typed, t0).await.unwrap(), 0);
        assert!(s.dossiers_to_keep(10).await.unwrap().is_empty(), "{}", db.label);
    }
}

fn rating(satisfied: bool) -> Rating {
    Rating {
        satisfied,
        time: Some(true),
        attitude: None,
        clarity: Some(false),
        comment: "Cán bộ nhiệt tình".into(),
    }
}

#[tokio::test]
async fn one_rating_per_dossier_changed_at_its_version_within_its_window() {
    for db in testing::all().await {
        let s = &db.store;
        let x = seed(s).await;
        let t0 = datetime!(2026-12-01 09:00 +7);
        let d = s.submit_dossier(&filing(&x, t0)).await.unwrap();
        let handlers = [RatingHandler {
            user_id: x.officer,
            agency_id: x.agency,
            unit_id: Some(x.unit),
        }];
        let new = NewRating {
            dossier_id: d.id,
            dossier_code: &d.code,
            applicant_id: x.citizen,
            agency_id: x.agency,
            rating: &rating(true),
            handlers: &handlers,
            now: t0,
        };
        s.add_rating(&new).await.unwrap();
        assert!(
            matches!(s.add_rating(&new).await, Err(StorageError::Conflict("rating"))),
            "{}: once per dossier",
            db.label
        );
        let r = s.rating_of(d.id).await.unwrap().unwrap();
        assert_eq!((r.rating.clone(), r.version, r.rated_at), (rating(true), 1, t0));
        assert_eq!(s.rating_handlers(d.id).await.unwrap(), handlers.to_vec());
        let change = RatingChange {
            dossier_id: d.id,
            dossier_code: &d.code,
            actor: x.citizen,
            version: 1,
            rating: &rating(false),
            rated_after: t0 - Duration::days(7),
            now: t0 + Duration::days(1),
        };
        s.change_rating(&change).await.unwrap();
        assert!(
            matches!(s.change_rating(&change).await, Err(StorageError::Conflict("version"))),
            "{}: a stale version writes nothing",
            db.label
        );
        let closed = RatingChange {
            version: 2,
            rated_after: t0,
            ..change.clone()
        };
        assert!(
            matches!(s.change_rating(&closed).await, Err(StorageError::Conflict("version"))),
            "{}: the window closed",
            db.label
        );
        let r = s.rating_of(d.id).await.unwrap().unwrap();
        assert_eq!((r.rating.satisfied, r.version, r.rated_at), (false, 2, t0));

        // Reads by officer, agency, unit and period.
        let by = |f: RatingFilter| async move { s.ratings(&f).await.unwrap().len() };
        let all = RatingFilter {
            limit: 10,
            ..RatingFilter::default()
        };
        assert_eq!(by(all.clone()).await, 1);
        assert_eq!(
            by(RatingFilter {
                officer: Some(x.officer),
                ..all.clone()
            })
            .await,
            1
        );
        assert_eq!(
            by(RatingFilter {
                officer: Some(x.other),
                ..all.clone()
            })
            .await,
            0
        );
        assert_eq!(
            by(RatingFilter {
                agency: Some(x.agency),
                unit: Some(x.unit),
                ..all.clone()
            })
            .await,
            1
        );
        assert_eq!(
            by(RatingFilter {
                agency: Some(x.agency),
                unit: Some(UnitId(x.unit.get() + 99)),
                ..all.clone()
            })
            .await,
            0
        );
        assert_eq!(
            by(RatingFilter {
                from: Some(t0 + Duration::seconds(1)),
                ..all.clone()
            })
            .await,
            0
        );
        assert_eq!(
            by(RatingFilter {
                until: Some(t0 + Duration::seconds(1)),
                ..all.clone()
            })
            .await,
            1
        );
        assert_eq!(s.rating_handlers_in(x.agency).await.unwrap().len(), 1);
        let topics: Vec<String> = s.pending_outbox(50).await.unwrap().into_iter().map(|o| o.1).collect();
        assert!(
            topics.contains(&"dossier.rated".to_owned()) && topics.contains(&"dossier.rating_changed".to_owned()),
            "{}: {topics:?}",
            db.label
        );
    }
}

#[tokio::test]
async fn postal_steps_are_compared_and_set_and_written_to_the_timeline() {
    for db in testing::all().await {
        let s = &db.store;
        let x = seed(s).await;
        let t0 = datetime!(2026-12-01 09:00 +7);
        let d = s.submit_dossier(&filing(&x, t0)).await.unwrap();
        let address = DeliveryAddress {
            recipient: "Nguyễn Văn An".into(),
            phone: "0912345678".into(),
            street: "12 Lê Duẩn".into(),
            commune_code: "H15.50".into(),
        };
        let choice = PostalChoice {
            dossier: &d,
            actor: x.citizen,
            address: &address,
            version: None,
            now: t0,
        };
        s.choose_post(&choice).await.unwrap();
        assert!(
            matches!(s.choose_post(&choice).await, Err(StorageError::Conflict("version"))),
            "{}: a second first choice loses",
            db.label
        );
        let moved = DeliveryAddress {
            street: "34 Phan Bội Châu".into(),
            ..address.clone()
        };
        s.choose_post(&PostalChoice {
            address: &moved,
            version: Some(1),
            ..choice
        })
        .await
        .unwrap();
        let p = s.postal_of(d.id).await.unwrap().unwrap();
        assert_eq!(
            (p.address.street.as_str(), p.version),
            ("34 Phan Bội Châu", 2),
            "{}",
            db.label
        );
        assert_eq!(p.state.status, PostalStatus::Requested);
        let event = PostalEvent::HandedToPost {
            tracking_number: "EB123456789VN".into(),
            on: date!(2026 - 12 - 05),
        };
        let after = PostalState {
            status: PostalStatus::HandedToPost,
            handed_on: Some(date!(2026 - 12 - 05)),
            tracking_number: Some("EB123456789VN".into()),
        };
        let step = PostalStep {
            dossier: &d,
            actor: x.officer,
            version: 2,
            event: &event,
            after: &after,
            now: t0 + Duration::days(4),
        };
        s.record_postal(&step).await.unwrap();
        assert!(
            matches!(s.record_postal(&step).await, Err(StorageError::Conflict("version"))),
            "{}: recorded once",
            db.label
        );
        // The address no longer changes once the parcel is with the post.
        assert!(matches!(
            s.choose_post(&PostalChoice {
                address: &address,
                version: Some(3),
                ..choice
            })
            .await,
            Err(StorageError::Conflict("version"))
        ));
        let p = s.postal_of(d.id).await.unwrap().unwrap();
        assert_eq!(p.state, after, "{}", db.label);
        let lines: Vec<_> = s
            .dossier_history(d.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|h| matches!(h.action, HistoryAction::Postal(_)))
            .collect();
        assert_eq!(
            lines.iter().map(|h| h.action).collect::<Vec<_>>(),
            vec![
                HistoryAction::Postal(PostalStatus::Requested),
                HistoryAction::Postal(PostalStatus::Requested),
                HistoryAction::Postal(PostalStatus::HandedToPost),
            ],
            "{}",
            db.label
        );
        let handed = &lines[2];
        assert_eq!(handed.detail.tracking_number.as_deref(), Some("EB123456789VN"));
        assert_eq!(handed.detail.event_date, Some(date!(2026 - 12 - 05)));
        assert_eq!((handed.actor_id, handed.to_status), (Some(x.officer), d.state.status));
        assert!(
            s.pending_outbox(50)
                .await
                .unwrap()
                .iter()
                .filter(|o| o.1 == "dossier.postal")
                .count()
                == 3
        );
        assert!(s.postal_of(DossierId(d.id.get() + 1000)).await.unwrap().is_none());
    }
}
