use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;

use motcua_domain::agency::{AgencyCode, AgencyInput, UnitInput};
use motcua_storage::{Agency, Unit};

use super::ApiJson;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct AgencyList {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Agency>,
}

/// Every agency (public: the organisation chart is published).
#[utoipa::path(get, path = "/api/v1/agencies", responses((status = 200, body = AgencyList)))]
pub async fn list_agencies(State(state): State<AppState>) -> Result<Json<AgencyList>, ApiError> {
    Ok(Json(AgencyList {
        items: state.store.list_agencies().await?,
    }))
}

/// Creates an agency (system administrators).
#[utoipa::path(post, path = "/api/v1/agencies", request_body(content = Object),
    responses((status = 201), (status = 401), (status = 403), (status = 409), (status = 422)))]
pub async fn create_agency(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiJson(a): ApiJson<AgencyInput>,
) -> Result<(StatusCode, Json<Agency>), ApiError> {
    if !who.can_manage_organisation() {
        return Err(ApiError::Forbidden);
    }
    let agency = state.store.create_agency(Some(who.user_id), &a).await?;
    state.refresh_catalogue().await?;
    Ok((StatusCode::CREATED, Json(agency)))
}

fn parse_code(code: &str) -> Result<AgencyCode, ApiError> {
    AgencyCode::parse(code).map_err(|e| {
        ApiError::Validation(vec![motcua_domain::FieldError {
            field: "code".into(),
            code: e.code(),
            detail: None,
        }])
    })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UnitList {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Unit>,
}

/// Units of an agency (public).
#[utoipa::path(get, path = "/api/v1/agencies/{code}/units", responses((status = 200, body = UnitList), (status = 404)))]
pub async fn list_units(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<UnitList>, ApiError> {
    let agency = state
        .store
        .agency_by_code(&parse_code(&code)?)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(UnitList {
        items: state.store.list_units(agency.id).await?,
    }))
}

/// Creates a unit in an agency (system administrators, or that agency's administrators).
#[utoipa::path(post, path = "/api/v1/agencies/{code}/units", request_body(content = Object),
    responses((status = 201), (status = 401), (status = 403), (status = 409), (status = 422)))]
pub async fn create_unit(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(u): ApiJson<UnitInput>,
) -> Result<(StatusCode, Json<serde_json::Value>), ApiError> {
    let agency = state
        .store
        .agency_by_code(&parse_code(&code)?)
        .await?
        .ok_or(ApiError::NotFound)?;
    let allowed = who.can_manage_organisation()
        || who
            .grants
            .iter()
            .any(|g| g.role == motcua_domain::account::Role::AgencyAdmin && g.agency_id == agency.id);
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    if u.agency.as_str() != agency.code {
        return Err(ApiError::Validation(vec![motcua_domain::FieldError {
            field: "agency".into(),
            code: "code_mismatch",
            detail: None,
        }]));
    }
    let id = state.store.create_unit(Some(who.user_id), &u).await?;
    Ok((StatusCode::CREATED, Json(serde_json::json!({"id": id}))))
}
