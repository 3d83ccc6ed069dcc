//! Handling a report: who may do what in which state, and the working-day deadlines the
//! national index checks (reject ≤ 2, ask for information ≤ 5, answer ≤ 15, publish ≤ 2
//! working days, counted from receipt or transfer; the publication limit from the answer).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::report::{DESCRIPTION_MAX, has_markup};
use crate::account::{Principal, Role};
use crate::calendar::{VIETNAM, WorkingCalendar};
use crate::dossier::Timeliness;
use crate::procedure::TimeUnit;
use crate::{FieldError, Validation};

/// States of a report, grouped as on the national portal: waiting, in progress, done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    pub agency_id: i64,
    pub unit_id: Option<i64>,
    pub reporter_id: Option<i64>,
    /// Start of the count: receipt, the last transfer, the supplement or the dispute.
    pub counted_from: OffsetDateTime,
    /// The deadline of the current stage (answer, or publication), none while waiting on the
    /// reporter or once closed.
    pub due_at: Option<OffsetDateTime>,
    pub answered_at: Option<OffsetDateTime>,
    pub reopened: i64,
}

/// An action on a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
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
        agency_id: i64,
        unit_id: Option<i64>,
        reason: String,
    },
    Dispute {
        reason: String,
    },
}

impl FeedbackAction {
    pub fn name(&self) -> &'static str {
        match self {
            FeedbackAction::Accept => "accept",
            FeedbackAction::Refuse { .. } => "refuse",
            FeedbackAction::RequestInfo { .. } => "request_info",
            FeedbackAction::SupplyInfo { .. } => "supply_info",
            FeedbackAction::Answer { .. } => "answer",
            FeedbackAction::Publish => "publish",
            FeedbackAction::Transfer { .. } => "transfer",
            FeedbackAction::Dispute { .. } => "dispute",
        }
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
    Reporter(i64),
    Officer(&'a Principal),
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
    pub fn received(&self, agency_id: i64, unit_id: Option<i64>, reporter_id: Option<i64>) -> FeedbackState {
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
    p.grants.iter().any(|g| {
        g.agency_id == s.agency_id
            && (s.unit_id.is_none()
                || g.unit_id.is_none()
                || g.unit_id == s.unit_id
                || matches!(g.role, Role::Leader | Role::AgencyAdmin))
    })
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

/// Applies an action: checks who acts and when, and computes the new state and deadlines.
pub fn apply(
    rules: &Rules,
    state: &FeedbackState,
    actor: Actor,
    action: &FeedbackAction,
) -> Result<FeedbackOutcome, FeedbackError> {
    use FeedbackAction as A;
    use Status as S;
    match (actor, action) {
        (Actor::Reporter(id), A::SupplyInfo { .. } | A::Dispute { .. }) => {
            if state.reporter_id != Some(id) {
                return Err(FeedbackError::NotTheReporter);
            }
        }
        (Actor::Reporter(_), _) => return Err(FeedbackError::NotResponsible),
        (Actor::Officer(_), A::SupplyInfo { .. } | A::Dispute { .. }) => return Err(FeedbackError::NotTheReporter),
        (Actor::Officer(p), A::Publish) => {
            let leader = p
                .grants
                .iter()
                .any(|g| g.agency_id == state.agency_id && matches!(g.role, Role::Leader | Role::AgencyAdmin));
            if !officer_of(p, state) {
                return Err(FeedbackError::NotResponsible);
            }
            if !leader {
                return Err(FeedbackError::LeaderRequired);
            }
        }
        (Actor::Officer(p), _) => {
            if !officer_of(p, state) {
                return Err(FeedbackError::NotResponsible);
            }
        }
    }
    let open = matches!(state.status, S::Received | S::InProgress);
    let allowed = match action {
        A::Accept => state.status == S::Received,
        A::Refuse { .. } | A::RequestInfo { .. } | A::Answer { .. } | A::Transfer { .. } => open,
        A::SupplyInfo { .. } => state.status == S::InfoRequested,
        A::Publish => state.status == S::Answered,
        A::Dispute { .. } => state.status == S::Published,
    };
    if !allowed {
        return Err(FeedbackError::NotNow(state.status));
    }
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
