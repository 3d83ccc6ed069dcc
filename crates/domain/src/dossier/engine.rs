//! The workflow engine: what an action does to a dossier. Pure: the caller loads the state,
//! applies, and stores the outcome (with a version check) in one transaction together with
//! the history row and the outbox event. Who may act is judged by `permitted::check`.

use time::{Duration, OffsetDateTime};

use super::action::{Action, Actor};
use super::permitted::{check, step_key};
use super::process::{Process, Step};
use super::state::{DossierState, HandOverRecord, LiaisonState, Outcome, Status, Timeliness};
use crate::account::Role;
use crate::calendar::{WorkingCalendar, add_months};
use crate::ids::{AgencyId, UnitId};
use crate::procedure::{TimeLimit, TimeUnit};

/// Why an action was refused. Each has a stable code for the API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("the dossier is {0:?}; this action is not possible now")]
    WrongStatus(Status),
    #[error("this action is not allowed at step {0}")]
    NotAtThisStep(String),
    #[error("this step needs the role {0:?} in the handling agency")]
    RoleRequired(Role),
    #[error("only the applicant may do this")]
    NotTheApplicant,
    #[error("a supplement may be requested only once")]
    SupplementAlreadyRequested,
    #[error("an extension may be given only once")]
    ExtensionAlreadyGiven,
    #[error("the appointment has already passed")]
    AppointmentPassed,
    #[error("the new date must be after the current appointment")]
    NewDueNotLater,
    #[error("field {0} is required")]
    Required(&'static str),
    #[error("unknown or later step {0}")]
    BadStep(String),
    #[error("there is no next step")]
    NoNextStep,
    #[error("the receiving agency must be another agency")]
    SameAgency,
    #[error("the fee is not paid yet")]
    PaymentDue,
}

impl WorkflowError {
    pub fn code(&self) -> &'static str {
        match self {
            WorkflowError::WrongStatus(_) => "wrong_status",
            WorkflowError::NotAtThisStep(_) => "action_not_allowed_at_step",
            WorkflowError::RoleRequired(_) => "role_required",
            WorkflowError::NotTheApplicant => "not_the_applicant",
            WorkflowError::SupplementAlreadyRequested => "supplement_already_requested",
            WorkflowError::ExtensionAlreadyGiven => "extension_already_given",
            WorkflowError::AppointmentPassed => "appointment_passed",
            WorkflowError::NewDueNotLater => "new_due_not_later",
            WorkflowError::Required(_) => "required",
            WorkflowError::BadStep(_) => "bad_step",
            WorkflowError::NoNextStep => "no_next_step",
            WorkflowError::SameAgency => "same_agency",
            WorkflowError::PaymentDue => "payment_due",
        }
    }
}

/// Resolves a unit code of an agency to the unit's id.
pub type UnitResolver<'a> = dyn Fn(AgencyId, &str) -> Option<UnitId> + 'a;

/// The context an action is applied in.
pub struct Context<'a> {
    pub process: &'a Process,
    pub limit: &'a TimeLimit,
    pub calendar: &'a WorkingCalendar,
    /// Resolves a unit code of the handling agency to its id.
    pub unit_id: &'a UnitResolver<'a>,
    pub now: OffsetDateTime,
}

impl<'a> Context<'a> {
    /// When a step entered at `from` is due: its allowance in the procedure's time unit
    /// (working time on the calendar; calendar months for limits in months).
    fn step_span(&self, step: &Step, from: OffsetDateTime) -> OffsetDateTime {
        let day = self.calendar.office.day_length();
        match self.limit.unit {
            TimeUnit::WorkingDays => self.calendar.add_working_time(from, day * step.allowance),
            TimeUnit::Hours => self
                .calendar
                .add_working_time(from, Duration::hours(1) * step.allowance),
            TimeUnit::Days => from + Duration::days(1) * step.allowance,
            TimeUnit::Months => add_month_fraction(from, step.allowance),
        }
    }

    /// The step the dossier is at: one of the process, or of the receiving agency's steps
    /// during an inter-agency hand-over.
    pub fn current_step(&self, state: &DossierState) -> Option<&'a Step> {
        self.process.current(state)
    }

    fn enter(&self, state: &mut DossierState, step: usize) {
        state.step = step;
        state.liaison = None;
        state.step_started_at = Some(self.now);
        state.step_due_at = self.process.steps.get(step).map(|s| self.step_span(s, self.now));
    }

    /// Moves on to `step`; reaching the step where results are returned means the
    /// processing is finished: the dossier is processed (đã xử lý xong) and waits there.
    fn move_on(&self, state: &mut DossierState, step: usize) {
        self.enter(state, step);
        let returns_result = self
            .process
            .steps
            .get(step)
            .is_some_and(|s| s.actions.contains(&super::ActionKind::ReturnResult));
        if returns_result && state.status == Status::Received {
            state.status = Status::Processed;
        }
    }

    /// Enters (or re-enters) whatever step `state` points at.
    fn reenter(&self, state: &mut DossierState) {
        state.step_started_at = Some(self.now);
        state.step_due_at = self.current_step(state).map(|s| self.step_span(s, self.now));
    }

    fn leave(&self, state: &DossierState) -> Option<HandOverRecord> {
        let step = self.current_step(state)?;
        let started_at = state.step_started_at?;
        let timeliness = match state.step_due_at {
            Some(due) if self.now > due => Timeliness::Late,
            Some(due)
                if self.now.to_offset(crate::calendar::VIETNAM).date()
                    < due.to_offset(crate::calendar::VIETNAM).date() =>
            {
                Timeliness::Early
            }
            _ => Timeliness::OnTime,
        };
        Some(HandOverRecord {
            step: step.key.clone(),
            started_at,
            finished_at: self.now,
            due_at: state.step_due_at,
            timeliness,
        })
    }
}

/// `months` calendar months after `from`; a fractional part counts as that share of the
/// days of the month that follows the whole months.
fn add_month_fraction(from: OffsetDateTime, months: f64) -> OffsetDateTime {
    if !months.is_finite() || months <= 0.0 {
        return from;
    }
    let whole = months.trunc();
    let start = add_months(from, whole.min(f64::from(u32::MAX)) as u32);
    let fraction = months - whole;
    if fraction <= 0.0 {
        return start;
    }
    let next = add_months(start, 1);
    start + (next - start) * fraction
}

fn require(text: &str, field: &'static str) -> Result<(), WorkflowError> {
    if text.trim().is_empty() {
        Err(WorkflowError::Required(field))
    } else {
        Ok(())
    }
}

/// Applies `action` by `actor` to `state`. On error nothing changed.
pub fn apply(ctx: &Context, state: &DossierState, actor: Actor, action: &Action) -> Result<Outcome, WorkflowError> {
    check(ctx, state, actor, action.kind())?;
    let mut next = state.clone();
    let mut hand_over = None;
    match action {
        Action::Receive => {
            next.status = Status::Received;
            next.received_at = Some(ctx.now);
            next.due_at = Some(ctx.calendar.due(ctx.now, ctx.limit.value, ctx.limit.unit));
            ctx.enter(&mut next, 0);
        }
        Action::RequestSupplement { items, reason } => {
            if items.iter().all(|i| i.trim().is_empty()) {
                return Err(WorkflowError::Required("items"));
            }
            require(reason, "reason")?;
            next.status = Status::SupplementRequested;
            next.supplements_requested += 1;
        }
        Action::CompleteSupplement => {
            if state.received_at.is_some() {
                // The time limit restarts from the complete supplement.
                next.status = Status::Received;
                next.due_at = Some(ctx.calendar.due(ctx.now, ctx.limit.value, ctx.limit.unit));
                ctx.reenter(&mut next);
            } else {
                next.status = Status::Submitted;
            }
        }
        Action::Refuse { reasons } => {
            require(reasons, "reasons")?;
            next.status = Status::Refused;
            hand_over = ctx.leave(state);
        }
        Action::Forward | Action::Approve => {
            hand_over = ctx.leave(state);
            match state.liaison {
                Some(mut l) => {
                    l.sub_step += 1;
                    next.liaison = Some(l);
                    ctx.reenter(&mut next);
                }
                None => ctx.move_on(&mut next, state.step + 1),
            }
        }
        Action::HandOver { agency_id, reason } => {
            require(reason, "reason")?;
            if *agency_id == state.agency_id {
                return Err(WorkflowError::SameAgency);
            }
            hand_over = ctx.leave(state);
            next.agency_id = *agency_id;
            let liaison = ctx.process.steps.get(state.step).and_then(|s| s.hand_over.as_ref());
            if state.liaison.is_none() && liaison.is_some() {
                // The receiving agency runs its own steps, then hands the dossier back.
                next.liaison = Some(LiaisonState {
                    origin_agency_id: state.agency_id,
                    sub_step: 0,
                });
            }
            ctx.reenter(&mut next);
        }
        Action::HandBack => {
            let l = state
                .liaison
                .ok_or_else(|| WorkflowError::NotAtThisStep(step_key(ctx, state)))?;
            let to = ctx.process.return_step(state.step).ok_or(WorkflowError::NoNextStep)?;
            hand_over = ctx.leave(state);
            next.agency_id = l.origin_agency_id;
            ctx.move_on(&mut next, to);
        }
        Action::ReturnToStep { step, reason } => {
            require(reason, "reason")?;
            hand_over = return_to_step(ctx, state, &mut next, step)?;
        }
        Action::MarkProcessed => {
            hand_over = ctx.leave(state);
            next.status = Status::Processed;
            let result_step = ctx
                .process
                .steps
                .iter()
                .position(|s| s.actions.contains(&super::ActionKind::ReturnResult));
            ctx.enter(&mut next, result_step.unwrap_or(state.step));
        }
        Action::ReturnResult { .. } => {
            hand_over = ctx.leave(state);
            next.status = Status::ResultReturned;
        }
        Action::ApologiseExtend { reason, new_due } => {
            require(reason, "reason")?;
            let due = state.due_at.ok_or(WorkflowError::WrongStatus(state.status))?;
            if *new_due <= due {
                return Err(WorkflowError::NewDueNotLater);
            }
            next.extensions += 1;
            next.due_at = Some(*new_due);
        }
        Action::Stop { reason } => {
            require(reason, "reason")?;
            hand_over = ctx.leave(state);
            next.status = Status::Stopped;
        }
        Action::Withdraw { reason } => {
            require(reason, "reason")?;
            next.status = Status::Withdrawn;
        }
    }
    Ok(Outcome { state: next, hand_over })
}

/// Sends the dossier back to an earlier step (of the receiving side during a hand-over).
fn return_to_step(
    ctx: &Context,
    state: &DossierState,
    next: &mut DossierState,
    step: &str,
) -> Result<Option<HandOverRecord>, WorkflowError> {
    let bad = || WorkflowError::BadStep(step.to_owned());
    match state.liaison {
        Some(mut l) => {
            let subs = ctx
                .process
                .steps
                .get(state.step)
                .and_then(|s| s.hand_over.as_ref())
                .map_or(&[][..], |h| h.steps.as_slice());
            let i = subs.iter().position(|s| s.key == step).ok_or_else(bad)?;
            if i >= l.sub_step {
                return Err(bad());
            }
            let hand_over = ctx.leave(state);
            l.sub_step = i;
            next.liaison = Some(l);
            ctx.reenter(next);
            Ok(hand_over)
        }
        None => {
            let (i, _) = ctx.process.step(step).ok_or_else(bad)?;
            if i >= state.step {
                return Err(bad());
            }
            let hand_over = ctx.leave(state);
            ctx.enter(next, i);
            Ok(hand_over)
        }
    }
}

impl Process {
    /// The step a dossier is at: one of the process, or of the receiving agency's steps
    /// during an inter-agency hand-over.
    pub fn current(&self, state: &DossierState) -> Option<&Step> {
        let step = self.steps.get(state.step)?;
        match state.liaison {
            None => Some(step),
            Some(l) => step.hand_over.as_ref()?.steps.get(l.sub_step),
        }
    }
}
