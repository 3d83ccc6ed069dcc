//! Citizen feedback (phản ánh, kiến nghị): categories and their questions, reports with a
//! location, routing to the responsible unit, and the handling workflow with its
//! working-day deadlines. Pure, like the rest of the domain.

pub mod category;
pub mod geo;
pub mod report;
pub mod routing;
pub mod workflow;

pub use category::{Category, Choice, Classification, Datatype, Question};
pub use geo::{BBox, Point};
pub use report::{Contact, NewReport};
pub use routing::{Area, Route, Setup};
pub use workflow::{
    FeedbackAction, FeedbackActionKind, FeedbackError, FeedbackState, Status, available_actions, may_read_full,
};
