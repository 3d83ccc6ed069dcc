//! `available_actions` is the engine's own judgement: over every state reachable by taking
//! offered actions, for every kind of user, an action is offered exactly when the engine
//! applies it (with a valid reason, date and target).

use std::collections::HashSet;

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::*;
use crate::account::{AccountKind, Principal, Role, RoleGrant};
use crate::calendar::{OfficeHours, WorkingCalendar};
use crate::ids::{AgencyId, UnitId, UserId};
use crate::procedure::{TimeLimit, TimeUnit};

const COMMUNE: AgencyId = AgencyId(7);
const DEPT: AgencyId = AgencyId(8);
const APPLICANT: UserId = UserId(1);

fn units(agency: AgencyId, code: &str) -> Option<UnitId> {
    let base = if agency == COMMUNE { 70 } else { 80 };
    Some(UnitId(match code {
        "MC" => base,
        "VP" => base + 1,
        _ => base + 2,
    }))
}

fn officer(id: i64, role: Role, agency: AgencyId, unit: Option<&str>) -> Principal {
    Principal {
        user_id: UserId(id),
        kind: AccountKind::Officer,
        display_name: format!("officer {id}"),
        grants: vec![RoleGrant {
            role,
            agency_id: agency,
            unit_id: unit.and_then(|u| units(agency, u)),
        }],
    }
}

fn people() -> Vec<Principal> {
    let citizen = |id| Principal {
        user_id: UserId(id),
        kind: AccountKind::Citizen,
        display_name: "citizen".into(),
        grants: vec![],
    };
    vec![
        officer(10, Role::OneStopOfficer, COMMUNE, Some("MC")),
        officer(11, Role::Specialist, COMMUNE, Some("VP")),
        officer(12, Role::Leader, COMMUNE, Some("LD")),
        officer(13, Role::Specialist, COMMUNE, Some("MC")),
        officer(14, Role::AgencyAdmin, COMMUNE, None),
        officer(20, Role::OneStopOfficer, DEPT, None),
        officer(21, Role::Specialist, DEPT, None),
        officer(22, Role::Leader, DEPT, None),
        citizen(APPLICANT.get()),
        citizen(2),
    ]
}

fn limit() -> TimeLimit {
    TimeLimit {
        value: 5,
        unit: TimeUnit::WorkingDays,
        note: String::new(),
    }
}

fn with_liaison(mut p: Process) -> Process {
    let sub = |key: &str, role, actions: &[ActionKind]| Step {
        key: key.into(),
        name: key.into(),
        role,
        unit: None,
        allowance: 0.5,
        actions: actions.to_vec(),
        hand_over: None,
    };
    p.steps[1].hand_over = Some(Liaison {
        steps: vec![
            sub(
                "so_xu_ly",
                Role::Specialist,
                &[ActionKind::Forward, ActionKind::ApologiseExtend],
            ),
            sub("so_ky", Role::Leader, &[ActionKind::ReturnToStep, ActionKind::HandBack]),
        ],
        return_to: None,
    });
    p
}

/// An action of `kind` with valid content for `state`.
fn valid(kind: ActionKind, state: &DossierState, process: &Process) -> Action {
    let reason = || "Lý do".to_owned();
    match kind {
        ActionKind::Receive => Action::Receive,
        ActionKind::RequestSupplement => Action::RequestSupplement {
            items: vec!["Tờ khai".into()],
            reason: reason(),
        },
        ActionKind::CompleteSupplement => Action::CompleteSupplement,
        ActionKind::Refuse => Action::Refuse { reasons: reason() },
        ActionKind::Forward => Action::Forward,
        ActionKind::HandOver => Action::HandOver {
            agency_id: if state.agency_id == COMMUNE { DEPT } else { COMMUNE },
            reason: reason(),
        },
        ActionKind::ReturnToStep => {
            let step = match state.liaison {
                Some(_) => process.steps[state.step]
                    .hand_over
                    .as_ref()
                    .map(|h| h.steps[0].key.clone())
                    .unwrap_or_default(),
                None => process.steps[0].key.clone(),
            };
            Action::ReturnToStep { step, reason: reason() }
        }
        ActionKind::Approve => Action::Approve,
        ActionKind::MarkProcessed => Action::MarkProcessed,
        ActionKind::ReturnResult => Action::ReturnResult {
            method: ResultMethod::Counter,
        },
        ActionKind::ApologiseExtend => Action::ApologiseExtend {
            reason: reason(),
            new_due: state.due_at.unwrap_or(OffsetDateTime::UNIX_EPOCH) + Duration::days(1),
        },
        ActionKind::Stop => Action::Stop { reason: reason() },
        ActionKind::Withdraw => Action::Withdraw { reason: reason() },
        ActionKind::HandBack => Action::HandBack,
    }
}

fn key(s: &DossierState) -> String {
    format!(
        "{:?}/{}/{:?}/{}/{}/{:?}",
        s.status, s.step, s.agency_id, s.supplements_requested, s.extensions, s.liaison
    )
}

fn walk(process: &Process) -> usize {
    let limit = limit();
    let calendar = WorkingCalendar::new(vec![], OfficeHours::default());
    let now = datetime!(2026-03-09 09:00 +7);
    let ctx = Context {
        process,
        limit: &limit,
        calendar: &calendar,
        unit_id: &units,
        now,
    };
    let people = people();
    let mut seen = HashSet::new();
    let mut todo = vec![DossierState::submitted(COMMUNE, Some(APPLICANT))];
    while let Some(state) = todo.pop() {
        if !seen.insert(key(&state)) {
            continue;
        }
        for who in &people {
            let actor = Actor::of(who, state.applicant_id);
            let offered = available_actions(&ctx, &state, actor);
            for kind in permitted::ALL_KINDS {
                let outcome = apply(&ctx, &state, actor, &valid(kind, &state, process));
                assert_eq!(
                    offered.contains(&kind),
                    outcome.is_ok(),
                    "{kind:?} by user {} at {} → {outcome:?}",
                    who.user_id,
                    key(&state)
                );
                if let Ok(o) = outcome {
                    todo.push(o.state);
                }
            }
        }
    }
    seen.len()
}

#[test]
fn offered_actions_are_exactly_those_the_engine_applies() {
    let standard = Process::standard(&limit());
    assert!(walk(&standard) > 20, "the walk reaches many states");
    assert!(walk(&with_liaison(standard)) > 25);
}

#[test]
fn nobody_outside_the_dossier_is_offered_anything() {
    let process = Process::standard(&limit());
    let limit = limit();
    let calendar = WorkingCalendar::new(vec![], OfficeHours::default());
    let ctx = Context {
        process: &process,
        limit: &limit,
        calendar: &calendar,
        unit_id: &units,
        now: datetime!(2026-03-09 09:00 +7),
    };
    let state = DossierState::submitted(COMMUNE, Some(APPLICANT));
    let stranger = officer(30, Role::OneStopOfficer, AgencyId(9), None);
    assert!(available_actions(&ctx, &state, Actor::Officer(&stranger)).is_empty());
    let specialist = officer(11, Role::Specialist, COMMUNE, Some("VP"));
    assert!(
        available_actions(&ctx, &state, Actor::Officer(&specialist)).is_empty(),
        "the specialist does not receive"
    );
    let mc = officer(10, Role::OneStopOfficer, COMMUNE, Some("MC"));
    assert_eq!(
        available_actions(&ctx, &state, Actor::Officer(&mc)),
        vec![
            ActionKind::Receive,
            ActionKind::RequestSupplement,
            ActionKind::Refuse,
            ActionKind::Withdraw
        ],
        "no forward or hand-over before reception"
    );
}

#[test]
fn readers_of_a_dossier() {
    let mut state = DossierState::submitted(COMMUNE, Some(APPLICANT));
    let people = people();
    let readers: Vec<_> = people
        .iter()
        .filter(|p| may_read(p, COMMUNE, &state))
        .map(|p| p.user_id.get())
        .collect();
    assert_eq!(
        readers,
        vec![10, 11, 12, 13, 14, 1],
        "the commune's officers and the applicant"
    );
    state.agency_id = DEPT;
    state.liaison = Some(LiaisonState {
        origin_agency_id: COMMUNE,
        sub_step: 0,
    });
    let readers = people.iter().filter(|p| may_read(p, COMMUNE, &state)).count();
    assert_eq!(readers, 9, "both agencies and the applicant while it is away");
}
