//! Dossiers over HTTP: filing, reading (with the actions the caller may take), acting,
//! queues, "my dossiers" and the public look-up.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use motcua_app::dossiers::{self, DossierView, QueueKind};
use motcua_app::records::DossierRecord;
use motcua_domain::dossier::is_overdue;

use super::dossier_types::{ActionName, ActionRequest, FilingRequest, rfc3339};
use super::{ApiJson, ApiQuery};
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

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
    /// The appointment; `null` while the clock is stopped (waiting for a supplement) or
    /// before reception.
    pub due_at: Option<String>,
    /// The clock is stopped while the applicant supplements the dossier.
    pub clock_stopped: bool,
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
    /// The actions the engine would accept from the caller now.
    pub available_actions: Vec<ActionName>,
    /// The fee quoted at filing, if there is one to pay through the system.
    pub fee: Option<FeeOut>,
    /// In đồng: what the dossier waits for now (see `QueueItem::payment_due`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_due: Option<i64>,
    /// The dossier's files (components), oldest first.
    pub files: Vec<FileOut>,
}

/// A file of a dossier.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FileOut {
    pub id: i64,
    /// The component's code.
    pub component: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// The applicant's kept document this file reuses instead of an upload (its id in
    /// `GET /api/v1/me/documents`); absent for an upload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reused_from: Option<i64>,
}

/// A dossier's fee.
#[derive(Serialize, utoipa::ToSchema)]
pub struct FeeOut {
    /// In đồng.
    pub amount: i64,
    /// at_filing | before_result
    pub due: String,
    pub paid: bool,
    /// The itemised quote (lines with quantity, unit amount, total, waived).
    #[schema(value_type = Object)]
    pub quote: Option<serde_json::Value>,
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
    /// early | on_time | late
    pub timeliness: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TimelineOut {
    pub at: String,
    pub action: String,
    pub status: String,
}

fn out(state: &AppState, v: DossierView) -> DossierOut {
    let cat = state.catalogue();
    let agency_code = |id| cat.agency_by_id(id).map(|a| a.code.clone());
    let d = v.dossier;
    let stopped = d.state.status.clock_stopped();
    DossierOut {
        agency: agency_code(d.state.agency_id),
        step_key: v.entry.process.current(&d.state).map(|s| s.key.clone()),
        hand_overs: v
            .hand_overs
            .into_iter()
            .map(|h| HandOverOut {
                step: h.step,
                agency: agency_code(h.agency_id),
                received_at: rfc3339(h.started_at),
                given_at: rfc3339(h.finished_at),
                due_at: h.due_at.map(rfc3339),
                timeliness: h.timeliness.as_str().to_owned(),
            })
            .collect(),
        timeline: v
            .history
            .into_iter()
            .map(|h| TimelineOut {
                at: rfc3339(h.at),
                action: h.action.as_str().to_owned(),
                status: h.to_status.as_str().to_owned(),
            })
            .collect(),
        available_actions: v.actions.into_iter().map(ActionName::from).collect(),
        fee: d.state.fee.map(|f| FeeOut {
            amount: f.amount.dong(),
            due: f.due.as_str().to_owned(),
            paid: f.paid,
            quote: d.fee_quote.clone(),
        }),
        payment_due: d.state.payment_due_now().map(|m| m.dong()),
        files: v
            .files
            .into_iter()
            .map(|f| FileOut {
                id: f.id.get(),
                component: f.component,
                file_name: f.file_name,
                content_type: f.content_type,
                size_bytes: f.size_bytes,
                reused_from: f.reused_from.map(|r| r.get()),
            })
            .collect(),
        code: d.code,
        secret: d.secret,
        procedure_id: d.procedure_id.get(),
        status: d.state.status.as_str().to_owned(),
        step: d.state.step,
        channel: d.channel.as_str().to_owned(),
        submitted_at: rfc3339(d.submitted_at),
        received_at: d.state.received_at.map(rfc3339),
        due_at: d.state.due_at.filter(|_| !stopped).map(rfc3339),
        clock_stopped: stopped,
        version: d.version,
        applicant: d.applicant,
        data: d.data,
    }
}

/// Files a dossier (citizens online; one-stop officers at the counter).
#[utoipa::path(post, path = "/api/v1/dossiers", request_body = FilingRequest,
    responses((status = 201, body = DossierOut), (status = 401), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiJson(f): ApiJson<FilingRequest>,
) -> Result<(StatusCode, Json<DossierOut>), ApiError> {
    let d = dossiers::file(&state, &who, f.into()).await?;
    let v = dossiers::view(&state, &who, d).await?;
    Ok((StatusCode::CREATED, Json(out(&state, v))))
}

/// One dossier, for its applicant and the officers of its agencies, with the actions the
/// caller may take now.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}", params(("code" = String, Path, description = "Dossier code")),
    responses((status = 200, body = DossierOut), (status = 401), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<DossierOut>, ApiError> {
    let d = dossiers::readable(&state, &who, &code).await?;
    let v = dossiers::view(&state, &who, d).await?;
    Ok(Json(out(&state, v)))
}

/// Takes an action on a dossier (receive, forward, request_supplement, refuse, …).
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/actions", params(("code" = String, Path, description = "Dossier code")),
    request_body = ActionRequest,
    responses((status = 200, body = DossierOut), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn action(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<ActionRequest>,
) -> Result<Json<DossierOut>, ApiError> {
    let (version, action) = body.into_action();
    let d = dossiers::act(&state, &who, &code, version, action).await?;
    let v = dossiers::view(&state, &who, d).await?;
    Ok(Json(out(&state, v)))
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
    /// `null` while the clock is stopped.
    pub due_at: Option<String>,
    pub overdue: bool,
    /// In đồng: the fee the dossier waits for now (due at filing, or before the result once
    /// it is ready); absent when nothing is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_due: Option<i64>,
}

impl QueueItem {
    fn new(d: DossierRecord, now: OffsetDateTime) -> Self {
        QueueItem {
            overdue: is_overdue(&d.state, now),
            status: d.state.status.as_str().to_owned(),
            step: d.state.step,
            applicant_name: d.applicant.full_name,
            submitted_at: rfc3339(d.submitted_at),
            due_at: d.state.due_at.filter(|_| !d.state.status.clock_stopped()).map(rfc3339),
            payment_due: d.state.payment_due_now().map(|m| m.dong()),
            code: d.code,
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
    let kind = match q.queue.as_str() {
        "new" => QueueKind::New,
        "in_progress" => QueueKind::InProgress,
        "due_soon" => QueueKind::DueSoon,
        "overdue" => QueueKind::Overdue,
        "supplement" => QueueKind::WaitingSupplement,
        "result_ready" => QueueKind::ResultReady,
        _ => {
            // Authorisation first: an outsider learns nothing from a bad queue name.
            dossiers::workspace_agency(&state, &who, &q.agency)?;
            return Err(motcua_app::AppError::invalid("queue", "invalid_choice").into());
        }
    };
    let now = OffsetDateTime::now_utc();
    let items = dossiers::queue(&state, &who, &q.agency, kind)
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
    let items = dossiers::mine(&state, &who)
        .await?
        .into_iter()
        .map(|d| QueueItem::new(d, now))
        .collect();
    Ok(Json(items))
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
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
/// personal data. A wrong secret answers exactly like an unknown code. Kept for clients of
/// the first version; `POST /api/v1/lookup` keeps the secret out of addresses and logs.
#[utoipa::path(get, path = "/api/v1/lookup", params(LookupQuery), responses((status = 200, body = LookupOut), (status = 404)))]
pub async fn lookup(State(state): State<AppState>, ApiQuery(q): ApiQuery<LookupQuery>) -> Result<Response, ApiError> {
    lookup_answer(&state, &q).await
}

/// Public look-up with the code and secret in the body. Both are read as people type them
/// off paper: any case, spaces and hyphens ignored.
#[utoipa::path(post, path = "/api/v1/lookup", request_body = LookupQuery, responses((status = 200, body = LookupOut), (status = 404)))]
pub async fn lookup_post(
    State(state): State<AppState>,
    ApiJson(q): ApiJson<LookupQuery>,
) -> Result<Response, ApiError> {
    lookup_answer(&state, &q).await
}

async fn lookup_answer(state: &AppState, q: &LookupQuery) -> Result<Response, ApiError> {
    let found = dossiers::lookup(state, &q.code, &q.secret)
        .await?
        .ok_or(ApiError::NotFound)?;
    let d = found.dossier;
    let body = LookupOut {
        procedure: found.procedure,
        status: d.state.status.as_str().to_owned(),
        submitted_at: rfc3339(d.submitted_at),
        due_at: d.state.due_at.filter(|_| !d.state.status.clock_stopped()).map(rfc3339),
        timeline: found
            .history
            .into_iter()
            .map(|h| TimelineOut {
                at: rfc3339(h.at),
                action: h.action.as_str().to_owned(),
                status: h.to_status.as_str().to_owned(),
            })
            .collect(),
        code: d.code,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}
