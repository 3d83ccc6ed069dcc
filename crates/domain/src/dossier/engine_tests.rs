use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::account::{AccountKind, Principal, Role, RoleGrant};
use crate::calendar::{OfficeHours, WorkingCalendar};
use crate::ids::{AgencyId, UnitId, UserId};
use crate::procedure::{TimeLimit, TimeUnit};

const AGENCY: AgencyId = AgencyId(7);
const MC: UnitId = UnitId(70);
const VP: UnitId = UnitId(71);
const LD: UnitId = UnitId(72);

fn officer(role: Role, unit: Option<UnitId>) -> Principal {
    Principal {
        user_id: UserId(100),
        kind: AccountKind::Officer,
        display_name: "x".into(),
        grants: vec![RoleGrant {
            role,
            agency_id: AGENCY,
            unit_id: unit,
        }],
    }
}

fn units(agency: AgencyId, code: &str) -> Option<UnitId> {
    (agency == AGENCY).then_some(match code {
        "MC" => MC,
        "VP" => VP,
        _ => LD,
    })
}

struct World {
    process: Process,
    limit: TimeLimit,
    calendar: WorkingCalendar,
}

impl World {
    fn new() -> Self {
        let limit = TimeLimit {
            value: 5,
            unit: TimeUnit::WorkingDays,
            note: String::new(),
        };
        World {
            process: Process::standard(&limit),
            limit,
            calendar: WorkingCalendar::new(vec![], OfficeHours::default()),
        }
    }

    fn ctx(&self, now: OffsetDateTime) -> Context<'_> {
        Context {
            process: &self.process,
            limit: &self.limit,
            calendar: &self.calendar,
            unit_id: &units,
            now,
        }
    }
}

fn run(w: &World, s: &DossierState, who: Actor, a: Action, now: OffsetDateTime) -> Result<Outcome, WorkflowError> {
    apply(&w.ctx(now), s, who, &a)
}

#[test]
fn the_whole_lifecycle() {
    let w = World::new();
    let mc = officer(Role::OneStopOfficer, Some(MC));
    let cv = officer(Role::Specialist, Some(VP));
    let ld = officer(Role::Leader, Some(LD));
    let s = DossierState::submitted(AGENCY, Some(UserId(1)));
    let t0 = datetime!(2026-03-09 09:00 +7);
    let s = run(&w, &s, Actor::Officer(&mc), Action::Receive, t0).unwrap().state;
    assert_eq!(s.status, Status::Received);
    assert_eq!(s.due_at, Some(datetime!(2026-03-16 09:00 +7)), "5 working days");
    assert_eq!(
        s.step_due_at,
        Some(datetime!(2026-03-09 14:15 +7)),
        "half a working day (3¾ h) for reception, over lunch"
    );
    let o = run(&w, &s, Actor::Officer(&mc), Action::Forward, t0 + Duration::hours(1)).unwrap();
    let h = o.hand_over.unwrap();
    assert_eq!((h.step.as_str(), h.timeliness), ("tiep_nhan", Timeliness::OnTime));
    let s = o.state;
    assert_eq!(s.step, 1);
    let t1 = datetime!(2026-03-11 10:00 +7);
    let o = run(&w, &s, Actor::Officer(&cv), Action::Forward, t1).unwrap();
    assert_eq!(
        o.hand_over.unwrap().timeliness,
        Timeliness::Early,
        "3.5 days allowed, done on day 3"
    );
    let s = o.state;
    let s = run(
        &w,
        &s,
        Actor::Officer(&ld),
        Action::MarkProcessed,
        t1 + Duration::hours(1),
    )
    .unwrap()
    .state;
    assert_eq!((s.status, s.step), (Status::Processed, 3));
    let s = run(
        &w,
        &s,
        Actor::Officer(&mc),
        Action::ReturnResult {
            method: ResultMethod::Electronic,
        },
        t1 + Duration::hours(2),
    )
    .unwrap()
    .state;
    assert_eq!(s.status, Status::ResultReturned);
    let again = run(&w, &s, Actor::Officer(&mc), Action::Forward, t1);
    assert_eq!(
        again,
        Err(WorkflowError::WrongStatus(Status::ResultReturned)),
        "a returned dossier is closed"
    );
}

#[test]
fn roles_and_steps_are_enforced() {
    let w = World::new();
    let s = DossierState::submitted(AGENCY, Some(UserId(1)));
    let now = datetime!(2026-03-09 09:00 +7);
    let cv = officer(Role::Specialist, Some(VP));
    assert_eq!(
        run(&w, &s, Actor::Officer(&cv), Action::Receive, now),
        Err(WorkflowError::RoleRequired(Role::OneStopOfficer))
    );
    let other_unit = officer(Role::OneStopOfficer, Some(VP));
    assert!(
        run(&w, &s, Actor::Officer(&other_unit), Action::Receive, now).is_err(),
        "wrong unit"
    );
    let other_agency = Principal {
        grants: vec![RoleGrant {
            role: Role::OneStopOfficer,
            agency_id: AgencyId(8),
            unit_id: None,
        }],
        ..officer(Role::OneStopOfficer, None)
    };
    assert!(
        run(&w, &s, Actor::Officer(&other_agency), Action::Receive, now).is_err(),
        "wrong agency"
    );
    let mc = officer(Role::OneStopOfficer, None);
    assert!(
        run(&w, &s, Actor::Officer(&mc), Action::Receive, now).is_ok(),
        "a grant without a unit covers the agency"
    );
    assert_eq!(
        run(&w, &s, Actor::Officer(&mc), Action::Approve, now),
        Err(WorkflowError::NotAtThisStep("tiep_nhan".into()))
    );
    assert_eq!(
        run(&w, &s, Actor::Applicant(UserId(1)), Action::Receive, now),
        Err(WorkflowError::NotTheApplicant)
    );
    assert_eq!(
        run(
            &w,
            &s,
            Actor::Applicant(UserId(2)),
            Action::Withdraw {
                reason: "Không cần nữa".into()
            },
            now
        ),
        Err(WorkflowError::NotTheApplicant),
        "another citizen cannot withdraw it"
    );
}

#[test]
fn supplement_only_once_and_the_clock_restarts() {
    let w = World::new();
    let mc = officer(Role::OneStopOfficer, Some(MC));
    let cv = officer(Role::Specialist, Some(VP));
    let t0 = datetime!(2026-03-09 09:00 +7);
    let s = run(
        &w,
        &DossierState::submitted(AGENCY, Some(UserId(1))),
        Actor::Officer(&mc),
        Action::Receive,
        t0,
    )
    .unwrap()
    .state;
    let s = run(&w, &s, Actor::Officer(&mc), Action::Forward, t0).unwrap().state;
    let ask = Action::RequestSupplement {
        items: vec!["Bản sao Giấy khai sinh".into()],
        reason: "Thiếu giấy tờ".into(),
    };
    let empty = Action::RequestSupplement {
        items: vec![" ".into()],
        reason: "x".into(),
    };
    assert_eq!(
        run(&w, &s, Actor::Officer(&cv), empty, t0),
        Err(WorkflowError::Required("items"))
    );
    let s = run(&w, &s, Actor::Officer(&cv), ask.clone(), t0 + Duration::hours(2))
        .unwrap()
        .state;
    assert_eq!(s.status, Status::SupplementRequested);
    let back = datetime!(2026-03-20 10:00 +7);
    let s = run(&w, &s, Actor::Applicant(UserId(1)), Action::CompleteSupplement, back)
        .unwrap()
        .state;
    assert_eq!(s.status, Status::Received);
    assert_eq!(
        s.due_at,
        Some(datetime!(2026-03-27 10:00 +7)),
        "the full limit counts again from the supplement"
    );
    assert_eq!(
        run(&w, &s, Actor::Officer(&cv), ask, back),
        Err(WorkflowError::SupplementAlreadyRequested)
    );
}

#[test]
fn one_extension_before_the_appointment_passes() {
    let w = World::new();
    let mc = officer(Role::OneStopOfficer, Some(MC));
    let cv = officer(Role::Specialist, Some(VP));
    let t0 = datetime!(2026-03-09 09:00 +7);
    let s = run(
        &w,
        &DossierState::submitted(AGENCY, Some(UserId(1))),
        Actor::Officer(&mc),
        Action::Receive,
        t0,
    )
    .unwrap()
    .state;
    let s = run(&w, &s, Actor::Officer(&mc), Action::Forward, t0).unwrap().state;
    let due = s.due_at.unwrap();
    let extend = |new_due| Action::ApologiseExtend {
        reason: "Cần xác minh thêm".into(),
        new_due,
    };
    assert_eq!(
        run(&w, &s, Actor::Officer(&cv), extend(due - Duration::days(1)), t0),
        Err(WorkflowError::NewDueNotLater)
    );
    assert_eq!(
        run(
            &w,
            &s,
            Actor::Officer(&cv),
            extend(due + Duration::days(3)),
            due + Duration::minutes(1)
        ),
        Err(WorkflowError::AppointmentPassed)
    );
    let s = run(
        &w,
        &s,
        Actor::Officer(&cv),
        extend(due + Duration::days(3)),
        t0 + Duration::days(1),
    )
    .unwrap()
    .state;
    assert_eq!(s.due_at, Some(due + Duration::days(3)));
    assert_eq!(
        run(
            &w,
            &s,
            Actor::Officer(&cv),
            extend(due + Duration::days(5)),
            t0 + Duration::days(1)
        ),
        Err(WorkflowError::ExtensionAlreadyGiven)
    );
}

#[test]
fn refusal_return_and_late_steps() {
    let w = World::new();
    let mc = officer(Role::OneStopOfficer, Some(MC));
    let cv = officer(Role::Specialist, Some(VP));
    let ld = officer(Role::Leader, Some(LD));
    let t0 = datetime!(2026-03-09 09:00 +7);
    assert_eq!(
        run(
            &w,
            &DossierState::submitted(AGENCY, None),
            Actor::Officer(&mc),
            Action::Refuse { reasons: "  ".into() },
            t0
        ),
        Err(WorkflowError::Required("reasons"))
    );
    let s = run(
        &w,
        &DossierState::submitted(AGENCY, None),
        Actor::Officer(&mc),
        Action::Receive,
        t0,
    )
    .unwrap()
    .state;
    let s = run(&w, &s, Actor::Officer(&mc), Action::Forward, t0).unwrap().state;
    let late = datetime!(2026-03-20 09:00 +7);
    let o = run(&w, &s, Actor::Officer(&cv), Action::Forward, late).unwrap();
    assert_eq!(o.hand_over.unwrap().timeliness, Timeliness::Late);
    let s = o.state;
    let back = Action::ReturnToStep {
        step: "xu_ly".into(),
        reason: "Thiếu ý kiến thẩm định".into(),
    };
    let s = run(&w, &s, Actor::Officer(&ld), back, late).unwrap().state;
    assert_eq!(s.step, 1);
    let forward_step = Action::ReturnToStep {
        step: "tra_ket_qua".into(),
        reason: "x".into(),
    };
    assert_eq!(
        run(&w, &s, Actor::Officer(&cv), forward_step, late),
        Err(WorkflowError::BadStep("tra_ket_qua".into())),
        "only back"
    );
    let s = run(
        &w,
        &s,
        Actor::Officer(&cv),
        Action::Refuse {
            reasons: "Không đủ điều kiện".into(),
        },
        late,
    )
    .unwrap()
    .state;
    assert_eq!(s.status, Status::Refused);
    assert!(!is_overdue(&s, late), "a closed dossier is not overdue");
}

const DEPT: AgencyId = AgencyId(8);

/// The standard process whose processing step hands over to a department, which runs its
/// own appraisal and signature before giving the dossier back for approval.
fn liaison_world() -> World {
    let mut w = World::new();
    let sub = |key: &str, role, allowance, actions: &[ActionKind]| Step {
        key: key.into(),
        name: key.into(),
        role,
        unit: None,
        allowance,
        actions: actions.to_vec(),
        hand_over: None,
    };
    w.process.steps[1].hand_over = Some(Liaison {
        steps: vec![
            sub(
                "so_tham_dinh",
                Role::Specialist,
                1.0,
                &[ActionKind::Forward, ActionKind::ApologiseExtend],
            ),
            sub(
                "so_ky",
                Role::Leader,
                0.5,
                &[ActionKind::ReturnToStep, ActionKind::HandBack],
            ),
        ],
        return_to: None,
    });
    assert!(
        w.process.validate(&w.limit).is_empty(),
        "{:?}",
        w.process.validate(&w.limit)
    );
    w
}

fn dept_officer(role: Role) -> Principal {
    Principal {
        user_id: UserId(200),
        kind: AccountKind::Officer,
        display_name: "y".into(),
        grants: vec![RoleGrant {
            role,
            agency_id: DEPT,
            unit_id: None,
        }],
    }
}

#[test]
fn a_hand_over_runs_the_receiving_agencys_steps_and_comes_back() {
    let w = liaison_world();
    let mc = officer(Role::OneStopOfficer, Some(MC));
    let cv = officer(Role::Specialist, Some(VP));
    let ld = officer(Role::Leader, Some(LD));
    let (so_cv, so_ld) = (dept_officer(Role::Specialist), dept_officer(Role::Leader));
    let t0 = datetime!(2026-03-09 09:00 +7);
    let s = DossierState::submitted(AGENCY, None);
    let s = run(&w, &s, Actor::Officer(&mc), Action::Receive, t0).unwrap().state;
    let s = run(&w, &s, Actor::Officer(&mc), Action::Forward, t0).unwrap().state;
    let hand_over = |agency_id| Action::HandOver {
        agency_id,
        reason: "Lấy ý kiến Sở".into(),
    };
    assert_eq!(
        run(&w, &s, Actor::Officer(&cv), hand_over(AGENCY), t0),
        Err(WorkflowError::SameAgency)
    );
    assert_eq!(
        run(&w, &s, Actor::Officer(&cv), Action::HandBack, t0),
        Err(WorkflowError::NotAtThisStep("xu_ly".into())),
        "nothing to hand back outside a hand-over"
    );
    let t1 = t0 + Duration::hours(2);
    let out = run(&w, &s, Actor::Officer(&cv), hand_over(DEPT), t1).unwrap();
    let sent = out.hand_over.unwrap();
    assert_eq!(
        (sent.step.as_str(), sent.finished_at, sent.timeliness),
        ("xu_ly", t1, Timeliness::Early),
        "the sending side's row: given at t1, well within its allowance"
    );
    let s = out.state;
    assert_eq!((s.agency_id, s.step), (DEPT, 1));
    assert_eq!(
        s.liaison,
        Some(LiaisonState {
            origin_agency_id: AGENCY,
            sub_step: 0
        })
    );
    assert_eq!(s.step_started_at, Some(t1), "received by the department at t1");
    assert_eq!(s.step_due_at, Some(datetime!(2026-03-10 11:00 +7)), "one working day");
    // The commune no longer acts; the department acts with its own roles.
    assert_eq!(
        run(&w, &s, Actor::Officer(&cv), Action::Forward, t1),
        Err(WorkflowError::RoleRequired(Role::Specialist))
    );
    assert_eq!(
        run(&w, &s, Actor::Officer(&so_cv), Action::HandBack, t1),
        Err(WorkflowError::NotAtThisStep("so_tham_dinh".into()))
    );
    // The department's appraisal takes two working days: late.
    let t2 = datetime!(2026-03-11 11:00 +7);
    let out = run(&w, &s, Actor::Officer(&so_cv), Action::Forward, t2).unwrap();
    let row = out.hand_over.unwrap();
    assert_eq!(
        (row.step.as_str(), row.started_at, row.finished_at, row.timeliness),
        ("so_tham_dinh", t1, t2, Timeliness::Late)
    );
    let s = out.state;
    assert_eq!(s.liaison.map(|l| l.sub_step), Some(1));
    let back = Action::ReturnToStep {
        step: "so_tham_dinh".into(),
        reason: "Bổ sung ý kiến".into(),
    };
    let again = run(&w, &s, Actor::Officer(&so_ld), back, t2).unwrap().state;
    assert_eq!((again.agency_id, again.liaison.map(|l| l.sub_step)), (DEPT, Some(0)));
    let t3 = t2 + Duration::hours(1);
    let out = run(&w, &s, Actor::Officer(&so_ld), Action::HandBack, t3).unwrap();
    let row = out.hand_over.unwrap();
    assert_eq!((row.step.as_str(), row.timeliness), ("so_ky", Timeliness::OnTime));
    let s = out.state;
    assert_eq!(
        (s.agency_id, s.step, s.liaison, s.step_started_at),
        (AGENCY, 2, None, Some(t3)),
        "back at the commune's next step, approval"
    );
    let s = run(&w, &s, Actor::Officer(&ld), Action::MarkProcessed, t3)
        .unwrap()
        .state;
    assert_eq!(s.status, Status::Processed);
}

#[test]
fn a_hand_over_without_declared_steps_keeps_the_step() {
    let w = World::new();
    let mc = officer(Role::OneStopOfficer, Some(MC));
    let t0 = datetime!(2026-03-09 09:00 +7);
    let s = DossierState::submitted(AGENCY, None);
    let s = run(&w, &s, Actor::Officer(&mc), Action::Receive, t0).unwrap().state;
    let a = Action::HandOver {
        agency_id: DEPT,
        reason: "Chuyển".into(),
    };
    let s = run(&w, &s, Actor::Officer(&mc), a, t0).unwrap().state;
    assert_eq!((s.agency_id, s.step, s.liaison), (DEPT, 0, None));
}

#[test]
fn liaison_declarations_are_checked() {
    let w = liaison_world();
    let mut p = w.process.clone();
    let l = p.steps[1].hand_over.as_mut().unwrap();
    l.steps[0].actions.push(ActionKind::MarkProcessed);
    l.steps[0].key = "tiep_nhan".into();
    l.steps[1].actions.retain(|a| *a != ActionKind::HandBack);
    l.steps[1].allowance = 10.0;
    l.steps[1].hand_over = Some(Liaison {
        steps: vec![],
        return_to: None,
    });
    l.return_to = Some("tiep_nhan".into());
    p.steps[3].actions.push(ActionKind::HandBack);
    p.steps[1].actions.retain(|a| *a != ActionKind::HandOver);
    let codes: Vec<_> = p
        .validate(&w.limit)
        .into_errors()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    for want in [
        ("steps/1/hand_over/steps/0/actions", "liaison_action"),
        ("steps/1/hand_over/steps/0/key", "duplicate"),
        ("steps/1/hand_over/steps", "liaison_needs_hand_back"),
        ("steps/1/hand_over/steps", "liaison_over_allowance"),
        ("steps/1/hand_over/steps/1/hand_over", "nested_liaison"),
        ("steps/1/hand_over/return_to", "bad_step"),
        ("steps/3/actions", "liaison_action"),
        ("steps/1/actions", "liaison_without_hand_over"),
    ] {
        assert!(
            codes.iter().any(|(f, c)| f == want.0 && *c == want.1),
            "missing {want:?} in {codes:?}"
        );
    }
    let text = r#"{"steps": [
        {"key": "tiep_nhan", "name": "Tiếp nhận", "role": "one_stop_officer", "allowance": 1, "actions": ["receive", "hand_over"],
         "hand_over": {"steps": [{"key": "so", "name": "Sở xử lý", "role": "specialist", "allowance": 0.5, "actions": ["hand_back"]}], "return_to": "tra"}},
        {"key": "tra", "name": "Trả kết quả", "role": "one_stop_officer", "allowance": 2, "actions": ["mark_processed", "return_result"]}
    ]}"#;
    let p: Process = serde_json::from_str(text).unwrap();
    assert!(
        p.validate(&w.limit)
            .into_errors()
            .iter()
            .all(|e| e.code == "allowances_do_not_add_up")
    );
    assert_eq!(p.return_step(0), Some(1));
}

#[test]
fn steps_in_months_add_calendar_months() {
    let mut w = World::new();
    w.limit = TimeLimit {
        value: 2,
        unit: TimeUnit::Months,
        note: String::new(),
    };
    w.process = Process::standard(&w.limit);
    w.process.steps[1].allowance = 1.0;
    let mc = officer(Role::OneStopOfficer, Some(MC));
    // Received on 31 January: the one-month step at the one-stop unit... first the
    // reception step (a quarter of a month), then the specialist's whole month.
    let t0 = datetime!(2027-01-29 09:00 +7);
    let s = run(
        &w,
        &DossierState::submitted(AGENCY, None),
        Actor::Officer(&mc),
        Action::Receive,
        t0,
    )
    .unwrap()
    .state;
    let t1 = datetime!(2027-01-31 09:00 +7);
    let s = run(&w, &s, Actor::Officer(&mc), Action::Forward, t1).unwrap().state;
    assert_eq!(
        s.step_due_at,
        Some(datetime!(2027-02-28 09:00 +7)),
        "31 January + 1 month = 28 February, not 2 March (30 days)"
    );
}

#[test]
fn approving_hands_the_dossier_to_the_result_step_processed() {
    // Issue 9 #1: receive → forward → forward → the leader approves. The dossier must wait
    // at the result step as processed, where the one-stop officer returns the result.
    let w = World::new();
    let mc = officer(Role::OneStopOfficer, Some(MC));
    let cv = officer(Role::Specialist, Some(VP));
    let ld = officer(Role::Leader, Some(LD));
    let t0 = datetime!(2026-03-09 09:00 +7);
    let mut s = DossierState::submitted(AGENCY, Some(UserId(1)));
    for (who, action) in [(&mc, Action::Receive), (&mc, Action::Forward), (&cv, Action::Forward)] {
        s = run(&w, &s, Actor::Officer(who), action, t0).unwrap().state;
    }
    let approved = run(&w, &s, Actor::Officer(&ld), Action::Approve, t0).unwrap().state;
    assert_eq!(
        (approved.status, approved.step),
        (Status::Processed, 3),
        "processed, at Trả kết quả"
    );
    let returned = run(
        &w,
        &approved,
        Actor::Officer(&mc),
        Action::ReturnResult {
            method: ResultMethod::Counter,
        },
        t0,
    )
    .unwrap()
    .state;
    assert_eq!(returned.status, Status::ResultReturned);
}
