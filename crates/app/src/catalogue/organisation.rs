//! Agencies and units.

use motcua_domain::account::{Principal, Role};
use motcua_domain::agency::{AgencyCode, AgencyInput, UnitInput};
use motcua_domain::ids::{AgencyId, UnitId};
use motcua_storage::{Agency, Unit};

use crate::{App, AppError, Result};

/// Every agency, by level then code (public: the organisation chart is published).
pub async fn agencies(app: &App) -> Result<Vec<Agency>> {
    Ok(app.store().list_agencies().await?)
}

/// Creates an agency (system administrators).
pub async fn create_agency(app: &App, who: &Principal, a: &AgencyInput) -> Result<Agency> {
    if !who.can_manage_organisation() {
        return Err(AppError::Forbidden);
    }
    let agency = app.store().create_agency(Some(who.user_id), a).await?;
    app.refresh_catalogue().await?;
    Ok(agency)
}

fn parse_code(code: &str) -> Result<AgencyCode> {
    AgencyCode::parse(code).map_err(|e| AppError::invalid("code", e.code()))
}

/// The units of an agency, by code (public).
pub async fn units(app: &App, agency: &str) -> Result<Vec<Unit>> {
    let agency = app
        .store()
        .agency_by_code(&parse_code(agency)?)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(app.store().list_units(agency.id).await?)
}

/// The units of an agency, by id.
pub async fn units_of(app: &App, agency: AgencyId) -> Result<Vec<Unit>> {
    Ok(app.store().list_units(agency).await?)
}

/// A unit of an agency by its code.
pub async fn unit_by_code(app: &App, agency: AgencyId, code: &str) -> Result<Option<Unit>> {
    Ok(app.store().unit_by_code(agency, code).await?)
}

/// Creates a unit in an agency (system administrators, or that agency's administrators).
pub async fn create_unit(app: &App, who: &Principal, agency: &str, u: &UnitInput) -> Result<UnitId> {
    let agency = app
        .store()
        .agency_by_code(&parse_code(agency)?)
        .await?
        .ok_or(AppError::NotFound)?;
    if !who.can_manage_organisation() && !who.holds(Role::AgencyAdmin, agency.id, None) {
        return Err(AppError::Forbidden);
    }
    if u.agency.as_str() != agency.code {
        return Err(AppError::invalid("agency", "code_mismatch"));
    }
    Ok(app.store().create_unit(Some(who.user_id), u).await?)
}
