//! Feedback use cases shared by the portal, the Open311 API, the JSON API and the inbound
//! chat channel: submitting (validation, photos, routing), acting on a report, who may read
//! what, and the public view of a report.

mod act;
mod public;
mod submit;

pub use act::{act, readable};
pub use public::{PublicReport, may_read_full};
pub use submit::{Photo, Submission, submit};

use motcua_domain::FieldError;

use crate::error::ApiError;

pub(crate) fn invalid(field: &str, code: &'static str) -> ApiError {
    ApiError::Validation(vec![FieldError {
        field: field.into(),
        code,
        detail: None,
    }])
}
