//! Dossiers (hồ sơ): their codes, the declarative process of each procedure, and the
//! workflow engine that applies officers' and applicants' actions.

pub mod applicant;
pub mod code;
pub mod engine;
pub mod process;

pub use applicant::{Applicant, Representative};
pub use engine::{
    Action, Actor, Context, DossierState, LiaisonState, Outcome, ResultMethod, Status, Timeliness, WorkflowError, apply,
};
pub use process::{ActionKind, Liaison, Process, Step};

#[cfg(test)]
mod engine_tests;
