use time::macros::datetime;

use super::*;
use crate::account::{AccountKind, RoleGrant};
use crate::calendar::OfficeHours;
use crate::ids::{AgencyId, UnitId, UserId};

const AGENCY: AgencyId = AgencyId(10);
const OTHER: AgencyId = AgencyId(20);
const REPORTER: UserId = UserId(7);

fn calendar() -> WorkingCalendar {
    WorkingCalendar::new(vec![], OfficeHours::default())
}

fn officer(role: Role, agency_id: AgencyId) -> Principal {
    Principal {
        user_id: UserId(100),
        kind: AccountKind::Officer,
        display_name: "Cán bộ".into(),
        grants: vec![RoleGrant {
            role,
            agency_id,
            unit_id: None,
        }],
    }
}

fn rules(cal: &WorkingCalendar, now: OffsetDateTime) -> Rules<'_> {
    Rules {
        calendar: cal,
        deadlines: Deadlines::default(),
        now,
    }
}

fn new_report(cal: &WorkingCalendar) -> FeedbackState {
    // Monday 23 November 2026, 09:00 in Vietnam.
    rules(cal, datetime!(2026-11-23 09:00 +7)).received(AGENCY, None, Some(REPORTER))
}

#[test]
fn the_answer_is_due_fifteen_working_days_after_receipt() {
    let cal = calendar();
    let s = new_report(&cal);
    assert_eq!(s.due_at, Some(datetime!(2026-12-14 09:00 +7)));
    assert!(!is_overdue(&s, datetime!(2026-12-14 09:00 +7)));
    assert!(is_overdue(&s, datetime!(2026-12-14 09:01 +7)));
}

#[test]
fn refusing_after_two_working_days_is_late() {
    let cal = calendar();
    let s = new_report(&cal);
    let p = officer(Role::Specialist, AGENCY);
    let refuse = FeedbackAction::Refuse {
        reason: "Nội dung không thuộc phạm vi phản ánh".into(),
    };
    let on_time = apply(
        &rules(&cal, datetime!(2026-11-25 09:00 +7)),
        &s,
        Actor::Officer(&p),
        &refuse,
    )
    .unwrap();
    assert_eq!(on_time.timeliness, Some(Timeliness::OnTime));
    assert_eq!(on_time.deadline, Some(datetime!(2026-11-25 09:00 +7)));
    assert_eq!(on_time.state.status, Status::Refused);
    assert_eq!(on_time.state.due_at, None);
    let late = apply(
        &rules(&cal, datetime!(2026-11-25 10:00 +7)),
        &s,
        Actor::Officer(&p),
        &refuse,
    )
    .unwrap();
    assert_eq!(late.timeliness, Some(Timeliness::Late));
}

#[test]
fn asking_for_information_stops_the_clock_and_the_supplement_restarts_it() {
    let cal = calendar();
    let s = new_report(&cal);
    let p = officer(Role::Specialist, AGENCY);
    let ask = FeedbackAction::RequestInfo {
        question: "Xin cho biết số nhà cụ thể.".into(),
    };
    let asked = apply(
        &rules(&cal, datetime!(2026-11-27 16:00 +7)),
        &s,
        Actor::Officer(&p),
        &ask,
    )
    .unwrap();
    assert_eq!(asked.deadline, Some(datetime!(2026-11-30 09:00 +7)));
    assert_eq!(asked.timeliness, Some(Timeliness::Early));
    assert!(!is_overdue(&asked.state, datetime!(2027-06-01 09:00 +7)));
    let supply = FeedbackAction::SupplyInfo {
        text: "Số 12 Lê Duẩn".into(),
    };
    // Nobody but the reporter supplies information.
    let stranger = apply(
        &rules(&cal, datetime!(2026-12-01 09:00 +7)),
        &asked.state,
        Actor::Reporter(UserId(8)),
        &supply,
    );
    assert_eq!(stranger.unwrap_err(), FeedbackError::NotTheReporter);
    let back = apply(
        &rules(&cal, datetime!(2026-12-01 09:00 +7)),
        &asked.state,
        Actor::Reporter(REPORTER),
        &supply,
    )
    .unwrap();
    assert_eq!(back.state.status, Status::Received);
    assert_eq!(back.state.counted_from, datetime!(2026-12-01 09:00 +7));
    assert_eq!(back.state.due_at, Some(datetime!(2026-12-22 09:00 +7)));
}

#[test]
fn answer_then_publish_needs_a_leader_within_two_working_days() {
    let cal = calendar();
    let s = new_report(&cal);
    let specialist = officer(Role::Specialist, AGENCY);
    let leader = officer(Role::Leader, AGENCY);
    let t = datetime!(2026-11-24 10:00 +7);
    let accepted = apply(
        &rules(&cal, t),
        &s,
        Actor::Officer(&specialist),
        &FeedbackAction::Accept,
    )
    .unwrap();
    let answer = FeedbackAction::Answer {
        text: "Đã thay bóng đèn ngày 24/11.".into(),
    };
    let answered = apply(&rules(&cal, t), &accepted.state, Actor::Officer(&specialist), &answer).unwrap();
    assert_eq!(answered.timeliness, Some(Timeliness::Early));
    assert_eq!(answered.state.due_at, Some(datetime!(2026-11-26 10:00 +7)));
    let by_specialist = apply(
        &rules(&cal, t),
        &answered.state,
        Actor::Officer(&specialist),
        &FeedbackAction::Publish,
    );
    assert_eq!(by_specialist.unwrap_err(), FeedbackError::LeaderRequired);
    let published = apply(
        &rules(&cal, datetime!(2026-11-26 11:00 +7)),
        &answered.state,
        Actor::Officer(&leader),
        &FeedbackAction::Publish,
    )
    .unwrap();
    assert_eq!(published.state.status, Status::Published);
    assert_eq!(published.timeliness, Some(Timeliness::Late));
    assert!(published.state.status.is_closed());
}

#[test]
fn outsiders_and_wrong_states_are_refused_without_change() {
    let cal = calendar();
    let s = new_report(&cal);
    let now = rules(&cal, datetime!(2026-11-24 10:00 +7));
    let outsider = officer(Role::Leader, OTHER);
    assert_eq!(
        apply(&now, &s, Actor::Officer(&outsider), &FeedbackAction::Accept).unwrap_err(),
        FeedbackError::NotResponsible
    );
    assert_eq!(
        apply(&now, &s, Actor::Reporter(REPORTER), &FeedbackAction::Accept).unwrap_err(),
        FeedbackError::NotResponsible
    );
    let p = officer(Role::Specialist, AGENCY);
    assert_eq!(
        apply(&now, &s, Actor::Officer(&p), &FeedbackAction::Publish).unwrap_err(),
        FeedbackError::LeaderRequired
    );
    let leader = officer(Role::Leader, AGENCY);
    assert_eq!(
        apply(&now, &s, Actor::Officer(&leader), &FeedbackAction::Publish).unwrap_err(),
        FeedbackError::NotNow(Status::Received)
    );
    let empty = FeedbackAction::Answer { text: "  ".into() };
    let FeedbackError::Invalid(errs) = apply(&now, &s, Actor::Officer(&p), &empty).unwrap_err() else {
        panic!("expected a field error");
    };
    assert_eq!((errs[0].field.as_str(), errs[0].code), ("text", "required"));
}

#[test]
fn a_transfer_restarts_the_count_at_the_receiving_agency_and_a_dispute_reopens() {
    let cal = calendar();
    let s = new_report(&cal);
    let p = officer(Role::OneStopOfficer, AGENCY);
    let t = datetime!(2026-11-24 10:00 +7);
    let transfer = FeedbackAction::Transfer {
        agency_id: OTHER,
        unit_id: None,
        reason: "Thuộc thẩm quyền của Sở Xây dựng".into(),
    };
    let moved = apply(&rules(&cal, t), &s, Actor::Officer(&p), &transfer).unwrap();
    assert_eq!(moved.state.agency_id, OTHER);
    assert_eq!(moved.state.counted_from, t);
    assert_eq!(moved.state.due_at, Some(datetime!(2026-12-15 10:00 +7)));
    // The sending agency can no longer act on it.
    assert_eq!(
        apply(
            &rules(&cal, t),
            &moved.state,
            Actor::Officer(&p),
            &FeedbackAction::Accept
        )
        .unwrap_err(),
        FeedbackError::NotResponsible
    );
    let back_to_self = FeedbackAction::Transfer {
        agency_id: OTHER,
        unit_id: None,
        reason: "x".into(),
    };
    let q = officer(Role::Specialist, OTHER);
    assert_eq!(
        apply(&rules(&cal, t), &moved.state, Actor::Officer(&q), &back_to_self).unwrap_err(),
        FeedbackError::SameUnit
    );
    let leader = officer(Role::Leader, OTHER);
    let answered = apply(
        &rules(&cal, t),
        &moved.state,
        Actor::Officer(&q),
        &FeedbackAction::Answer {
            text: "Đã sửa.".into()
        },
    )
    .unwrap();
    let published = apply(
        &rules(&cal, t),
        &answered.state,
        Actor::Officer(&leader),
        &FeedbackAction::Publish,
    )
    .unwrap();
    let dispute = FeedbackAction::Dispute {
        reason: "Đèn vẫn chưa sáng".into(),
    };
    let reopened = apply(
        &rules(&cal, datetime!(2026-11-30 08:30 +7)),
        &published.state,
        Actor::Reporter(REPORTER),
        &dispute,
    )
    .unwrap();
    assert_eq!(reopened.state.status, Status::InProgress);
    assert_eq!(reopened.state.reopened, 1);
    assert!(reopened.state.due_at.is_some());
}

#[test]
fn a_report_routed_to_a_unit_is_for_that_unit_and_the_agency_leaders() {
    let cal = calendar();
    let t = rules(&cal, datetime!(2026-11-24 10:00 +7));
    let s = t.received(AGENCY, Some(UnitId(5)), Some(REPORTER));
    let in_unit = |role, unit| Principal {
        grants: vec![RoleGrant {
            role,
            agency_id: AGENCY,
            unit_id: Some(unit),
        }],
        ..officer(role, AGENCY)
    };
    assert!(
        apply(
            &t,
            &s,
            Actor::Officer(&in_unit(Role::Specialist, UnitId(5))),
            &FeedbackAction::Accept
        )
        .is_ok()
    );
    assert_eq!(
        apply(
            &t,
            &s,
            Actor::Officer(&in_unit(Role::Specialist, UnitId(6))),
            &FeedbackAction::Accept
        )
        .unwrap_err(),
        FeedbackError::NotResponsible
    );
    assert!(
        apply(
            &t,
            &s,
            Actor::Officer(&in_unit(Role::Leader, UnitId(6))),
            &FeedbackAction::Accept
        )
        .is_ok()
    );
}

/// The forms offered and the API's `available_actions` are the rules' own judgement: in
/// every state reachable by offered actions, for every kind of user, an action is offered
/// exactly when `apply` accepts it with a valid text.
#[test]
fn offered_actions_are_exactly_those_the_rules_apply() {
    let cal = calendar();
    let t = rules(&cal, datetime!(2026-11-24 10:00 +7));
    let valid = |k: FeedbackActionKind, s: &FeedbackState| match k {
        FeedbackActionKind::Accept => FeedbackAction::Accept,
        FeedbackActionKind::Refuse => FeedbackAction::Refuse {
            reason: "Trùng".into()
        },
        FeedbackActionKind::RequestInfo => FeedbackAction::RequestInfo {
            question: "Ở đâu?".into(),
        },
        FeedbackActionKind::SupplyInfo => FeedbackAction::SupplyInfo {
            text: "Ở đây".into()
        },
        FeedbackActionKind::Answer => FeedbackAction::Answer {
            text: "Đã sửa".into()
        },
        FeedbackActionKind::Publish => FeedbackAction::Publish,
        FeedbackActionKind::Transfer => FeedbackAction::Transfer {
            agency_id: if s.agency_id == OTHER { AGENCY } else { OTHER },
            unit_id: None,
            reason: "Đúng thẩm quyền".into(),
        },
        FeedbackActionKind::Dispute => FeedbackAction::Dispute {
            reason: "Chưa sửa".into(),
        },
    };
    let citizen = |id| Principal {
        user_id: UserId(id),
        kind: AccountKind::Citizen,
        display_name: "Dân".into(),
        grants: vec![],
    };
    let people = [
        officer(Role::Specialist, AGENCY),
        officer(Role::Leader, AGENCY),
        officer(Role::Specialist, OTHER),
        officer(Role::Leader, OTHER),
        citizen(REPORTER.get()),
        citizen(99),
    ];
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![new_report(&cal)];
    while let Some(s) = todo.pop() {
        if !seen.insert(format!("{:?}/{:?}/{}", s.status, s.agency_id, s.reopened.min(2))) {
            continue;
        }
        for who in &people {
            let actor = Actor::of(who, s.reporter_id);
            let offered = available_actions(&s, actor);
            for kind in FeedbackActionKind::ALL {
                let out = apply(&t, &s, actor, &valid(kind, &s));
                assert_eq!(
                    offered.contains(&kind),
                    out.is_ok(),
                    "{kind:?} by {} in {:?}",
                    who.user_id,
                    s.status
                );
                if let Ok(o) = out {
                    todo.push(o.state);
                }
            }
        }
    }
    assert!(seen.len() >= 10, "{} states", seen.len());
}
