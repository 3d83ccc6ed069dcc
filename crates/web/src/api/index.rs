//! The Decision-766 service index: an agency's index for a period (public) and the dossiers
//! that cost it points (officers of the agency or above it, administrators).

use axum::Json;
use axum::extract::State;
use time::OffsetDateTime;

use motcua_app::index;

use super::ApiQuery;
use super::index_types::{DrillItemOut, DrilldownOut, DrilldownQuery, IndexOut, IndexQuery};
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

/// The index of an agency for a period (public). A province counts every agency below it,
/// any other agency only its own dossiers; a period not over yet is judged now. Indicators
/// without data yet are null with 0 points. `unknown_agency` (404), `invalid_period` (400).
#[utoipa::path(get, path = "/api/v1/index", params(IndexQuery),
    responses((status = 200, body = IndexOut), (status = 400), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<IndexQuery>,
) -> Result<Json<IndexOut>, ApiError> {
    let view = index::index(&state, &q.agency, &q.period, OffsetDateTime::now_utc()).await?;
    Ok(Json(view.into()))
}

/// The dossiers that cost the agency points on an indicator in the period, with why; for
/// officers of the agency or of an agency above it and system administrators (404 for
/// anyone else). `unknown_indicator`, `invalid_period` (400); `unknown_agency` (404).
#[utoipa::path(get, path = "/api/v1/index/drilldown", params(DrilldownQuery),
    responses((status = 200, body = DrilldownOut), (status = 400), (status = 401), (status = 404)))]
pub async fn drilldown(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiQuery(q): ApiQuery<DrilldownQuery>,
) -> Result<Json<DrilldownOut>, ApiError> {
    let items = index::drilldown(
        &state,
        &who,
        &q.agency,
        &q.period,
        &q.indicator,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(Json(DrilldownOut {
        items: items.into_iter().map(DrillItemOut::from).collect(),
    }))
}
