use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;

use motcua_app::catalogue as use_case;
use motcua_app::records::{Agency, Unit};
use motcua_domain::agency::{AgencyInput, UnitInput};

use super::ApiJson;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

/// An agency as the API shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AgencyOut {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// central | province | district | commune
    pub level: String,
    pub parent_id: Option<i64>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub address: String,
    pub phone: String,
}

impl From<Agency> for AgencyOut {
    fn from(a: Agency) -> Self {
        AgencyOut {
            id: a.id.get(),
            code: a.code,
            name: a.name,
            level: a.level.as_str().to_owned(),
            parent_id: a.parent_id.map(|p| p.get()),
            valid_from: a.valid_from,
            valid_to: a.valid_to,
            address: a.address,
            phone: a.phone,
        }
    }
}

/// A unit as the API shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitOut {
    pub id: i64,
    pub agency_id: i64,
    pub code: String,
    pub name: String,
    /// one_stop | department | leadership | other
    pub kind: String,
}

impl From<Unit> for UnitOut {
    fn from(u: Unit) -> Self {
        UnitOut {
            id: u.id.get(),
            agency_id: u.agency_id.get(),
            code: u.code,
            name: u.name,
            kind: u.kind.as_str().to_owned(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AgencyList {
    pub items: Vec<AgencyOut>,
}

/// Every agency (public: the organisation chart is published).
#[utoipa::path(get, path = "/api/v1/agencies", responses((status = 200, body = AgencyList)))]
pub async fn list_agencies(State(state): State<AppState>) -> Result<Json<AgencyList>, ApiError> {
    Ok(Json(AgencyList {
        items: use_case::agencies(&state)
            .await?
            .into_iter()
            .map(AgencyOut::from)
            .collect(),
    }))
}

/// Creates an agency (system administrators).
#[utoipa::path(post, path = "/api/v1/agencies", request_body(content = Object),
    responses((status = 201, body = AgencyOut), (status = 401), (status = 403), (status = 409), (status = 422)))]
pub async fn create_agency(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiJson(a): ApiJson<AgencyInput>,
) -> Result<(StatusCode, Json<AgencyOut>), ApiError> {
    let agency = use_case::create_agency(&state, &who, &a).await?;
    Ok((StatusCode::CREATED, Json(agency.into())))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitList {
    pub items: Vec<UnitOut>,
}

/// Units of an agency (public).
#[utoipa::path(get, path = "/api/v1/agencies/{code}/units", params(("code" = String, Path, description = "Agency code")),
    responses((status = 200, body = UnitList), (status = 404)))]
pub async fn list_units(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<UnitList>, ApiError> {
    Ok(Json(UnitList {
        items: use_case::units(&state, &code)
            .await?
            .into_iter()
            .map(UnitOut::from)
            .collect(),
    }))
}

/// Creates a unit in an agency (system administrators, or that agency's administrators).
#[utoipa::path(post, path = "/api/v1/agencies/{code}/units", params(("code" = String, Path, description = "Agency code")),
    request_body(content = Object),
    responses((status = 201), (status = 401), (status = 403), (status = 409), (status = 422)))]
pub async fn create_unit(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(u): ApiJson<UnitInput>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let id = use_case::create_unit(&state, &who, &code, &u).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({"id": id.get()}))))
}
