//! No sequence of offered buttons may strand a dossier: for the process of every procedure of
//! the demo catalogue (and one with an inter-agency hand-over), walk every state reachable by
//! taking only the actions offered to somebody at each state — the one-stop officer, the
//! specialist, the leader, the applicant, officers of the receiving agency — and check that
//! from each of them the officers can still bring it to an end (result returned, refused,
//! stopped): the applicant's withdrawal is an end too, but never the only way out.

use std::collections::{HashMap, HashSet, VecDeque};

use time::OffsetDateTime;
use time::macros::datetime;

use motcua_domain::account::{AccountKind, Principal, Role, RoleGrant};
use motcua_domain::calendar::{OfficeHours, WorkingCalendar};
use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::dossier::{
    Action, ActionKind, Actor, Context, DossierState, Liaison, Process, ResultMethod, Step, apply, available_actions,
};
use motcua_domain::ids::{AgencyId, UnitId, UserId};
use motcua_domain::procedure::TimeLimit;

const HOME: AgencyId = AgencyId(1);
const OTHER: AgencyId = AgencyId(2);
const APPLICANT: UserId = UserId(99);

fn unit(agency: AgencyId, code: &str) -> Option<UnitId> {
    let base = agency.get() * 10;
    Some(UnitId(match code {
        "MC" => base,
        "VP" => base + 1,
        _ => base + 2,
    }))
}

fn people() -> Vec<Principal> {
    let officer = |id, role, agency: AgencyId, u: Option<&str>| Principal {
        user_id: UserId(id),
        kind: AccountKind::Officer,
        display_name: String::new(),
        grants: vec![RoleGrant {
            role,
            agency_id: agency,
            unit_id: u.and_then(|u| unit(agency, u)),
        }],
    };
    vec![
        officer(1, Role::OneStopOfficer, HOME, Some("MC")),
        officer(2, Role::Specialist, HOME, Some("VP")),
        officer(3, Role::Leader, HOME, Some("LD")),
        officer(4, Role::Specialist, OTHER, None),
        officer(6, Role::OneStopOfficer, OTHER, None),
        officer(5, Role::Leader, OTHER, None),
        Principal {
            user_id: APPLICANT,
            kind: AccountKind::Citizen,
            display_name: String::new(),
            grants: vec![],
        },
    ]
}

fn action(kind: ActionKind, s: &DossierState, process: &Process) -> Action {
    let reason = || "Lý do".to_owned();
    match kind {
        ActionKind::Receive => Action::Receive,
        ActionKind::RequestSupplement => Action::RequestSupplement {
            items: vec!["Giấy tờ".into()],
            reason: reason(),
        },
        ActionKind::CompleteSupplement => Action::CompleteSupplement,
        ActionKind::Refuse => Action::Refuse { reasons: reason() },
        ActionKind::Forward => Action::Forward,
        ActionKind::HandOver => Action::HandOver {
            agency_id: if s.agency_id == HOME { OTHER } else { HOME },
            reason: reason(),
        },
        ActionKind::ReturnToStep => Action::ReturnToStep {
            step: match s.liaison {
                Some(_) => process.steps[s.step]
                    .hand_over
                    .as_ref()
                    .map(|h| h.steps[0].key.clone())
                    .unwrap_or_default(),
                None => process.steps[0].key.clone(),
            },
            reason: reason(),
        },
        ActionKind::Approve => Action::Approve,
        ActionKind::MarkProcessed => Action::MarkProcessed,
        ActionKind::ReturnResult => Action::ReturnResult {
            method: ResultMethod::Counter,
        },
        ActionKind::ApologiseExtend => Action::ApologiseExtend {
            reason: reason(),
            new_due: s.due_at.unwrap_or(OffsetDateTime::UNIX_EPOCH) + time::Duration::days(3),
        },
        ActionKind::Stop => Action::Stop { reason: reason() },
        ActionKind::Withdraw => Action::Withdraw { reason: reason() },
        ActionKind::HandBack => Action::HandBack,
    }
}

fn key(s: &DossierState) -> String {
    format!(
        "{:?}|{}|{:?}|{}|{}|{:?}",
        s.status, s.step, s.agency_id, s.supplements_requested, s.extensions, s.liaison
    )
}

/// Walks the states reachable through offered actions; returns how many there are and
/// those from which no end can be reached.
fn stranded(process: &Process, limit: &TimeLimit) -> (usize, Vec<String>) {
    let calendar = WorkingCalendar::new(vec![], OfficeHours::default());
    let ctx = Context {
        process,
        limit,
        calendar: &calendar,
        unit_id: &unit,
        now: datetime!(2026-03-09 09:00 +7),
    };
    let people = people();
    let start = DossierState::submitted(HOME, Some(APPLICANT));
    let mut edges: HashMap<String, HashSet<String>> = HashMap::new();
    let mut finals = HashSet::new();
    let mut seen = HashSet::new();
    let mut todo = VecDeque::from([start]);
    while let Some(s) = todo.pop_front() {
        let k = key(&s);
        if !seen.insert(k.clone()) {
            continue;
        }
        if s.status.is_final() {
            finals.insert(k.clone());
        }
        for who in &people {
            let actor = Actor::of(who, s.applicant_id);
            for kind in available_actions(&ctx, &s, actor) {
                let next = apply(&ctx, &s, actor, &action(kind, &s, process))
                    .unwrap_or_else(|e| panic!("{kind:?} was offered at {k} but refused: {e}"))
                    .state;
                if kind != ActionKind::Withdraw {
                    edges.entry(k.clone()).or_default().insert(key(&next));
                }
                todo.push_back(next);
            }
        }
    }
    // Backwards from the ends: which states can still finish?
    let mut can_finish = finals.clone();
    loop {
        let before = can_finish.len();
        for (from, tos) in &edges {
            if tos.iter().any(|t| can_finish.contains(t)) {
                can_finish.insert(from.clone());
            }
        }
        if can_finish.len() == before {
            break;
        }
    }
    let mut stuck: Vec<_> = seen
        .difference(&can_finish)
        .filter(|k| !k.starts_with("Withdrawn"))
        .cloned()
        .collect();
    stuck.sort();
    (seen.len(), stuck)
}

fn with_hand_over(mut p: Process) -> Process {
    let sub = |key: &str, role, actions: &[ActionKind]| Step {
        key: key.into(),
        name: key.into(),
        role,
        unit: None,
        allowance: 0.0,
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

#[test]
fn no_offered_path_strands_a_dossier_of_the_demo_catalogue() {
    let doc: CatalogueDoc = serde_json::from_str(include_str!("../../../demo/catalogue.json")).unwrap();
    let mut limits: Vec<TimeLimit> = Vec::new();
    for p in &doc.procedures {
        if !limits.contains(&p.time_limit) {
            limits.push(p.time_limit.clone());
        }
    }
    assert!(limits.len() >= 3, "several time limits are walked");
    for limit in &limits {
        for process in [Process::standard(limit), with_hand_over(Process::standard(limit))] {
            let (states, stuck) = stranded(&process, limit);
            assert!(states > 20, "{limit:?}: {states} states walked");
            assert!(stuck.is_empty(), "{limit:?}: stranded at {stuck:#?}");
        }
    }
}
