//! What an officer or the applicant does to a dossier, with what it needs, and who acts.

use time::OffsetDateTime;

use super::process::ActionKind;
use super::state::ResultMethod;
use crate::account::Principal;
use crate::ids::{AgencyId, UserId};

/// An action with what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        agency_id: AgencyId,
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

    /// The reason the action gives, if it carries one (shown in the timeline).
    pub fn reason(&self) -> Option<&str> {
        match self {
            Action::RequestSupplement { reason, .. }
            | Action::HandOver { reason, .. }
            | Action::ReturnToStep { reason, .. }
            | Action::ApologiseExtend { reason, .. }
            | Action::Stop { reason }
            | Action::Withdraw { reason } => Some(reason),
            Action::Refuse { reasons } => Some(reasons),
            _ => None,
        }
    }
}

/// Who acts.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Officer(&'a Principal),
    /// The signed-in applicant who owns the dossier.
    Applicant(UserId),
}

impl<'a> Actor<'a> {
    /// The applicant when the user owns the dossier and is not an officer, an officer
    /// otherwise: the one rule for who a user acts as.
    pub fn of(who: &'a Principal, applicant: Option<UserId>) -> Actor<'a> {
        if applicant == Some(who.user_id) && !who.is_officer() {
            Actor::Applicant(who.user_id)
        } else {
            Actor::Officer(who)
        }
    }
}
