//! Handling a report: who may do what in which state, and the working-day deadlines the
//! national index checks (reject ≤ 2, ask for information ≤ 5, answer ≤ 15, publish ≤ 2
//! working days, counted from receipt or transfer; the publication limit from the answer).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::{AgencyId, UnitId, UserId};

use super::report::{DESCRIPTION_MAX, has_markup};
use crate::account::{Principal, Role};
use crate::calendar::{VIETNAM, WorkingCalendar};
use crate::dossier::Timeliness;
use crate::procedure::TimeUnit;
use crate::{FieldError, Validation};

/// States of a report, grouped as on the national portal: waiting, in progress, done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Waiting: new, transferred in, or supplemented; the unit has not taken it up.
    Received,
    /// Accepted by the unit and being handled.
    InProgress,
    /// The reporter was asked for more information; the clock is stopped.
    InfoRequested,
    /// Answered; the answer waits to be published.
    Answered,
    /// Done: the answer is public.
    Published,
    /// Done: not accepted (outside the scope of feedback, duplicate, abusive…), with a reason.
    Refused,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Received,
        Status::InProgress,
        Status::InfoRequested,
        Status::Answered,
        Status::Published,
        Status::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::InProgress => "in_progress",
            Status::InfoRequested => "info_requested",
            Status::Answered => "answered",
            Status::Published => "published",
            Status::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Closed in the Open311 sense: nothing more will happen unless the reporter disputes.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Published | Status::Refused)
    }
}

/// Time limits in working days. [practice] values; a setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub refuse: u32,
    pub request_info: u32,
    pub answer: u32,
    pub publish: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            refuse: 2,
            request_info: 5,
            answer: 15,
            publish: 2,
        }
    }
}

/// What the rules need to know about a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackState {
    pub status: Status,
    pub agency_id: AgencyId,
    pub unit_id: Option<UnitId>,
    pub reporter_id: Option<UserId>,
    /// Start of the count: receipt, the last transfer, the supplement or the dispute.
    pub counted_from: OffsetDateTime,
    /// The deadline of the current stage (answer, or publication), none while waiting on the
    /// reporter or once closed.
    pub due_at: Option<OffsetDateTime>,
    pub answered_at: Option<OffsetDateTime>,
    pub reopened: i64,
}

/// An action on a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedbackAction {
    Accept,
    Refuse {
        reason: String,
    },
    RequestInfo {
        question: String,
    },
    SupplyInfo {
        text: String,
    },
    Answer {
        text: String,
    },
    Publish,
    Transfer {
        agency_id: AgencyId,
        unit_id: Option<UnitId>,
        reason: String,
    },
    Dispute {
        reason: String,
    },
}

/// Everything officers and reporters can do to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedbackActionKind {
    Accept,
    Refuse,
    RequestInfo,
    SupplyInfo,
    Answer,
    Publish,
    Transfer,
    Dispute,
}

impl FeedbackActionKind {
    pub const ALL: [FeedbackActionKind; 8] = [
        FeedbackActionKind::Accept,
        FeedbackActionKind::Refuse,
        FeedbackActionKind::RequestInfo,
        FeedbackActionKind::SupplyInfo,
        FeedbackActionKind::Answer,
        FeedbackActionKind::Publish,
        FeedbackActionKind::Transfer,
        FeedbackActionKind::Dispute,
    ];

    /// The action's name (also the key of its label).
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackActionKind::Accept => "accept",
            FeedbackActionKind::Refuse => "refuse",
            FeedbackActionKind::RequestInfo => "request_info",
            FeedbackActionKind::SupplyInfo => "supply_info",
            FeedbackActionKind::Answer => "answer",
            FeedbackActionKind::Publish => "publish",
            FeedbackActionKind::Transfer => "transfer",
            FeedbackActionKind::Dispute => "dispute",
        }
    }

    pub fn parse(s: &str) -> Option<FeedbackActionKind> {
        FeedbackActionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl FeedbackAction {
    pub fn kind(&self) -> FeedbackActionKind {
        match self {
            FeedbackAction::Accept => FeedbackActionKind::Accept,
            FeedbackAction::Refuse { .. } => FeedbackActionKind::Refuse,
            FeedbackAction::RequestInfo { .. } => FeedbackActionKind::RequestInfo,
            FeedbackAction::SupplyInfo { .. } => FeedbackActionKind::SupplyInfo,
            FeedbackAction::Answer { .. } => FeedbackActionKind::Answer,
            FeedbackAction::Publish => FeedbackActionKind::Publish,
            FeedbackAction::Transfer { .. } => FeedbackActionKind::Transfer,
            FeedbackAction::Dispute { .. } => FeedbackActionKind::Dispute,
        }
    }

    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    /// Text the action carries, and the field it came from.
    fn text(&self) -> Option<(&'static str, &str)> {
        match self {
            FeedbackAction::Refuse { reason } | FeedbackAction::Dispute { reason } => Some(("reason", reason)),
            FeedbackAction::Transfer { reason, .. } => Some(("reason", reason)),
            FeedbackAction::RequestInfo { question } => Some(("question", question)),
            FeedbackAction::SupplyInfo { text } | FeedbackAction::Answer { text } => Some(("text", text)),
            FeedbackAction::Accept | FeedbackAction::Publish => None,
        }
    }
}

/// Who acts.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Reporter(UserId),
    Officer(&'a Principal),
}

impl<'a> Actor<'a> {
    /// The reporter when the user filed the report and is not an officer, an officer
    /// otherwise.
    pub fn of(who: &'a Principal, reporter: Option<UserId>) -> Actor<'a> {
        if reporter == Some(who.user_id) && !who.is_officer() {
            Actor::Reporter(who.user_id)
        } else {
            Actor::Officer(who)
        }
    }
}

/// Why an action was refused; each has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackError {
    #[error("not possible while the report is {0:?}")]
    NotNow(Status),
    #[error("only officers of the responsible agency may do this")]
    NotResponsible,
    #[error("only a leader may publish an answer")]
    LeaderRequired,
    #[error("only the reporter may do this")]
    NotTheReporter,
    #[error("the report is already with that unit")]
    SameUnit,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
}

impl FeedbackError {
    pub fn code(&self) -> &'static str {
        match self {
            FeedbackError::NotNow(_) => "feedback_action_not_allowed",
            FeedbackError::NotResponsible => "not_responsible",
            FeedbackError::LeaderRequired => "leader_required",
            FeedbackError::NotTheReporter => "not_the_reporter",
            FeedbackError::SameUnit => "same_unit",
            FeedbackError::Invalid(_) => "validation_failed",
        }
    }
}

/// The result of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackOutcome {
    pub state: FeedbackState,
    /// Whether the action met its own time limit (refuse, ask, answer, publish).
    pub timeliness: Option<Timeliness>,
    /// The action's deadline, shown in the timeline.
    pub deadline: Option<OffsetDateTime>,
}

/// The rules' inputs besides the report.
pub struct Rules<'a> {
    pub calendar: &'a WorkingCalendar,
    pub deadlines: Deadlines,
    pub now: OffsetDateTime,
}

impl Rules<'_> {
    fn after(&self, from: OffsetDateTime, days: u32) -> OffsetDateTime {
        self.calendar.due(from, days, TimeUnit::WorkingDays)
    }

    /// A new report's state, received now by the routed agency.
    pub fn received(&self, agency_id: AgencyId, unit_id: Option<UnitId>, reporter_id: Option<UserId>) -> FeedbackState {
        FeedbackState {
            status: Status::Received,
            agency_id,
            unit_id,
            reporter_id,
            counted_from: self.now,
            due_at: Some(self.after(self.now, self.deadlines.answer)),
            answered_at: None,
            reopened: 0,
        }
    }

    fn timeliness(&self, due: OffsetDateTime) -> Timeliness {
        if self.now > due {
            Timeliness::Late
        } else if self.now.to_offset(VIETNAM).date() < due.to_offset(VIETNAM).date() {
            Timeliness::Early
        } else {
            Timeliness::OnTime
        }
    }

    fn restart(&self, s: &mut FeedbackState, status: Status) {
        s.status = status;
        s.counted_from = self.now;
        s.due_at = Some(self.after(self.now, self.deadlines.answer));
    }
}

/// Officers of the responsible unit, and the agency's leaders and administrators (whose
/// grants sit in their own unit but reach the whole agency).
fn officer_of(p: &Principal, s: &FeedbackState) -> bool {
    p.works_at(s.agency_id, s.unit_id)
        || p.holds(Role::Leader, s.agency_id, None)
        || p.holds(Role::AgencyAdmin, s.agency_id, None)
}

/// Who may read a report in full (contact details, internal notes): its reporter, officers
/// of the responsible agency, system administrators. Others see the public view, if any.
pub fn may_read_full(who: &Principal, s: &FeedbackState) -> bool {
    who.is_system_admin() || s.reporter_id == Some(who.user_id) || who.works_at(s.agency_id, None)
}

fn check_text(action: &FeedbackAction) -> Result<(), FeedbackError> {
    let Some((field, text)) = action.text() else {
        return Ok(());
    };
    let mut v = Validation::new();
    v.text(field, text, DESCRIPTION_MAX);
    if has_markup(text) {
        v.push(field, "html_not_allowed", None);
    }
    v.finish().map_err(FeedbackError::Invalid)
}

/// The kinds the rules would accept from `actor` now (given valid texts and targets): the
/// one source for the portal's forms, the API's `available_actions` and `apply`.
pub fn available_actions(state: &FeedbackState, actor: Actor) -> Vec<FeedbackActionKind> {
    FeedbackActionKind::ALL
        .into_iter()
        .filter(|k| check(state, actor, *k).is_ok())
        .collect()
}

/// Whether `actor` may take an action of `kind` in the report's state.
pub fn check(state: &FeedbackState, actor: Actor, kind: FeedbackActionKind) -> Result<(), FeedbackError> {
    use FeedbackActionKind as K;
    use Status as S;
    let by_reporter = matches!(kind, K::SupplyInfo | K::Dispute);
    match actor {
        Actor::Reporter(id) if by_reporter => {
            if state.reporter_id != Some(id) {
                return Err(FeedbackError::NotTheReporter);
            }
        }
        Actor::Reporter(_) => return Err(FeedbackError::NotResponsible),
        Actor::Officer(_) if by_reporter => return Err(FeedbackError::NotTheReporter),
        Actor::Officer(p) => {
            if !officer_of(p, state) {
                return Err(FeedbackError::NotResponsible);
            }
            let leader =
                p.holds(Role::Leader, state.agency_id, None) || p.holds(Role::AgencyAdmin, state.agency_id, None);
            if kind == K::Publish && !leader {
                return Err(FeedbackError::LeaderRequired);
            }
        }
    }
    let open = matches!(state.status, S::Received | S::InProgress);
    let allowed = match kind {
        K::Accept => state.status == S::Received,
        K::Refuse | K::RequestInfo | K::Answer | K::Transfer => open,
        K::SupplyInfo => state.status == S::InfoRequested,
        K::Publish => state.status == S::Answered,
        K::Dispute => state.status == S::Published,
    };
    if allowed {
        Ok(())
    } else {
        Err(FeedbackError::NotNow(state.status))
    }
}

/// Applies an action: checks who acts and when, and computes the new state and deadlines.
pub fn apply(
    rules: &Rules,
    state: &FeedbackState,
    actor: Actor,
    action: &FeedbackAction,
) -> Result<FeedbackOutcome, FeedbackError> {
    use FeedbackAction as A;
    use Status as S;
    check(state, actor, action.kind())?;
    check_text(action)?;
    let mut s = state.clone();
    let d = rules.deadlines;
    let mut deadline = None;
    match action {
        A::Accept => s.status = S::InProgress,
        A::Refuse { .. } => {
            deadline = Some(rules.after(state.counted_from, d.refuse));
            s.status = S::Refused;
            s.due_at = None;
        }
        A::RequestInfo { .. } => {
            deadline = Some(rules.after(state.counted_from, d.request_info));
            s.status = S::InfoRequested;
            s.due_at = None;
        }
        A::SupplyInfo { .. } => rules.restart(&mut s, S::Received),
        A::Answer { .. } => {
            deadline = state.due_at;
            s.status = S::Answered;
            s.answered_at = Some(rules.now);
            s.due_at = Some(rules.after(rules.now, d.publish));
        }
        A::Publish => {
            deadline = state.due_at;
            s.status = S::Published;
            s.due_at = None;
        }
        A::Transfer { agency_id, unit_id, .. } => {
            if *agency_id == state.agency_id && *unit_id == state.unit_id {
                return Err(FeedbackError::SameUnit);
            }
            s.agency_id = *agency_id;
            s.unit_id = *unit_id;
            rules.restart(&mut s, S::Received);
        }
        A::Dispute { .. } => {
            s.reopened += 1;
            s.answered_at = None;
            rules.restart(&mut s, S::InProgress);
        }
    }
    Ok(FeedbackOutcome {
        state: s,
        timeliness: deadline.map(|due| rules.timeliness(due)),
        deadline,
    })
}

/// Past the current stage's deadline (never while waiting on the reporter, never once closed).
pub fn is_overdue(state: &FeedbackState, now: OffsetDateTime) -> bool {
    state.due_at.is_some_and(|due| now > due)
}

#[cfg(test)]
mod tests;

/// Whether the public sees a report: a published answer always; an open report about the
/// surroundings (a broken lamp is no secret) while it is handled; never a refused one, and
/// never reports about regulations or officials before their answer is published.
pub fn is_public(classification: super::Classification, status: Status) -> bool {
    match status {
        Status::Published => true,
        Status::Refused => false,
        _ => classification == super::Classification::Service,
    }
}
