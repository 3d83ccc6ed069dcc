use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use motcua_domain::FieldError;
use motcua_domain::agency::Level;
use motcua_domain::procedure::{OnlineLevel, ProcedureInput};

use super::{ApiJson, ApiQuery};
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;
use motcua_app::{Filter, ProcedureEntry};

pub const PER_PAGE_MAX: usize = 100;

/// Query of the catalogue listing (shared by the API and the portal).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Words to search for, with or without diacritics.
    #[serde(default)]
    pub q: String,
    /// Handling agency code.
    pub agency: Option<String>,
    /// central | province | district | commune
    pub level: Option<String>,
    /// Field (lĩnh vực), exactly as listed.
    pub field: Option<String>,
    /// none | partial | full_process
    pub online: Option<String>,
    pub page: Option<usize>,
    pub per_page: Option<usize>,
}

impl ListQuery {
    /// Checks the query and turns it into a catalogue filter plus paging.
    pub fn to_filter(&self) -> Result<(Filter, usize, usize), ApiError> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, code: &'static str| {
            errors.push(FieldError {
                field: field.into(),
                code,
                detail: None,
            })
        };
        let blank = |s: &Option<String>| s.as_deref().filter(|v| !v.is_empty()).map(str::to_owned);
        let level = match blank(&self.level) {
            Some(l) => Level::parse(&l).or_else(|| {
                bad("level", "invalid_choice");
                None
            }),
            None => None,
        };
        let online = match blank(&self.online) {
            Some(o) => OnlineLevel::parse(&o).or_else(|| {
                bad("online", "invalid_choice");
                None
            }),
            None => None,
        };
        let page = self.page.unwrap_or(1);
        if page == 0 || page > 100_000 {
            bad("page", "out_of_range");
        }
        let per_page = self.per_page.unwrap_or(20);
        if per_page == 0 || per_page > PER_PAGE_MAX {
            bad("per_page", "out_of_range");
        }
        if self.q.chars().count() > 500 {
            bad("q", "too_long");
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let filter = Filter {
            q: self.q.clone(),
            agency: blank(&self.agency),
            level,
            field: blank(&self.field),
            online,
        };
        Ok((filter, page, per_page))
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProcedureSummary {
    pub code: String,
    pub name: String,
    pub field: String,
    pub levels: Vec<String>,
    pub agencies: Vec<String>,
    pub online_level: String,
    pub full_process_eligible: bool,
    pub time_limit: String,
    /// Sum of the fixed fees, in đồng.
    pub fee_vnd: i64,
    pub url: String,
}

impl From<&ProcedureEntry> for ProcedureSummary {
    fn from(e: &ProcedureEntry) -> Self {
        let p = &e.procedure;
        ProcedureSummary {
            code: p.code.clone(),
            name: p.name.clone(),
            field: p.field.clone(),
            levels: p.levels.iter().map(|l| l.as_str().to_owned()).collect(),
            agencies: p.agencies.iter().map(|a| a.to_string()).collect(),
            online_level: p.online_level.as_str().to_owned(),
            full_process_eligible: p.full_process_eligible,
            time_limit: format!("{} {}", p.time_limit.value, p.time_limit.unit.as_str()),
            fee_vnd: p.fixed_fee_total(),
            url: format!("/thu-tuc/{}", p.code),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProcedurePage {
    pub items: Vec<ProcedureSummary>,
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
}

/// Searches and filters the catalogue.
#[utoipa::path(get, path = "/api/v1/procedures", params(ListQuery),
    responses((status = 200, body = ProcedurePage), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<ProcedurePage>, ApiError> {
    let (filter, page, per_page) = q.to_filter()?;
    let snapshot = state.catalogue();
    let found = snapshot.find(&filter)?;
    let items = found
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|e| ProcedureSummary::from(e.as_ref()))
        .collect();
    Ok(Json(ProcedurePage {
        items,
        total: found.len(),
        page,
        per_page,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProcedureOut {
    pub version: i64,
    pub updated_at: i64,
    #[schema(value_type = Object)]
    pub procedure: ProcedureInput,
}

fn with_etag(status: StatusCode, version: i64, body: ProcedureOut) -> Response {
    let mut res = (status, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("\"{version}\"")) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

/// One procedure with all its parts; `ETag` is its version.
#[utoipa::path(get, path = "/api/v1/procedures/{code}", responses((status = 200, body = ProcedureOut), (status = 404)))]
pub async fn show(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response, ApiError> {
    let snapshot = state.catalogue();
    let e = snapshot.get(&code).ok_or(ApiError::NotFound)?;
    let out = ProcedureOut {
        version: e.version,
        updated_at: e.updated_at,
        procedure: e.procedure.clone(),
    };
    Ok(with_etag(StatusCode::OK, e.version, out))
}

/// Creates a procedure (system administrators; agency administrators for their agency).
#[utoipa::path(post, path = "/api/v1/procedures", request_body(content = Object),
    responses((status = 201, body = ProcedureOut), (status = 401), (status = 403), (status = 409), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiJson(p): ApiJson<ProcedureInput>,
) -> Result<Response, ApiError> {
    let saved = motcua_app::catalogue::create_procedure(&state, &who, &p).await?;
    let out = ProcedureOut {
        version: saved.version,
        updated_at: saved.updated_at,
        procedure: saved.procedure,
    };
    Ok(with_etag(StatusCode::CREATED, saved.version, out))
}

/// Replaces a procedure. Send `If-Match: "<version>"` to refuse overwriting a newer edit.
#[utoipa::path(put, path = "/api/v1/procedures/{code}", request_body(content = Object),
    responses((status = 200, body = ProcedureOut), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    headers: HeaderMap,
    ApiJson(p): ApiJson<ProcedureInput>,
) -> Result<Response, ApiError> {
    let snapshot = state.catalogue();
    let old = snapshot.get(&code).ok_or(ApiError::NotFound)?;
    if !motcua_app::catalogue::may_edit(&who, &snapshot, &old.procedure) {
        return Err(ApiError::Forbidden);
    }
    let expected = match headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) {
        Some(v) => Some(
            v.trim_matches('"')
                .parse::<i64>()
                .map_err(|_| ApiError::BadRequest("invalid_if_match", "If-Match must be a quoted version".into()))?,
        ),
        None => None,
    };
    let saved = motcua_app::catalogue::update_procedure(&state, &who, &code, &p, expected).await?;
    let out = ProcedureOut {
        version: saved.version,
        updated_at: saved.updated_at,
        procedure: saved.procedure,
    };
    Ok(with_etag(StatusCode::OK, saved.version, out))
}
