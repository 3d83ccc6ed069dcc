//! A dossier's history as the rules and the timeline see it: which event, and what the
//! action said. Storage decides how it is written down; the API how it is shown.

use time::OffsetDateTime;

use super::action::Action;
use super::process::ActionKind;
use super::state::ResultMethod;
use crate::ids::AgencyId;
use crate::postal::PostalStatus;
use crate::procedure::Channel;

/// What a history line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HistoryAction {
    /// The dossier was filed.
    Submit,
    /// An officer or the applicant took an action.
    Act(ActionKind),
    /// The dossier passed its appointment (recorded once by the overdue job).
    Overdue,
    /// A step of returning the result by post: chosen by the applicant, handed to the post,
    /// delivered, returned undelivered (the dossier's status and step stay as they are).
    Postal(PostalStatus),
}

impl HistoryAction {
    /// The event's name (also the key of its label).
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryAction::Submit => "submit",
            HistoryAction::Act(k) => k.as_str(),
            HistoryAction::Overdue => "overdue",
            HistoryAction::Postal(p) => match p {
                PostalStatus::Requested => "postal_requested",
                PostalStatus::HandedToPost => "postal_handed_to_post",
                PostalStatus::Delivered => "postal_delivered",
                PostalStatus::ReturnedUndelivered => "postal_returned_undelivered",
            },
        }
    }

    pub fn parse(s: &str) -> Option<HistoryAction> {
        match s {
            "submit" => Some(HistoryAction::Submit),
            "overdue" => Some(HistoryAction::Overdue),
            other if other.starts_with("postal_") => PostalStatus::ALL
                .into_iter()
                .map(HistoryAction::Postal)
                .find(|a| a.as_str() == other),
            other => super::permitted::ALL_KINDS
                .into_iter()
                .find(|k| k.as_str() == other)
                .map(HistoryAction::Act),
        }
    }

    /// The action kind, for lines that record one.
    pub fn kind(self) -> Option<ActionKind> {
        match self {
            HistoryAction::Act(k) => Some(k),
            _ => None,
        }
    }
}

/// What an action said, as the timeline and the forms (02, 03, 04) show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryDetail {
    /// The reason given (refusal reasons included).
    pub reason: Option<String>,
    /// The documents asked for in a supplement request.
    pub items: Vec<String>,
    /// The agency a dossier was handed over to.
    pub agency_id: Option<AgencyId>,
    /// The step a dossier was sent back to.
    pub step: Option<String>,
    pub method: Option<ResultMethod>,
    /// The new appointment of an apology, and the one it replaced.
    pub new_due: Option<OffsetDateTime>,
    pub previous_due: Option<OffsetDateTime>,
    /// How a dossier was filed.
    pub channel: Option<Channel>,
    /// The appointment an overdue dossier passed.
    pub due_at: Option<OffsetDateTime>,
    /// The postal tracking number of a result handed to the post.
    pub tracking_number: Option<String>,
    /// The day a postal step happened (handed, delivered, returned), as the officer gave it.
    pub event_date: Option<time::Date>,
}

impl HistoryDetail {
    /// What `action` says; `previous_due` is the appointment in force before it.
    pub fn of(action: &Action, previous_due: Option<OffsetDateTime>) -> HistoryDetail {
        let mut d = HistoryDetail {
            reason: action.reason().map(str::to_owned),
            ..HistoryDetail::default()
        };
        match action {
            Action::RequestSupplement { items, .. } => d.items = items.clone(),
            Action::HandOver { agency_id, .. } => d.agency_id = Some(*agency_id),
            Action::ReturnToStep { step, .. } => d.step = Some(step.clone()),
            Action::ReturnResult { method } => d.method = Some(*method),
            Action::ApologiseExtend { new_due, .. } => {
                d.new_due = Some(*new_due);
                d.previous_due = previous_due;
            }
            _ => {}
        }
        d
    }
}
