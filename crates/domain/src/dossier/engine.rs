//! The workflow engine: what an action does to a dossier, and who may take it. Pure: the
//! caller loads the state, applies, and stores the outcome (with a version check) in one
//! transaction together with the history row and the outbox event.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::process::{ActionKind, Process, Step};
use crate::account::{Principal, Role};
use crate::calendar::WorkingCalendar;
use crate::procedure::{TimeLimit, TimeUnit};

/// Public status vocabulary (the national portal's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed online, waiting for reception.
    Submitted,
    /// Received (tiếp nhận) and being processed.
    Received,
    /// The applicant was asked, once, to add to the dossier; the clock is stopped.
    SupplementRequested,
    /// Processed (đã xử lý xong): the result waits to be returned.
    Processed,
    ResultReturned,
    Refused,
    Stopped,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Submitted,
        Status::Received,
        Status::SupplementRequested,
        Status::Processed,
        Status::ResultReturned,
        Status::Refused,
        Status::Stopped,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Received => "received",
            Status::SupplementRequested => "supplement_requested",
            Status::Processed => "processed",
            Status::ResultReturned => "result_returned",
            Status::Refused => "refused",
            Status::Stopped => "stopped",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// No further action changes the dossier.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::ResultReturned | Status::Refused | Status::Stopped | Status::Withdrawn
        )
    }
}

/// How a result reaches the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultMethod {
    Counter,
    Post,
    Electronic,
}

/// What the engine needs to know about a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierState {
    pub status: Status,
    /// Index of the current step in the process.
    pub step: usize,
    /// The agency responsible now (changes on inter-agency hand-over).
    pub agency_id: i64,
    pub applicant_id: Option<i64>,
    pub received_at: Option<OffsetDateTime>,
    pub due_at: Option<OffsetDateTime>,
    pub step_started_at: Option<OffsetDateTime>,
    pub step_due_at: Option<OffsetDateTime>,
    pub supplements_requested: u32,
    pub extensions: u32,
    /// Set while another agency runs its own steps after an inter-agency hand-over.
    pub liaison: Option<LiaisonState>,
}

/// Where a dossier is inside the receiving agency's steps (`DossierState::step` stays the
/// sending agency's step that handed it over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiaisonState {
    /// The agency that handed the dossier over and gets it back.
    pub origin_agency_id: i64,
    /// Index in the receiving side's steps.
    pub sub_step: usize,
}

impl DossierState {
    /// A dossier just filed online.
    pub fn submitted(agency_id: i64, applicant_id: Option<i64>) -> Self {
        DossierState {
            status: Status::Submitted,
            step: 0,
            agency_id,
            applicant_id,
            received_at: None,
            due_at: None,
            step_started_at: None,
            step_due_at: None,
            supplements_requested: 0,
            extensions: 0,
            liaison: None,
        }
    }
}

/// An action with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    Receive,
    RequestSupplement {
        items: Vec<String>,
        reason: String,
    },
    CompleteSupplement,
    Refuse {
        reasons: String,
    },
    Forward,
    HandOver {
        agency_id: i64,
        reason: String,
    },
    ReturnToStep {
        step: String,
        reason: String,
    },
    Approve,
    MarkProcessed,
    ReturnResult {
        method: ResultMethod,
    },
    ApologiseExtend {
        reason: String,
        #[serde(with = "time::serde::rfc3339")]
        new_due: OffsetDateTime,
    },
    Stop {
        reason: String,
    },
    Withdraw {
        reason: String,
    },
    /// The receiving agency of an inter-agency hand-over gives the dossier back.
    HandBack,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Receive => ActionKind::Receive,
            Action::RequestSupplement { .. } => ActionKind::RequestSupplement,
            Action::CompleteSupplement => ActionKind::CompleteSupplement,
            Action::Refuse { .. } => ActionKind::Refuse,
            Action::Forward => ActionKind::Forward,
            Action::HandOver { .. } => ActionKind::HandOver,
            Action::ReturnToStep { .. } => ActionKind::ReturnToStep,
            Action::Approve => ActionKind::Approve,
            Action::MarkProcessed => ActionKind::MarkProcessed,
            Action::ReturnResult { .. } => ActionKind::ReturnResult,
            Action::ApologiseExtend { .. } => ActionKind::ApologiseExtend,
            Action::Stop { .. } => ActionKind::Stop,
            Action::Withdraw { .. } => ActionKind::Withdraw,
            Action::HandBack => ActionKind::HandBack,
        }
    }
}

/// Who acts.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Officer(&'a Principal),
    /// The signed-in applicant who owns the dossier (or their user id).
    Applicant(i64),
}

/// Whether a step was finished early, on time or late (form 05).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

/// One hand-over between steps, units or agencies (a row of form 05).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOverRecord {
    pub step: String,
    pub started_at: OffsetDateTime,
    pub finished_at: OffsetDateTime,
    pub due_at: Option<OffsetDateTime>,
    pub timeliness: Timeliness,
}

/// What applying an action produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub state: DossierState,
    pub hand_over: Option<HandOverRecord>,
}

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
        }
    }
}

/// The context an action is applied in.
pub struct Context<'a> {
    pub process: &'a Process,
    pub limit: &'a TimeLimit,
    pub calendar: &'a WorkingCalendar,
    /// Resolves a unit code of the handling agency to its id.
    pub unit_id: &'a dyn Fn(i64, &str) -> Option<i64>,
    pub now: OffsetDateTime,
}

impl<'a> Context<'a> {
    fn step_span(&self, step: &Step, from: OffsetDateTime) -> OffsetDateTime {
        let day = self.calendar.office.day_length();
        match self.limit.unit {
            TimeUnit::WorkingDays => self.calendar.add_working_time(from, day * step.allowance),
            TimeUnit::Hours => self
                .calendar
                .add_working_time(from, Duration::hours(1) * step.allowance),
            TimeUnit::Days => from + Duration::days(1) * step.allowance,
            TimeUnit::Months => from + Duration::days(30) * step.allowance,
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

fn require(text: &str, field: &'static str) -> Result<(), WorkflowError> {
    if text.trim().is_empty() {
        Err(WorkflowError::Required(field))
    } else {
        Ok(())
    }
}

fn status_in(state: &DossierState, allowed: &[Status]) -> Result<(), WorkflowError> {
    if allowed.contains(&state.status) {
        Ok(())
    } else {
        Err(WorkflowError::WrongStatus(state.status))
    }
}

/// Checks that an officer may take `kind` at the dossier's current step.
fn officer_may(ctx: &Context, state: &DossierState, who: &Principal, kind: ActionKind) -> Result<(), WorkflowError> {
    let step = ctx.current_step(state).ok_or(WorkflowError::NoNextStep)?;
    if !step.actions.contains(&kind) {
        return Err(WorkflowError::NotAtThisStep(step.key.clone()));
    }
    let unit = step.unit.as_deref().and_then(|u| (ctx.unit_id)(state.agency_id, u));
    let holds = who.grants.iter().any(|g| {
        g.role == step.role
            && g.agency_id == state.agency_id
            && (unit.is_none() || g.unit_id.is_none() || g.unit_id == unit)
    });
    if holds {
        Ok(())
    } else {
        Err(WorkflowError::RoleRequired(step.role))
    }
}

/// Applies `action` by `actor` to `state`. On error nothing changed.
pub fn apply(ctx: &Context, state: &DossierState, actor: Actor, action: &Action) -> Result<Outcome, WorkflowError> {
    if state.status.is_final() {
        return Err(WorkflowError::WrongStatus(state.status));
    }
    let kind = action.kind();
    match actor {
        Actor::Officer(who) => {
            if matches!(kind, ActionKind::CompleteSupplement | ActionKind::Withdraw) {
                // At the counter an officer records the applicant's supplement or withdrawal.
                officer_may_any_step(ctx, state, who)?;
            } else {
                officer_may(ctx, state, who, kind)?;
            }
        }
        Actor::Applicant(id) => {
            if !matches!(kind, ActionKind::CompleteSupplement | ActionKind::Withdraw) {
                return Err(WorkflowError::NotTheApplicant);
            }
            if state.applicant_id != Some(id) {
                return Err(WorkflowError::NotTheApplicant);
            }
        }
    }
    let mut next = state.clone();
    let mut hand_over = None;
    match action {
        Action::Receive => {
            status_in(state, &[Status::Submitted])?;
            next.status = Status::Received;
            next.received_at = Some(ctx.now);
            next.due_at = Some(ctx.calendar.due(ctx.now, ctx.limit.value, ctx.limit.unit));
            ctx.enter(&mut next, 0);
        }
        Action::RequestSupplement { items, reason } => {
            status_in(state, &[Status::Submitted, Status::Received])?;
            if state.supplements_requested > 0 {
                return Err(WorkflowError::SupplementAlreadyRequested);
            }
            if items.iter().all(|i| i.trim().is_empty()) {
                return Err(WorkflowError::Required("items"));
            }
            require(reason, "reason")?;
            next.status = Status::SupplementRequested;
            next.supplements_requested += 1;
        }
        Action::CompleteSupplement => {
            status_in(state, &[Status::SupplementRequested])?;
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
            status_in(state, &[Status::Submitted, Status::Received])?;
            require(reasons, "reasons")?;
            next.status = Status::Refused;
            hand_over = ctx.leave(state);
        }
        Action::Forward | Action::Approve if state.liaison.is_some() => {
            status_in(state, &[Status::Received])?;
            let mut l = state.liaison.unwrap_or(LiaisonState {
                origin_agency_id: state.agency_id,
                sub_step: 0,
            });
            l.sub_step += 1;
            next.liaison = Some(l);
            if ctx.current_step(&next).is_none() {
                return Err(WorkflowError::NoNextStep);
            }
            hand_over = ctx.leave(state);
            ctx.reenter(&mut next);
        }
        Action::Forward | Action::Approve => {
            status_in(state, &[Status::Received])?;
            let to = state.step + 1;
            if to >= ctx.process.steps.len() {
                return Err(WorkflowError::NoNextStep);
            }
            hand_over = ctx.leave(state);
            ctx.enter(&mut next, to);
        }
        Action::HandOver { agency_id, reason } => {
            status_in(state, &[Status::Received])?;
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
            status_in(state, &[Status::Received])?;
            let l = state
                .liaison
                .ok_or_else(|| WorkflowError::NotAtThisStep(step_key(ctx, state)))?;
            let to = ctx.process.return_step(state.step).ok_or(WorkflowError::NoNextStep)?;
            hand_over = ctx.leave(state);
            next.agency_id = l.origin_agency_id;
            ctx.enter(&mut next, to);
        }
        Action::ReturnToStep { step, reason } if state.liaison.is_some() => {
            status_in(state, &[Status::Received])?;
            require(reason, "reason")?;
            let subs = ctx
                .process
                .steps
                .get(state.step)
                .and_then(|s| s.hand_over.as_ref())
                .map_or(&[][..], |l| l.steps.as_slice());
            let i = subs
                .iter()
                .position(|s| &s.key == step)
                .ok_or_else(|| WorkflowError::BadStep(step.clone()))?;
            let mut l = state.liaison.unwrap_or(LiaisonState {
                origin_agency_id: state.agency_id,
                sub_step: 0,
            });
            if i >= l.sub_step {
                return Err(WorkflowError::BadStep(step.clone()));
            }
            hand_over = ctx.leave(state);
            l.sub_step = i;
            next.liaison = Some(l);
            ctx.reenter(&mut next);
        }
        Action::ReturnToStep { step, reason } => {
            status_in(state, &[Status::Received])?;
            require(reason, "reason")?;
            let (i, _) = ctx
                .process
                .step(step)
                .ok_or_else(|| WorkflowError::BadStep(step.clone()))?;
            if i >= state.step {
                return Err(WorkflowError::BadStep(step.clone()));
            }
            hand_over = ctx.leave(state);
            ctx.enter(&mut next, i);
        }
        Action::MarkProcessed => {
            status_in(state, &[Status::Received])?;
            hand_over = ctx.leave(state);
            next.status = Status::Processed;
            let result_step = ctx
                .process
                .steps
                .iter()
                .position(|s| s.actions.contains(&ActionKind::ReturnResult));
            ctx.enter(&mut next, result_step.unwrap_or(state.step));
        }
        Action::ReturnResult { .. } => {
            status_in(state, &[Status::Processed])?;
            hand_over = ctx.leave(state);
            next.status = Status::ResultReturned;
        }
        Action::ApologiseExtend { reason, new_due } => {
            status_in(state, &[Status::Received, Status::Processed])?;
            require(reason, "reason")?;
            if state.extensions > 0 {
                return Err(WorkflowError::ExtensionAlreadyGiven);
            }
            let due = state.due_at.ok_or(WorkflowError::WrongStatus(state.status))?;
            if ctx.now >= due {
                return Err(WorkflowError::AppointmentPassed);
            }
            if *new_due <= due {
                return Err(WorkflowError::NewDueNotLater);
            }
            next.extensions += 1;
            next.due_at = Some(*new_due);
        }
        Action::Stop { reason } => {
            status_in(state, &[Status::Received])?;
            require(reason, "reason")?;
            hand_over = ctx.leave(state);
            next.status = Status::Stopped;
        }
        Action::Withdraw { reason } => {
            status_in(
                state,
                &[Status::Submitted, Status::Received, Status::SupplementRequested],
            )?;
            require(reason, "reason")?;
            next.status = Status::Withdrawn;
        }
    }
    Ok(Outcome { state: next, hand_over })
}

fn step_key(ctx: &Context, state: &DossierState) -> String {
    ctx.current_step(state).map(|s| s.key.clone()).unwrap_or_default()
}

fn officer_may_any_step(ctx: &Context, state: &DossierState, who: &Principal) -> Result<(), WorkflowError> {
    let _ = ctx;
    let ok = who
        .grants
        .iter()
        .any(|g| g.role == Role::OneStopOfficer && g.agency_id == state.agency_id);
    if ok {
        Ok(())
    } else {
        Err(WorkflowError::RoleRequired(Role::OneStopOfficer))
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

/// Whether a dossier is overdue at `now` (not counting the time the clock is stopped).
pub fn is_overdue(state: &DossierState, now: OffsetDateTime) -> bool {
    matches!(state.status, Status::Received | Status::Processed) && state.due_at.is_some_and(|d| now > d)
}
