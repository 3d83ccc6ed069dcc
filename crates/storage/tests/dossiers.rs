//! Dossier storage on every backend: codes unique under concurrent filing, transitions with
//! optimistic versions, history, form-05 rows, outbox and queues.

#![allow(clippy::unwrap_used)] // helpers of the test-suite

use std::collections::HashSet;

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use motcua_domain::account::{AccountKind, Principal, Role, RoleGrant};
use motcua_domain::agency::{AgencyCode, AgencyInput, Level};
use motcua_domain::calendar::{OfficeHours, WorkingCalendar};
use motcua_domain::dossier::{
    Action, ActionKind, Actor, Applicant, Context, HistoryDetail, Process, Status, Timeliness, apply,
};
use motcua_domain::ids::{AgencyId, ProcedureId, UserId};
use motcua_domain::procedure::{Channel, ProcedureInput};
use motcua_storage::{NewDossier, Queue, StorageError, Store, Transition, testing};

async fn seed(s: &Store) -> (AgencyId, ProcedureId) {
    let agency = AgencyInput {
        code: AgencyCode::parse("H15.50").unwrap(),
        name: "Phường Buôn Ma Thuột".into(),
        level: Level::Commune,
        parent: None,
        valid_from: None,
        valid_to: None,
        address: String::new(),
        phone: String::new(),
    };
    let a = s.create_agency(None, &agency).await.unwrap();
    let p: ProcedureInput = serde_json::from_str(include_str!("../../domain/tests/fixtures/procedure.json")).unwrap();
    let p = s.create_procedure(None, &p).await.unwrap();
    (a.id, p.id)
}

fn new(agency_id: AgencyId, procedure_id: ProcedureId, now: OffsetDateTime) -> NewDossier {
    NewDossier {
        procedure_id,
        form_version: 1,
        agency_id,
        agency_code: AgencyCode::parse("H15.50").unwrap(),
        applicant_id: None,
        filed_by: None,
        channel: Channel::Online,
        applicant: Applicant {
            full_name: "Nguyễn Văn An".into(),
            id_number: "066190001234".into(),
            ..Applicant::default()
        },
        data: serde_json::json!({"ho_ten_chong": "Nguyễn Văn An"}),
        secret: "bi-mat".into(),
        draft_files_of: None,
        fee: None,
        now,
    }
}

#[tokio::test]
async fn codes_are_unique_and_sequential_under_concurrent_filing() {
    for db in testing::all().await {
        let (agency, procedure) = seed(&db.store).await;
        // 23:30 UTC on 7 October is already 8 October in Vietnam.
        let now = datetime!(2026-10-07 23:30 UTC);
        let mut tasks = Vec::new();
        for _ in 0..60 {
            let s = db.store.clone();
            let d = new(agency, procedure, now);
            tasks.push(tokio::spawn(async move { s.submit_dossier(&d).await.map(|r| r.code) }));
        }
        let mut codes = HashSet::new();
        for t in tasks {
            codes.insert(t.await.unwrap().unwrap());
        }
        let expected: HashSet<String> = (1..=60).map(|i| format!("H15.50-261008-{i:04}")).collect();
        assert_eq!(
            codes, expected,
            "{}: 60 distinct, gap-free numbers for the local day",
            db.label
        );
        let next_day = db
            .store
            .submit_dossier(&new(agency, procedure, now + Duration::days(1)))
            .await
            .unwrap();
        assert_eq!(
            next_day.code, "H15.50-261009-0001",
            "the sequence starts again each day"
        );
    }
}

#[tokio::test]
async fn transitions_are_versioned_and_leave_a_trail() {
    for db in testing::all().await {
        let s = &db.store;
        let (agency, procedure) = seed(s).await;
        let t0 = datetime!(2026-03-09 09:00 +7);
        let d = s.submit_dossier(&new(agency, procedure, t0)).await.unwrap();
        let limit = motcua_domain::procedure::TimeLimit {
            value: 5,
            unit: motcua_domain::procedure::TimeUnit::WorkingDays,
            note: String::new(),
        };
        let process = Process::standard(&limit);
        let cal = WorkingCalendar::new(vec![], OfficeHours::default());
        let officer = Principal {
            user_id: UserId(9),
            kind: AccountKind::Officer,
            display_name: "x".into(),
            grants: vec![RoleGrant {
                role: Role::OneStopOfficer,
                agency_id: agency,
                unit_id: None,
            }],
        };
        let ctx = Context {
            process: &process,
            limit: &limit,
            calendar: &cal,
            unit_id: &|_, _| None,
            now: t0,
        };
        let outcome = apply(&ctx, &d.state, Actor::Officer(&officer), &Action::Receive).unwrap();
        let t = Transition {
            before: &d,
            actor_id: Some(UserId(9)),
            action: ActionKind::Receive,
            detail: HistoryDetail::default(),
            outcome: &outcome,
            now: t0,
        };
        let after = s.apply_transition(&t).await.unwrap();
        assert_eq!((after.state.status, after.version), (Status::Received, 2));
        assert_eq!(after.state.due_at, Some(datetime!(2026-03-16 09:00 +7)));
        let stale = s.apply_transition(&t).await;
        assert!(
            matches!(stale, Err(StorageError::Conflict("version"))),
            "{}: a second officer acting on the old version loses",
            db.label
        );
        assert_eq!(
            s.dossier(d.id).await.unwrap().unwrap().version,
            2,
            "nothing written by the loser"
        );

        let ctx = Context {
            now: t0 + Duration::hours(1),
            ..ctx
        };
        let forwarded = apply(&ctx, &after.state, Actor::Officer(&officer), &Action::Forward).unwrap();
        let t = Transition {
            before: &after,
            actor_id: Some(UserId(9)),
            action: ActionKind::Forward,
            detail: HistoryDetail::default(),
            outcome: &forwarded,
            now: ctx.now,
        };
        s.apply_transition(&t).await.unwrap();
        let history = s.dossier_history(d.id).await.unwrap();
        assert_eq!(
            history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(),
            ["submit", "receive", "forward"]
        );
        let rows = s.dossier_handovers(d.id).await.unwrap();
        assert_eq!(
            (rows.len(), rows[0].step.as_str(), rows[0].timeliness),
            (1, "tiep_nhan", Timeliness::OnTime)
        );
        let outbox = s.pending_outbox(10).await.unwrap();
        assert_eq!(
            outbox.iter().map(|o| o.1.as_str()).collect::<Vec<_>>(),
            ["dossier.submitted", "dossier.receive", "dossier.forward"]
        );
        let rewrite = sqlx::query("UPDATE dossier_history SET action = 'x'")
            .execute(s.write_pool())
            .await;
        assert!(rewrite.is_err(), "{}: history is append-only", db.label);

        let queue = s.dossier_queue(agency, Queue::InProgress, t0, 10).await.unwrap();
        assert_eq!(queue.len(), 1);
        let overdue = s
            .dossier_queue(agency, Queue::Overdue, datetime!(2026-03-17 09:00 +7), 10)
            .await
            .unwrap();
        assert_eq!(overdue.len(), 1, "{}: past its appointment", db.label);
        assert!(
            s.dossier_queue(agency, Queue::Overdue, t0, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let soon = s
            .dossier_queue(agency, Queue::DueSoon { hours: 48 }, datetime!(2026-03-15 09:00 +7), 10)
            .await
            .unwrap();
        assert_eq!(soon.len(), 1);
        assert!(s.dossier_queue(agency, Queue::New, t0, 10).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn group_commit_keeps_each_write_whole_and_isolates_failures() {
    for db in testing::all().await {
        let s = &db.store;
        let (agency, procedure) = seed(s).await;
        let t0 = datetime!(2026-03-09 09:00 +7);
        let d = s.submit_dossier(&new(agency, procedure, t0)).await.unwrap();
        assert_eq!(
            Some(&d),
            s.dossier(d.id).await.unwrap().as_ref(),
            "{}: the record returned is the record stored",
            db.label
        );
        let limit = motcua_domain::procedure::TimeLimit {
            value: 5,
            unit: motcua_domain::procedure::TimeUnit::WorkingDays,
            note: String::new(),
        };
        let process = Process::standard(&limit);
        let cal = WorkingCalendar::new(vec![], OfficeHours::default());
        let officer = Principal {
            user_id: UserId(9),
            kind: AccountKind::Officer,
            display_name: "x".into(),
            grants: vec![RoleGrant {
                role: Role::OneStopOfficer,
                agency_id: agency,
                unit_id: None,
            }],
        };
        let ctx = Context {
            process: &process,
            limit: &limit,
            calendar: &cal,
            unit_id: &|_, _| None,
            now: t0,
        };
        let outcome = apply(&ctx, &d.state, Actor::Officer(&officer), &Action::Receive).unwrap();
        // Twenty officers receive the same version at once, while filings go on, one of
        // them for an agency that does not exist (it fails inside some shared commit).
        let mut racers = Vec::new();
        for _ in 0..20 {
            let (s, d, outcome) = (s.clone(), d.clone(), outcome.clone());
            racers.push(tokio::spawn(async move {
                let t = Transition {
                    before: &d,
                    actor_id: Some(UserId(9)),
                    action: ActionKind::Receive,
                    detail: HistoryDetail::default(),
                    outcome: &outcome,
                    now: t0,
                };
                s.apply_transition(&t).await.map(|r| r.version)
            }));
        }
        let mut filings = Vec::new();
        for i in 0..20 {
            let s = s.clone();
            let bad = i == 7;
            let mut n = new(if bad { AgencyId(agency.get() + 1000) } else { agency }, procedure, t0);
            n.secret = format!("s{i}");
            filings.push(tokio::spawn(async move { (bad, s.submit_dossier(&n).await) }));
        }
        let mut won = 0;
        for r in racers {
            match r.await.unwrap() {
                Ok(v) => {
                    assert_eq!(v, 2);
                    won += 1;
                }
                Err(StorageError::Conflict("version")) => {}
                Err(e) => panic!("{}: {e}", db.label),
            }
        }
        assert_eq!(won, 1, "{}: exactly one officer wins", db.label);
        let mut filed = 0;
        for f in filings {
            let (bad, r) = f.await.unwrap();
            assert_eq!(bad, r.is_err(), "{}: only the bad filing fails", db.label);
            filed += usize::from(r.is_ok());
        }
        assert_eq!(filed, 19);
        let history = s.dossier_history(d.id).await.unwrap();
        assert_eq!(
            history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(),
            ["submit", "receive"],
            "{}: the losers wrote nothing",
            db.label
        );
        let events = s.pending_outbox(100).await.unwrap();
        assert_eq!(
            events.iter().filter(|e| e.1 == "dossier.receive").count(),
            1,
            "{}: one outbox event for the one transition",
            db.label
        );
        assert_eq!(events.iter().filter(|e| e.1 == "dossier.submitted").count(), 20);
        let audit = s.recent_audit(200).await.unwrap();
        assert_eq!(audit.iter().filter(|a| a.action == "dossier.receive").count(), 1);
        assert_eq!(audit.iter().filter(|a| a.action == "dossier.submitted").count(), 20);
        let codes: HashSet<String> = events
            .iter()
            .filter(|e| e.1 == "dossier.submitted")
            .map(|e| e.2.clone())
            .collect();
        let expected: HashSet<String> = (1..=20).map(|i| format!("H15.50-260309-{i:04}")).collect();
        assert_eq!(codes, expected, "{}: still gap-free after a failed filing", db.label);
    }
}

#[tokio::test]
async fn officers_search_ignores_case_and_diacritics_on_every_backend() {
    for db in testing::all().await {
        let s = &db.store;
        let (agency, procedure) = seed(s).await;
        let d = s
            .submit_dossier(&new(agency, procedure, datetime!(2026-03-09 09:00 +7)))
            .await
            .unwrap();
        for q in [
            "nguyen van an",
            "NGUYỄN VĂN",
            "Văn An",
            &d.code.to_lowercase(),
            &d.code[..6],
        ] {
            let found = s.search_dossiers(agency, q, &[], 10).await.unwrap();
            assert_eq!(found.len(), 1, "{}: {q:?} finds the dossier", db.label);
        }
        for q in ["%", "_", "Trần"] {
            let found = s.search_dossiers(agency, q, &[], 10).await.unwrap();
            assert!(
                found.is_empty(),
                "{}: {q:?} is not a wildcard and matches nothing",
                db.label
            );
        }
        // A row written before the search text existed is found once the store reopens.
        sqlx::query("UPDATE dossiers SET search_text = NULL")
            .execute(s.write_pool())
            .await
            .unwrap();
        assert!(s.search_dossiers(agency, "nguyen", &[], 10).await.unwrap().is_empty());
        assert_eq!(s.backfill_search_text(10).await.unwrap(), 1);
        assert_eq!(s.search_dossiers(agency, "nguyen", &[], 10).await.unwrap().len(), 1);
    }
}
