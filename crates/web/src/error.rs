//! The HTTP layer's error type and its mapping to problem+json.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use motcua_app::AppError;
use motcua_domain::FieldError;
use motcua_domain::catalogue::LocatedError;

use crate::i18n;
use crate::problem::{Problem, ProblemField};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("invalid catalogue document")]
    InvalidCatalogue(Vec<LocatedError>),
    #[error("malformed request: {1}")]
    BadRequest(&'static str, String),
    #[error("not found")]
    NotFound,
    #[error("conflict on {0}")]
    Conflict(&'static str),
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("CSRF check failed")]
    Csrf,
    #[error("too many attempts")]
    RateLimited(u64),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("workflow: {0}")]
    Workflow(motcua_domain::dossier::WorkflowError),
    #[error("signature: {0}")]
    Signature(crate::channels::SignatureError),
    #[error("feedback: {0}")]
    Feedback(motcua_domain::feedback::FeedbackError),
    #[error("payment: {0}")]
    Payment(motcua_domain::payment::PaymentError),
    #[error("rating: {0}")]
    Rating(motcua_domain::rating::RatingError),
    #[error("postal: {0}")]
    Postal(motcua_domain::postal::PostalError),
    #[error("{0} not available")]
    Unavailable(&'static str),
    #[error("result: {0}")]
    Result(motcua_domain::result::ResultError),
    #[error("index: {0}")]
    Index(motcua_app::index::IndexQueryError),
    #[error("invalid import ({} bad lines)", .0.len())]
    InvalidImport(Vec<motcua_app::index::LineError>),
    #[error("internal error: {0}")]
    Internal(String),
}

/// The field-error code of a multipart body that could not be read: over the size limit
/// (`file_too_large`), or cut short or not multipart at all (`malformed_multipart`).
pub(crate) fn multipart_code(status: StatusCode) -> &'static str {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        "file_too_large"
    } else {
        "malformed_multipart"
    }
}

/// A multipart body the API could not read, as a problem.
pub(crate) fn multipart_problem(status: StatusCode, detail: String) -> ApiError {
    match multipart_code(status) {
        "file_too_large" => ApiError::PayloadTooLarge,
        code => ApiError::BadRequest(code, detail),
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Validation(errs) => ApiError::Validation(errs),
            AppError::InvalidCatalogue(items) => ApiError::InvalidCatalogue(items),
            AppError::NotFound => ApiError::NotFound,
            AppError::Conflict(what) => ApiError::Conflict(what),
            AppError::Unauthenticated => ApiError::Unauthenticated,
            AppError::Forbidden => ApiError::Forbidden,
            AppError::RateLimited(s) => ApiError::RateLimited(s),
            AppError::Workflow(w) => ApiError::Workflow(w),
            AppError::Feedback(f) => ApiError::Feedback(f),
            AppError::Payment(p) => ApiError::Payment(p),
            AppError::Rating(r) => ApiError::Rating(r),
            AppError::Postal(p) => ApiError::Postal(p),
            AppError::Unavailable(what) => ApiError::Unavailable(what),
            AppError::Result(r) => ApiError::Result(r),
            AppError::Index(e) => ApiError::Index(e),
            AppError::InvalidImport(lines) => ApiError::InvalidImport(lines),
            AppError::Internal(msg) => ApiError::Internal(msg),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            JsonRejection::JsonSyntaxError(e) => ApiError::BadRequest("malformed_json", e.body_text()),
            JsonRejection::JsonDataError(e) => ApiError::BadRequest("invalid_body", e.body_text()),
            JsonRejection::BytesRejection(_) => ApiError::PayloadTooLarge,
            other => ApiError::BadRequest("invalid_body", other.body_text()),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        ApiError::BadRequest("invalid_query", r.body_text())
    }
}

impl From<FormRejection> for ApiError {
    fn from(r: FormRejection) -> Self {
        match r {
            FormRejection::BytesRejection(_) => ApiError::PayloadTooLarge,
            FormRejection::InvalidFormContentType(_) => ApiError::UnsupportedMediaType,
            other => ApiError::BadRequest("invalid_form", other.body_text()),
        }
    }
}

pub(crate) fn field(e: &FieldError, item: Option<String>, line: Option<usize>) -> ProblemField {
    ProblemField {
        item,
        line,
        field: e.field.clone(),
        code: e.code,
        detail: e.detail.clone(),
        message: i18n::field_message(i18n::Lang::Vi, e.code, e.detail.as_deref()).into_owned(),
    }
}

fn field_error(name: &str, code: &'static str) -> ProblemField {
    field(
        &FieldError {
            field: name.to_owned(),
            code,
            detail: None,
        },
        None,
        None,
    )
}

impl ApiError {
    pub fn to_problem(&self) -> Problem {
        use StatusCode as S;
        match self {
            ApiError::Validation(errs) => {
                let mut p = Problem::new(S::UNPROCESSABLE_ENTITY, "validation_failed", "Dữ liệu không hợp lệ");
                p.errors = errs.iter().map(|e| field(e, None, None)).collect();
                p
            }
            ApiError::InvalidCatalogue(items) => {
                let mut p = Problem::new(
                    S::UNPROCESSABLE_ENTITY,
                    "invalid_catalogue",
                    "Tệp danh mục không hợp lệ",
                );
                p.errors = items
                    .iter()
                    .map(|e| {
                        let fe = FieldError {
                            field: e.field.clone(),
                            code: e.code,
                            detail: e.detail.clone(),
                        };
                        field(&fe, e.item.clone(), (e.line > 0).then_some(e.line))
                    })
                    .collect();
                p.detail = Some("Không có dữ liệu nào được ghi.".into());
                p
            }
            ApiError::BadRequest(code, detail) => {
                Problem::new(S::BAD_REQUEST, code, "Yêu cầu không đúng định dạng").detail(detail.clone())
            }
            ApiError::NotFound => Problem::new(S::NOT_FOUND, "not_found", "Không tìm thấy"),
            ApiError::Conflict("version") => {
                Problem::new(S::CONFLICT, "version_conflict", "Dữ liệu đã được người khác thay đổi")
                    .detail("Tải lại bản mới nhất rồi sửa lại.")
            }
            ApiError::Conflict(what) => Problem::new(S::CONFLICT, "conflict", "Đã tồn tại")
                .detail(format!("Giá trị của trường '{what}' đã tồn tại.")),
            ApiError::Unauthenticated => Problem::new(S::UNAUTHORIZED, "unauthenticated", "Cần đăng nhập"),
            ApiError::Forbidden => Problem::new(S::FORBIDDEN, "forbidden", "Không có quyền thực hiện"),
            ApiError::Csrf => Problem::new(
                S::FORBIDDEN,
                "csrf_failed",
                "Phiên làm việc không hợp lệ, vui lòng tải lại trang",
            ),
            ApiError::RateLimited(secs) => {
                let mut p = Problem::new(S::TOO_MANY_REQUESTS, "rate_limited", "Thử quá nhiều lần")
                    .detail(format!("Vui lòng thử lại sau {secs} giây."));
                p.retry_after = Some(*secs);
                p
            }
            ApiError::UnsupportedMediaType => Problem::new(
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Kiểu nội dung không được hỗ trợ",
            )
            .detail("Gửi Content-Type: application/json."),
            ApiError::PayloadTooLarge => {
                Problem::new(S::PAYLOAD_TOO_LARGE, "payload_too_large", "Dữ liệu gửi lên quá lớn")
            }
            ApiError::Workflow(e) => {
                use motcua_domain::dossier::WorkflowError as W;
                let status = match e {
                    W::RoleRequired(_) | W::NotTheApplicant => S::FORBIDDEN,
                    W::Required(_) | W::SameAgency => S::UNPROCESSABLE_ENTITY,
                    _ => S::CONFLICT,
                };
                let mut p = Problem::new(status, e.code(), "Không thể thực hiện thao tác này");
                p.detail = Some(i18n::field_message(i18n::Lang::Vi, e.code(), None).into_owned());
                if let W::Required(field) = e {
                    p.errors = vec![field_error(field, "required")];
                }
                p
            }
            ApiError::Signature(e) => {
                Problem::new(S::UNAUTHORIZED, e.code(), "Chữ ký yêu cầu không hợp lệ").detail(e.to_string())
            }
            ApiError::Feedback(e) => {
                use motcua_domain::feedback::FeedbackError as F;
                let status = match e {
                    F::NotResponsible | F::LeaderRequired | F::NotTheReporter => S::FORBIDDEN,
                    F::Invalid(_) => S::UNPROCESSABLE_ENTITY,
                    F::NotNow(_) | F::SameUnit => S::CONFLICT,
                };
                let mut p = Problem::new(status, e.code(), "Không thể thực hiện thao tác này");
                p.detail = Some(i18n::field_message(i18n::Lang::Vi, e.code(), None).into_owned());
                p
            }
            ApiError::Payment(e) => {
                let mut p = Problem::new(S::CONFLICT, e.code(), "Không thể thanh toán");
                p.detail = Some(i18n::field_message(i18n::Lang::Vi, e.code(), None).into_owned());
                p
            }
            ApiError::Rating(e) => {
                use motcua_domain::rating::RatingError as R;
                let status = match e {
                    R::NotTheApplicant => S::FORBIDDEN,
                    R::NotFinished | R::AlreadyRated => S::CONFLICT,
                };
                let mut p = Problem::new(status, e.code(), "Không thể đánh giá");
                p.detail = Some(i18n::field_message(i18n::Lang::Vi, e.code(), None).into_owned());
                p
            }
            ApiError::Postal(e) => {
                use motcua_domain::postal::PostalError as P;
                let status = match e {
                    P::NotTheApplicant | P::RoleRequired => S::FORBIDDEN,
                    P::Invalid(_) => S::UNPROCESSABLE_ENTITY,
                    _ => S::CONFLICT,
                };
                let mut p = Problem::new(status, e.code(), "Không thể thực hiện thao tác này");
                p.detail = Some(i18n::field_message(i18n::Lang::Vi, e.code(), None).into_owned());
                if let P::Invalid(errs) = e {
                    p.errors = errs.iter().map(|f| field(f, None, None)).collect();
                }
                p
            }
            ApiError::Unavailable(what) => {
                Problem::new(S::SERVICE_UNAVAILABLE, "unavailable", "Dịch vụ chưa được cung cấp")
                    .detail(i18n::field_message(i18n::Lang::Vi, &format!("unavailable_{what}"), None).into_owned())
            }
            ApiError::Result(e) => {
                use motcua_domain::result::ResultError as R;
                let status = match e {
                    R::LeaderRequired => S::FORBIDDEN,
                    R::ReasonRequired | R::NotSignable => S::UNPROCESSABLE_ENTITY,
                    R::NoCertificate => S::SERVICE_UNAVAILABLE,
                    R::NotProcessing | R::AlreadySigned | R::NotSigned => S::CONFLICT,
                };
                let mut p = Problem::new(status, e.code(), "Không thể thực hiện thao tác với kết quả");
                p.detail = Some(i18n::field_message(i18n::Lang::Vi, e.code(), None).into_owned());
                p
            }
            ApiError::Index(e) => {
                use motcua_app::index::IndexQueryError as I;
                let (status, title) = match e {
                    I::UnknownAgency(_) => (S::NOT_FOUND, "Không có cơ quan này"),
                    I::InvalidPeriod(_) => (S::BAD_REQUEST, "Kỳ đánh giá không đúng định dạng"),
                    I::UnknownIndicator(_) => (S::BAD_REQUEST, "Không có chỉ số này"),
                };
                let detail = match e {
                    I::InvalidPeriod(p) => format!("'{p}': dùng 2026-09, 2026-Q3, 2026-H1, 2026-9M hoặc 2026."),
                    I::UnknownAgency(a) => format!("'{a}'"),
                    I::UnknownIndicator(k) => format!("'{k}'"),
                };
                Problem::new(status, e.code(), title).detail(detail)
            }
            ApiError::InvalidImport(lines) => {
                let mut p = Problem::new(S::UNPROCESSABLE_ENTITY, "invalid_import", "Tệp hồ sơ không hợp lệ");
                p.errors = lines
                    .iter()
                    .map(|l| ProblemField {
                        item: None,
                        line: Some(l.line),
                        field: String::new(),
                        code: l.code,
                        detail: Some(l.detail.clone()),
                        message: l.code.to_owned(),
                    })
                    .collect();
                p.detail = Some("Không có dữ liệu nào được ghi.".into());
                p
            }
            ApiError::Internal(_) => Problem::new(S::INTERNAL_SERVER_ERROR, "internal", "Lỗi hệ thống"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(msg) = &self {
            tracing::error!(error = %msg, "internal error");
        }
        self.to_problem().into_response()
    }
}

impl ApiError {
    /// The problem response, for layers that need a plain `Response`.
    pub fn to_problem_response(&self) -> Response {
        self.to_problem().into_response()
    }
}
