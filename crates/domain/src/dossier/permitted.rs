//! Who may take which action now: the one source for the engine's checks, the portal's
//! buttons and the API's `available_actions`. `check` judges everything that does not depend
//! on what the action says (reasons, dates, the receiving agency); `apply` runs it first.

use super::action::Actor;
use super::engine::{Context, WorkflowError};
use super::process::ActionKind;
use super::state::{DossierState, Status};
use crate::account::{Principal, Role};
use crate::ids::AgencyId;
use crate::payment::FeeDue;

/// Every action kind, officers' and the applicant's.
pub const ALL_KINDS: [ActionKind; 14] = [
    ActionKind::Receive,
    ActionKind::RequestSupplement,
    ActionKind::CompleteSupplement,
    ActionKind::Refuse,
    ActionKind::Forward,
    ActionKind::HandOver,
    ActionKind::ReturnToStep,
    ActionKind::Approve,
    ActionKind::MarkProcessed,
    ActionKind::ReturnResult,
    ActionKind::ApologiseExtend,
    ActionKind::Stop,
    ActionKind::Withdraw,
    ActionKind::HandBack,
];

/// The kinds the engine would accept from `actor` now (given valid reasons and dates), in
/// the order of `ALL_KINDS`.
pub fn available_actions(ctx: &Context, state: &DossierState, actor: Actor) -> Vec<ActionKind> {
    ALL_KINDS
        .into_iter()
        .filter(|k| check(ctx, state, actor, *k).is_ok())
        .collect()
}

/// Whether `actor` may take an action of `kind` now. On success only the action's own
/// content (reasons, a later date, another agency…) can still refuse it.
pub fn check(ctx: &Context, state: &DossierState, actor: Actor, kind: ActionKind) -> Result<(), WorkflowError> {
    if state.status.is_final() {
        return Err(WorkflowError::WrongStatus(state.status));
    }
    let by_applicant_or_counter = matches!(kind, ActionKind::CompleteSupplement | ActionKind::Withdraw);
    match actor {
        // At the counter a one-stop officer records the applicant's supplement or withdrawal.
        Actor::Officer(who) if by_applicant_or_counter => counter_officer(state, who)?,
        Actor::Officer(who) => officer_at_step(ctx, state, who, kind)?,
        Actor::Applicant(id) => {
            if !by_applicant_or_counter || state.applicant_id != Some(id) {
                return Err(WorkflowError::NotTheApplicant);
            }
        }
    }
    state_allows(ctx, state, kind)
}

fn status_in(state: &DossierState, allowed: &[Status]) -> Result<(), WorkflowError> {
    if allowed.contains(&state.status) {
        Ok(())
    } else {
        Err(WorkflowError::WrongStatus(state.status))
    }
}

/// What the dossier's status, counters, clock and position in the process allow.
fn state_allows(ctx: &Context, state: &DossierState, kind: ActionKind) -> Result<(), WorkflowError> {
    use ActionKind as K;
    use Status as S;
    match kind {
        K::Receive => {
            status_in(state, &[S::Submitted])?;
            match state.fee {
                Some(f) if f.due == FeeDue::AtFiling && state.payment_due().is_some() => Err(WorkflowError::PaymentDue),
                _ => Ok(()),
            }
        }
        K::RequestSupplement => {
            status_in(state, &[S::Submitted, S::Received])?;
            if state.supplements_requested > 0 {
                return Err(WorkflowError::SupplementAlreadyRequested);
            }
            Ok(())
        }
        K::CompleteSupplement => status_in(state, &[S::SupplementRequested]),
        K::Refuse => status_in(state, &[S::Submitted, S::Received]),
        K::Forward | K::Approve => {
            status_in(state, &[S::Received])?;
            let has_next = match state.liaison {
                Some(l) => ctx
                    .process
                    .steps
                    .get(state.step)
                    .and_then(|s| s.hand_over.as_ref())
                    .is_some_and(|h| l.sub_step + 1 < h.steps.len()),
                None => state.step + 1 < ctx.process.steps.len(),
            };
            if has_next {
                Ok(())
            } else {
                Err(WorkflowError::NoNextStep)
            }
        }
        K::HandOver | K::MarkProcessed | K::Stop => status_in(state, &[S::Received]),
        K::HandBack => {
            status_in(state, &[S::Received])?;
            if state.liaison.is_none() {
                return Err(WorkflowError::NotAtThisStep(step_key(ctx, state)));
            }
            ctx.process
                .return_step(state.step)
                .map(|_| ())
                .ok_or(WorkflowError::NoNextStep)
        }
        K::ReturnToStep => {
            status_in(state, &[S::Received])?;
            let earlier = match state.liaison {
                Some(l) => l.sub_step > 0,
                None => state.step > 0,
            };
            if earlier {
                Ok(())
            } else {
                Err(WorkflowError::BadStep(step_key(ctx, state)))
            }
        }
        K::ReturnResult => {
            status_in(state, &[S::Processed])?;
            if state.payment_due().is_some() {
                return Err(WorkflowError::PaymentDue);
            }
            Ok(())
        }
        K::ApologiseExtend => {
            status_in(state, &[S::Received, S::Processed])?;
            if state.extensions > 0 {
                return Err(WorkflowError::ExtensionAlreadyGiven);
            }
            let due = state.due_at.ok_or(WorkflowError::WrongStatus(state.status))?;
            if ctx.now >= due {
                return Err(WorkflowError::AppointmentPassed);
            }
            Ok(())
        }
        K::Withdraw => status_in(state, &[S::Submitted, S::Received, S::SupplementRequested]),
    }
}

pub(super) fn step_key(ctx: &Context, state: &DossierState) -> String {
    ctx.current_step(state).map(|s| s.key.clone()).unwrap_or_default()
}

/// The step allows `kind`, and the officer holds the step's role in the handling agency
/// (in the step's unit when it names one).
fn officer_at_step(
    ctx: &Context,
    state: &DossierState,
    who: &Principal,
    kind: ActionKind,
) -> Result<(), WorkflowError> {
    let step = ctx.current_step(state).ok_or(WorkflowError::NoNextStep)?;
    if !step.actions.contains(&kind) {
        return Err(WorkflowError::NotAtThisStep(step.key.clone()));
    }
    let unit = step.unit.as_deref().and_then(|u| (ctx.unit_id)(state.agency_id, u));
    if who.holds(step.role, state.agency_id, unit) {
        Ok(())
    } else {
        Err(WorkflowError::RoleRequired(step.role))
    }
}

fn counter_officer(state: &DossierState, who: &Principal) -> Result<(), WorkflowError> {
    if who.holds(Role::OneStopOfficer, state.agency_id, None) {
        Ok(())
    } else {
        Err(WorkflowError::RoleRequired(Role::OneStopOfficer))
    }
}

/// Who may read a dossier: its applicant, officers of the agency handling it now, of the
/// agency that received it and of the agency that handed it over (while it is away), and
/// system administrators. Everyone else must not learn that it exists.
pub fn may_read(who: &Principal, receiving_agency: AgencyId, state: &DossierState) -> bool {
    who.is_system_admin()
        || state.applicant_id == Some(who.user_id)
        || who.works_at(state.agency_id, None)
        || who.works_at(receiving_agency, None)
        || state.liaison.is_some_and(|l| who.works_at(l.origin_agency_id, None))
}
