//! Ratings over HTTP: a dossier's rating (read, give or change), an officer's own ratings,
//! a leader's agency's or unit's.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use motcua_app::catalogue;
use motcua_app::ratings::{self, Period, Ratings};
use motcua_domain::FieldError;
use motcua_domain::calendar::VIETNAM;
use motcua_domain::rating::{Criterion, RatingInput, Tally};

use super::types::{
    CriterionTallyOut, RatingOut, RatingRequest, RatingsOut, RatingsQuery, TallyOut, UnitTallyOut, day,
};
use crate::api::{ApiJson, ApiQuery};
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

/// The dossier's rating, for those who may read the dossier; 404 when it has none (or
/// for those who may not read it).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/rating", params(("code" = String, Path, description = "Dossier code")),
    responses((status = 200, body = RatingOut), (status = 401), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<RatingOut>, ApiError> {
    let r = ratings::rating(&state, &who, &code).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(r.into()))
}

/// Rates an ended dossier (its applicant): 201 for the first rating, 200 for a change
/// within seven days. Refusals: `not_finished`, `already_rated` (409), `not_the_applicant`
/// (403); `version_conflict` when the version given is not the rating's.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/rating", params(("code" = String, Path, description = "Dossier code")),
    request_body = RatingRequest,
    responses((status = 201, body = RatingOut), (status = 200, body = RatingOut), (status = 401), (status = 403),
        (status = 404), (status = 409), (status = 422)))]
pub async fn rate(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<RatingRequest>,
) -> Result<(StatusCode, Json<RatingOut>), ApiError> {
    let input = RatingInput {
        satisfied: Some(body.satisfied),
        time: body.time,
        attitude: body.attitude,
        clarity: body.clarity,
        comment: body.comment,
    };
    let r = ratings::rate(&state, &who, &code, &input, body.version).await?;
    let status = if r.version == 1 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(r.into())))
}

fn tally_out(t: &Tally) -> TallyOut {
    TallyOut {
        count: t.count,
        satisfied: t.satisfied,
        satisfied_per_mille: t.satisfied_per_mille(),
        criteria: Criterion::ALL
            .into_iter()
            .zip(t.criteria)
            .map(|(c, (yes, no))| CriterionTallyOut {
                criterion: c.as_str().to_owned(),
                satisfied: yes,
                not_satisfied: no,
            })
            .collect(),
    }
}

fn period_of(q: &RatingsQuery) -> Result<Period, ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut read = |field: &str, v: &Option<String>| match v.as_deref().filter(|s| !s.trim().is_empty()) {
        None => None,
        Some(s) => day(field, s).map_err(|e| errors.push(e)).ok(),
    };
    let from = read("from", &q.from);
    let to = read("to", &q.to);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let start = |d: time::Date| d.midnight().assume_offset(VIETNAM);
    Ok(Period {
        from: from.map(start),
        until: to.and_then(|d| d.next_day()).map(start),
    })
}

fn ratings_out(r: Ratings, unit_code: impl Fn(motcua_domain::ids::UnitId) -> Option<String>) -> RatingsOut {
    RatingsOut {
        tally: tally_out(&r.tally),
        by_unit: r
            .by_unit
            .iter()
            .map(|u| UnitTallyOut {
                unit: u.unit_id.and_then(&unit_code),
                tally: tally_out(&u.tally),
            })
            .collect(),
        latest: r.latest.into_iter().map(RatingOut::from).collect(),
    }
}

/// The ratings of dossiers the calling officer acted on (officers only: 403 otherwise).
#[utoipa::path(get, path = "/api/v1/me/ratings", params(RatingsQuery),
    responses((status = 200, body = RatingsOut), (status = 401), (status = 403), (status = 422)))]
pub async fn mine(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiQuery(q): ApiQuery<RatingsQuery>,
) -> Result<Json<RatingsOut>, ApiError> {
    let period = period_of(&q)?;
    let r = ratings::mine(&state, &who, period).await?;
    Ok(Json(ratings_out(r, |_| None)))
}

/// The ratings of an agency (received or handled there), or of one of its units, for its
/// leaders (a leader of one unit reads that unit) and system administrators; 403 otherwise.
#[utoipa::path(get, path = "/api/v1/agencies/{code}/ratings", params(("code" = String, Path, description = "Agency code"), RatingsQuery),
    responses((status = 200, body = RatingsOut), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn of_agency(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<RatingsQuery>,
) -> Result<Json<RatingsOut>, ApiError> {
    let agency = state
        .catalogue()
        .agency(&code)
        .map(|a| a.id)
        .ok_or(ApiError::NotFound)?;
    let units = catalogue::units_of(&state, agency).await?;
    let unit = match q.unit.as_deref() {
        None | Some("") => None,
        Some(u) => Some(units.iter().find(|x| x.code == u).ok_or(ApiError::NotFound)?.id),
    };
    let period = period_of(&q)?;
    let r = ratings::for_scope(&state, &who, agency, unit, period).await?;
    Ok(Json(ratings_out(r, |id| {
        units.iter().find(|u| u.id == id).map(|u| u.code.clone())
    })))
}
