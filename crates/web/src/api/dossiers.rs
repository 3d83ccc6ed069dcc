//! Dossiers over HTTP: filing, reading, acting, queues, "my dossiers" and the public look-up.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use motcua_domain::calendar::VIETNAM;
use motcua_domain::dossier::{Action, Status};
use motcua_storage::{DossierRecord, Queue};

use super::{ApiJson, ApiQuery};
use crate::auth::SignedIn;
use crate::dossiers::{self, Filing};
use crate::error::ApiError;
use crate::state::AppState;

fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(VIETNAM).format(&Rfc3339).unwrap_or_default()
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DossierOut {
    pub code: String,
    /// Secret for the public look-up (shown to the applicant and the receiving officer).
    pub secret: String,
    pub procedure_id: i64,
    pub status: String,
    pub step: usize,
    pub channel: String,
    pub submitted_at: String,
    pub received_at: Option<String>,
    pub due_at: Option<String>,
    pub version: i64,
    #[schema(value_type = Object)]
    pub applicant: motcua_domain::dossier::Applicant,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    pub timeline: Vec<TimelineOut>,
    /// Code of the agency handling the dossier now.
    pub agency: Option<String>,
    /// Key of the current step (one of the receiving agency's steps during an
    /// inter-agency hand-over).
    pub step_key: Option<String>,
    /// The process-control rows (form 05), oldest first.
    pub hand_overs: Vec<HandOverOut>,
}

/// One form-05 row: the step, the agency holding the dossier there, when it received the
/// dossier and when it gave it on, and whether that was early, on time or late.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HandOverOut {
    pub step: String,
    pub agency: Option<String>,
    pub received_at: String,
    pub given_at: String,
    pub due_at: Option<String>,
    pub timeliness: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TimelineOut {
    pub at: String,
    pub action: String,
    pub status: String,
}

async fn out(state: &AppState, d: DossierRecord) -> Result<DossierOut, ApiError> {
    let timeline = state
        .store
        .dossier_history(d.id)
        .await?
        .into_iter()
        .map(|h| TimelineOut {
            at: rfc3339(h.at),
            action: h.action,
            status: h.to_status,
        })
        .collect();
    let cat = state.catalogue();
    let agency_code = |id: i64| cat.agencies.iter().find(|a| a.id == id).map(|a| a.code.to_string());
    let process = match state.store.procedure_process(d.procedure_id).await? {
        Some(p) => Some(p),
        None => cat
            .by_id(d.procedure_id)
            .map(|e| motcua_domain::dossier::Process::standard(&e.procedure.time_limit)),
    };
    let step_key = process
        .as_ref()
        .and_then(|p| p.current(&d.state))
        .map(|s| s.key.clone());
    let hand_overs = state
        .store
        .dossier_handovers(d.id)
        .await?
        .into_iter()
        .map(|h| HandOverOut {
            step: h.step,
            agency: agency_code(h.agency_id),
            received_at: rfc3339(h.started_at),
            given_at: rfc3339(h.finished_at),
            due_at: h.due_at.map(rfc3339),
            timeliness: h.timeliness,
        })
        .collect();
    Ok(DossierOut {
        agency: agency_code(d.state.agency_id),
        step_key,
        hand_overs,
        code: d.code,
        secret: d.secret,
        procedure_id: d.procedure_id,
        status: d.state.status.as_str().to_owned(),
        step: d.state.step,
        channel: d.channel.as_str().to_owned(),
        submitted_at: rfc3339(d.submitted_at),
        received_at: d.state.received_at.map(rfc3339),
        due_at: d.state.due_at.map(rfc3339),
        version: d.version,
        applicant: d.applicant,
        data: d.data,
        timeline,
    })
}

/// Files a dossier (citizens online; one-stop officers at the counter).
#[utoipa::path(post, path = "/api/v1/dossiers", request_body(content = Object),
    responses((status = 201, body = DossierOut), (status = 401), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiJson(f): ApiJson<Filing>,
) -> Result<(StatusCode, Json<DossierOut>), ApiError> {
    let d = dossiers::file(&state, &who, f).await?;
    Ok((StatusCode::CREATED, Json(out(&state, d).await?)))
}

/// One dossier, for its applicant and the officers of its agencies.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}", responses((status = 200, body = DossierOut), (status = 401), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<DossierOut>, ApiError> {
    let d = dossiers::readable(&state, &who, &code).await?;
    Ok(Json(out(&state, d).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ActionBody {
    /// The version the caller saw; a newer stored version refuses the action (409).
    pub version: i64,
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub action: Action,
}

/// Takes an action on a dossier (receive, forward, request_supplement, refuse, …).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/actions", request_body = ActionBody,
    responses((status = 200, body = DossierOut), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn action(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ActionBody>,
) -> Result<Json<DossierOut>, ApiError> {
    let d = dossiers::act(&state, &who, &code, body.version, body.action).await?;
    Ok(Json(out(&state, d).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// Agency code.
    pub agency: String,
    /// new | in_progress | due_soon | overdue | supplement | result_ready
    pub queue: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueItem {
    pub code: String,
    pub status: String,
    pub step: usize,
    pub applicant_name: String,
    pub submitted_at: String,
    pub due_at: Option<String>,
    pub overdue: bool,
}

impl QueueItem {
    fn new(d: DossierRecord, now: OffsetDateTime) -> Self {
        QueueItem {
            overdue: motcua_domain::dossier::engine::is_overdue(&d.state, now),
            code: d.code,
            status: d.state.status.as_str().to_owned(),
            step: d.state.step,
            applicant_name: d.applicant.full_name,
            submitted_at: rfc3339(d.submitted_at),
            due_at: d.state.due_at.map(rfc3339),
        }
    }
}

/// An officer's queue in an agency where they hold a role.
#[utoipa::path(get, path = "/api/v1/dossiers", params(QueueQuery), responses((status = 200, body = [QueueItem]), (status = 403)))]
pub async fn queue(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<Vec<QueueItem>>, ApiError> {
    let agency = state
        .catalogue()
        .agency(&q.agency)
        .map(|a| a.id)
        .ok_or(ApiError::NotFound)?;
    if !who.is_system_admin() && !who.grants.iter().any(|g| g.agency_id == agency) {
        return Err(ApiError::Forbidden);
    }
    let which = match q.queue.as_str() {
        "new" => Queue::New,
        "in_progress" => Queue::InProgress,
        "due_soon" => Queue::DueSoon { hours: 48 },
        "overdue" => Queue::Overdue,
        "supplement" => Queue::WaitingSupplement,
        "result_ready" => Queue::ResultReady,
        _ => {
            return Err(ApiError::Validation(vec![motcua_domain::FieldError {
                field: "queue".into(),
                code: "invalid_choice",
                detail: None,
            }]));
        }
    };
    let now = OffsetDateTime::now_utc();
    let items = state
        .store
        .dossier_queue(agency, which, now, 200)
        .await?
        .into_iter()
        .map(|d| QueueItem::new(d, now))
        .collect();
    Ok(Json(items))
}

/// The signed-in citizen's dossiers.
#[utoipa::path(get, path = "/api/v1/me/dossiers", responses((status = 200, body = [QueueItem]), (status = 401)))]
pub async fn mine(State(state): State<AppState>, SignedIn(who): SignedIn) -> Result<Json<Vec<QueueItem>>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let items = state
        .store
        .applicant_dossiers(who.user_id, 200)
        .await?
        .into_iter()
        .map(|d| QueueItem::new(d, now))
        .collect();
    Ok(Json(items))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    pub code: String,
    pub secret: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LookupOut {
    pub code: String,
    pub procedure: String,
    pub status: String,
    pub submitted_at: String,
    pub due_at: Option<String>,
    pub timeline: Vec<TimelineOut>,
}

/// Public look-up by code and secret (the receipt's QR code): status and timeline, no
/// personal data. A wrong secret answers exactly like an unknown code.
#[utoipa::path(get, path = "/api/v1/lookup", params(LookupQuery), responses((status = 200, body = LookupOut), (status = 404)))]
pub async fn lookup(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<LookupQuery>,
) -> Result<Json<LookupOut>, ApiError> {
    let d = state
        .store
        .dossier_by_code(q.code.trim())
        .await?
        .ok_or(ApiError::NotFound)?;
    if !crate::auth::token::same(q.secret.trim(), &d.secret) {
        return Err(ApiError::NotFound);
    }
    let procedure = state
        .catalogue()
        .procedures
        .iter()
        .find(|e| e.id == d.procedure_id)
        .map(|e| e.procedure.name.clone())
        .unwrap_or_default();
    let timeline = state
        .store
        .dossier_history(d.id)
        .await?
        .into_iter()
        .map(|h| TimelineOut {
            at: rfc3339(h.at),
            action: h.action,
            status: h.to_status,
        })
        .collect();
    let status: Status = d.state.status;
    Ok(Json(LookupOut {
        code: d.code,
        procedure,
        status: status.as_str().to_owned(),
        submitted_at: rfc3339(d.submitted_at),
        due_at: d.state.due_at.map(rfc3339),
        timeline,
    }))
}
