//! The application layer's error: what went wrong in terms a caller can act on. No HTTP
//! status lives here; the web layer maps each variant to problem+json and to page errors.

use motcua_domain::FieldError;
use motcua_domain::catalogue::{ItemLines, LocatedError, locate};
use motcua_domain::dossier::WorkflowError;
use motcua_domain::feedback::FeedbackError;
use motcua_domain::payment::PaymentError;
use motcua_domain::postal::PostalError;
use motcua_domain::rating::RatingError;
use motcua_storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input broke field rules; every error at once, each with its stable code.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// A catalogue document broke rules; each error with its line.
    #[error("invalid catalogue document")]
    InvalidCatalogue(Vec<LocatedError>),
    /// Nothing to see, or nothing the caller may see (existence does not leak).
    #[error("not found")]
    NotFound,
    /// A stale version (`"version"`) or a unique value that exists already.
    #[error("conflict on {0}")]
    Conflict(&'static str),
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// Too many attempts; retry after this many seconds.
    #[error("too many attempts")]
    RateLimited(u64),
    #[error("workflow: {0}")]
    Workflow(WorkflowError),
    #[error("feedback: {0}")]
    Feedback(FeedbackError),
    /// A payment step the rules refuse (nothing to pay, already paid, …).
    #[error("payment: {0}")]
    Payment(PaymentError),
    /// A result step the rules refuse (not now, no certificate, not signable, …).
    #[error("result: {0}")]
    Result(motcua_domain::result::ResultError),
    /// A rating the rules refuse (`not_finished`, `already_rated`, `not_the_applicant`).
    #[error("rating: {0}")]
    Rating(RatingError),
    /// A step of return by post the rules refuse (field errors come as `Validation`).
    #[error("postal: {0}")]
    Postal(PostalError),
    /// An index question that cannot be answered (`invalid_period`, `unknown_agency`,
    /// `unknown_indicator`).
    #[error("index: {0}")]
    Index(crate::index::IndexQueryError),
    /// A dossier import file with bad lines: each with its number and reason; nothing was
    /// written.
    #[error("invalid import file ({} bad lines)", .0.len())]
    InvalidImport(Vec<crate::index::LineError>),
    /// A service this installation does not offer (online payment not set up, …).
    #[error("{0} not available")]
    Unavailable(&'static str),
    /// Something that is not the caller's fault (logged, never shown in detail).
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// One field error.
    pub fn invalid(field: &str, code: &'static str) -> AppError {
        AppError::Validation(vec![FieldError {
            field: field.into(),
            code,
            detail: None,
        }])
    }
}

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound => AppError::NotFound,
            StorageError::Conflict(what) => AppError::Conflict(what),
            StorageError::Invalid(errs) => AppError::Validation(errs),
            StorageError::InvalidCatalogue(items) => AppError::InvalidCatalogue(locate(items, &ItemLines::new())),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<WorkflowError> for AppError {
    fn from(e: WorkflowError) -> Self {
        AppError::Workflow(e)
    }
}

impl From<FeedbackError> for AppError {
    fn from(e: FeedbackError) -> Self {
        match e {
            FeedbackError::Invalid(errs) => AppError::Validation(errs),
            other => AppError::Feedback(other),
        }
    }
}

impl From<PaymentError> for AppError {
    fn from(e: PaymentError) -> Self {
        AppError::Payment(e)
    }
}

impl From<motcua_domain::result::ResultError> for AppError {
    fn from(e: motcua_domain::result::ResultError) -> Self {
        AppError::Result(e)
    }
}

/// Result of a use case.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl From<RatingError> for AppError {
    fn from(e: RatingError) -> Self {
        AppError::Rating(e)
    }
}

impl From<PostalError> for AppError {
    fn from(e: PostalError) -> Self {
        match e {
            PostalError::Invalid(errs) => AppError::Validation(errs),
            other => AppError::Postal(other),
        }
    }
}
