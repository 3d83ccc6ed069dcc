//! Feedback over the JSON API: the setup (categories, areas, routing rules) for
//! administrators, a report for those who may read it (with the actions they may take),
//! and officers' and reporters' actions. Citizens' clients file through Open311
//! (`/open311/v2`) or the portal.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use motcua_app::feedback::{self, PublicReport};
use motcua_app::records::FeedbackRecord;
use motcua_domain::account::Principal;
use motcua_domain::feedback::Setup;
use motcua_domain::ids::ReportId;

use super::ApiJson;
use super::feedback_types::{FeedbackActionName, FeedbackActionRequest, ReportOut};
use crate::auth::{CurrentSession, SignedIn};
use crate::error::ApiError;
use crate::state::AppState;

/// The feedback setup in force, with its version as the ETag (public: categories and
/// routing are no secret).
#[utoipa::path(get, path = "/api/v1/feedback/setup", responses((status = 200, body = Object)))]
pub async fn setup(State(state): State<AppState>) -> Response {
    let s = state.feedback_setup();
    let mut res = Json(&s.setup).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", s.version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    match headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) {
        None => Ok(None),
        Some(v) => v
            .trim_matches('"')
            .parse::<i64>()
            .map(Some)
            .map_err(|_| ApiError::BadRequest("invalid_if_match", "If-Match must be a quoted version".into())),
    }
}

/// Replaces the whole setup (system administrators). Send `If-Match: "<version>"` to refuse
/// overwriting a newer edit. Every reference is checked; nothing is written on an error.
#[utoipa::path(put, path = "/api/v1/feedback/setup", request_body(content = Object),
    responses((status = 200, body = Object), (status = 401), (status = 403), (status = 409), (status = 422)))]
pub async fn put_setup(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    headers: HeaderMap,
    ApiJson(setup): ApiJson<Setup>,
) -> Result<Response, ApiError> {
    if !who.is_system_admin() {
        return Err(ApiError::Forbidden);
    }
    let expected = if_match(&headers)?;
    feedback::save_setup(&state, Some(&who), &setup, expected).await?;
    Ok(self::setup(State(state)).await)
}

/// A report: in full for its reporter, the responsible officers and administrators; the
/// public view for a public report; 404 otherwise.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FeedbackOut {
    pub report: ReportOut,
    /// Only for those who may read it in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub contact: Option<motcua_domain::feedback::Contact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// The actions the rules would accept from the caller now (empty when anonymous).
    pub available_actions: Vec<FeedbackActionName>,
}

fn out(state: &AppState, who: Option<&Principal>, r: &FeedbackRecord, full: bool) -> FeedbackOut {
    let report = if full {
        PublicReport::full(state, r)
    } else {
        PublicReport::of(state, r)
    };
    FeedbackOut {
        report: report.into(),
        contact: full.then(|| r.contact.clone()),
        version: full.then_some(r.version),
        available_actions: who
            .map(|w| feedback::available_actions(w, r))
            .unwrap_or_default()
            .into_iter()
            .map(FeedbackActionName::from)
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/feedback/{id}", params(("id" = i64, Path, description = "Report id")),
    responses((status = 200, body = FeedbackOut), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    session: Option<axum::Extension<CurrentSession>>,
    Path(id): Path<i64>,
) -> Result<Json<FeedbackOut>, ApiError> {
    let who = session.and_then(|s| s.0.principal().cloned());
    let (r, full) = feedback::report_for(&state, who.as_ref(), ReportId(id)).await?;
    Ok(Json(out(&state, who.as_ref(), &r, full)))
}

#[utoipa::path(post, path = "/api/v1/feedback/{id}/actions", params(("id" = i64, Path, description = "Report id")),
    request_body = FeedbackActionRequest,
    responses((status = 200, body = FeedbackOut), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn action(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(id): Path<i64>,
    ApiJson(a): ApiJson<FeedbackActionRequest>,
) -> Result<Json<FeedbackOut>, ApiError> {
    let (version, action) = a.into_action();
    let r = feedback::act(&state, &who, ReportId(id), version, action).await?;
    Ok(Json(out(&state, Some(&who), &r, true)))
}
