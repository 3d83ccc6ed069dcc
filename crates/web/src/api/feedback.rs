//! Feedback over the JSON API: the setup (categories, areas, routing rules) for
//! administrators, a report for those who may read it, and officers' actions.
//! Citizens' clients file through Open311 (`/open311/v2`) or the portal.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use motcua_domain::feedback::{FeedbackAction, Setup};

use super::ApiJson;
use crate::auth::{CurrentSession, SignedIn};
use crate::error::ApiError;
use crate::feedback::{self, PublicReport, may_read_full};
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
    let cat = state.catalogue();
    let exists = |code: &str| cat.agency(code).is_some();
    setup.validate(&exists).finish().map_err(ApiError::Validation)?;
    let current = state.feedback_setup().version;
    let expected = expected.or((current > 0).then_some(current));
    state
        .store
        .save_feedback_setup(&setup, expected, Some(who.user_id), time::OffsetDateTime::now_utc())
        .await?;
    state.refresh_feedback_setup().await?;
    Ok(self::setup(State(state)).await)
}

/// A report: in full for its reporter, the responsible officers and administrators; the
/// public view for a public report; 404 otherwise.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FeedbackOut {
    #[schema(value_type = Object)]
    pub report: PublicReport,
    /// Only for those who may read it in full.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub contact: Option<motcua_domain::feedback::Contact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/feedback/{id}", responses((status = 200, body = FeedbackOut), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    session: Option<axum::Extension<CurrentSession>>,
    Path(id): Path<i64>,
) -> Result<Json<FeedbackOut>, ApiError> {
    let who = session.and_then(|s| s.0.principal);
    let r = state.store.feedback(id).await?.ok_or(ApiError::NotFound)?;
    let full = may_read_full(who.as_ref(), &r);
    if !full && !r.public {
        return Err(ApiError::NotFound);
    }
    let mut report = PublicReport::of(&state, &r);
    if full {
        report.answer.clone_from(&r.answer);
        report.status_note.clone_from(&r.status_note);
    }
    Ok(Json(FeedbackOut {
        report,
        contact: full.then(|| r.contact.clone()),
        version: full.then_some(r.version),
    }))
}

/// An action on a report, at the version the caller saw.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct ActionIn {
    pub version: i64,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub action: FeedbackAction,
}

#[utoipa::path(post, path = "/api/v1/feedback/{id}/actions", request_body = ActionIn,
    responses((status = 200, body = FeedbackOut), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn action(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(id): Path<i64>,
    ApiJson(a): ApiJson<ActionIn>,
) -> Result<Json<FeedbackOut>, ApiError> {
    let r = feedback::act(&state, &who, id, a.version, a.action).await?;
    let mut report = PublicReport::of(&state, &r);
    report.answer.clone_from(&r.answer);
    report.status_note.clone_from(&r.status_note);
    Ok(Json(FeedbackOut {
        report,
        contact: Some(r.contact.clone()),
        version: Some(r.version),
    }))
}
