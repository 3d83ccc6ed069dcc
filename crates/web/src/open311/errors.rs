//! Open311 errors: `<errors><error><code/><description/></error></errors>` or a JSON array
//! of `{"code", "description"}`. Codes are stable strings `<parameter>.<reason>` (for example
//! `description.too_long`, `lat.latitude_out_of_range`, `attribute[muc_do].required`), plus
//! `not_found`, `method_not_allowed`, `api_key.missing`, `api_key.invalid`,
//! `api_key.not_owner`, `jurisdiction_id.unknown` and `internal`; descriptions are
//! Vietnamese (English with `Accept-Language: en`). An unknown `service_code` is 404, as
//! the specification says ("service_code or jurisdiction_id was not found").

use axum::http::StatusCode;
use axum::response::Response;

use motcua_domain::FieldError;

use super::format::{Format, Val, render};
use crate::error::ApiError;
use crate::i18n::{self, Lang};

/// One error of a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    param: String,
    reason: &'static str,
    detail: Option<String>,
}

/// A failed Open311 call: HTTP 404 (unknown resource), 403 (key problems), 400 otherwise.
#[derive(Debug)]
pub struct Open311Error {
    status: StatusCode,
    problems: Vec<Problem>,
}

/// The Open311 parameter a domain field error is about.
fn param_of(field: &str) -> String {
    if let Some(code) = field.strip_prefix("attribute/") {
        return format!("attribute[{code}]");
    }
    let p = match field {
        "category" => "service_code",
        "contact/email" => "email",
        "contact/phone" => "phone",
        "contact/name" => "first_name",
        "area" => "address_id",
        "address" => "address_string",
        f if f.starts_with("media/") => "media",
        f => f,
    };
    p.to_owned()
}

impl Open311Error {
    fn one(status: StatusCode, param: &str, reason: &'static str) -> Self {
        let problems = vec![Problem {
            param: param.to_owned(),
            reason,
            detail: None,
        }];
        Open311Error { status, problems }
    }

    pub fn not_found() -> Self {
        Self::one(StatusCode::NOT_FOUND, "", "not_found")
    }

    pub fn forbidden(reason: &'static str) -> Self {
        Self::one(StatusCode::FORBIDDEN, "api_key", reason)
    }

    /// A method the resource does not answer (HTTP 405).
    pub fn method_not_allowed() -> Self {
        Self::one(StatusCode::METHOD_NOT_ALLOWED, "", "method_not_allowed")
    }

    /// The key is valid but the report belongs to another client.
    pub fn not_owner() -> Self {
        Self::one(StatusCode::FORBIDDEN, "api_key", "not_owner")
    }

    pub fn unknown_jurisdiction() -> Self {
        Self::one(StatusCode::NOT_FOUND, "jurisdiction_id", "unknown")
    }

    /// A bad parameter (HTTP 400).
    pub fn bad(param: &str, reason: &'static str) -> Self {
        Self::one(StatusCode::BAD_REQUEST, param, reason)
    }

    /// A bad parameter with the limit its message names (HTTP 400).
    pub fn bad_with(param: &str, reason: &'static str, detail: String) -> Self {
        Self::fields(vec![FieldError {
            field: param.to_owned(),
            code: reason,
            detail: Some(detail),
        }])
    }

    /// The whole body was over the upload limit.
    pub fn too_large() -> Self {
        Self::bad_with(
            "media",
            "file_too_large",
            (super::UPLOAD_LIMIT / (1024 * 1024)).to_string(),
        )
    }

    /// Field errors: HTTP 400, or 404 with that error alone when the service code is
    /// unknown (nothing else can be checked without the service).
    pub fn fields(errors: Vec<FieldError>) -> Self {
        let mut problems: Vec<Problem> = errors
            .into_iter()
            .map(|e| Problem {
                param: param_of(&e.field),
                reason: e.code,
                detail: e.detail,
            })
            .collect();
        let unknown_service = |p: &Problem| p.param == "service_code" && p.reason == "unknown_category";
        if problems.iter().any(unknown_service) {
            problems.retain(unknown_service);
            return Open311Error {
                status: StatusCode::NOT_FOUND,
                problems,
            };
        }
        Open311Error {
            status: StatusCode::BAD_REQUEST,
            problems,
        }
    }

    fn code(p: &Problem) -> String {
        if p.param.is_empty() {
            p.reason.to_owned()
        } else {
            format!("{}.{}", p.param, p.reason)
        }
    }

    fn description(p: &Problem, lang: Lang) -> String {
        let key = format!("open311.error.{}", p.reason);
        let msg = match i18n::catalog(lang).get(&key) {
            Some(t) => t.replace("{detail}", p.detail.as_deref().unwrap_or("")),
            None => i18n::field_message(lang, p.reason, p.detail.as_deref()).into_owned(),
        };
        if p.param.is_empty() {
            msg
        } else {
            format!("{}: {msg}", p.param)
        }
    }

    pub fn render(&self, fmt: Format, lang: Lang) -> Response {
        let items = self
            .problems
            .iter()
            .map(|p| {
                Val::Obj(vec![
                    ("code", Val::Text(Self::code(p))),
                    ("description", Val::Text(Self::description(p, lang))),
                ])
            })
            .collect();
        render(fmt, self.status, "errors", &Val::List("error", items))
    }
}

impl From<ApiError> for Open311Error {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Validation(errors) => Self::fields(errors),
            ApiError::NotFound => Self::not_found(),
            ApiError::Forbidden => Self::not_owner(),
            ApiError::PayloadTooLarge => Self::too_large(),
            ApiError::UnsupportedMediaType => Self::bad("", "unsupported_media_type"),
            ApiError::BadRequest(code, _) => Self::bad(
                "",
                if code == "invalid_query" {
                    "invalid_query"
                } else {
                    "invalid_body"
                },
            ),
            other => {
                tracing::error!(error = %other, "open311");
                Self::one(StatusCode::INTERNAL_SERVER_ERROR, "", "internal")
            }
        }
    }
}

impl From<motcua_app::AppError> for Open311Error {
    fn from(e: motcua_app::AppError) -> Self {
        ApiError::from(e).into()
    }
}
