//! Dossiers (hồ sơ): their codes, the declarative process of each procedure, the workflow
//! engine that applies officers' and applicants' actions, and who may do what.

pub mod action;
pub mod applicant;
pub mod code;
pub mod engine;
pub mod history;
pub mod permitted;
pub mod process;
pub mod secret;
pub mod state;

pub use action::{Action, Actor};
pub use applicant::{Applicant, Representative};
pub use engine::{Context, UnitResolver, WorkflowError, apply};
pub use history::{HistoryAction, HistoryDetail};
pub use permitted::{available_actions, check, may_read};
pub use process::{ActionKind, Liaison, Process, Step};
pub use state::{
    DossierState, FeeOwed, HandOverRecord, LiaisonState, Outcome, ResultMethod, Status, Timeliness, is_overdue,
};

#[cfg(test)]
mod engine_tests;
#[cfg(test)]
mod permitted_tests;
