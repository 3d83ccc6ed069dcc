//! The working-day calendar over HTTP: holidays of a year, due dates, and the yearly table
//! and office hours that administrators keep.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, Time};

use motcua_domain::FieldError;
use motcua_domain::calendar::{CalendarOverride, OfficeHours, OutsideHours, OverrideKind, VIETNAM};
use motcua_domain::procedure::TimeUnit;

use super::{ApiJson, ApiQuery};
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

const DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");
const HM: &[time::format_description::FormatItem<'static>] = time::macros::format_description!("[hour]:[minute]");

fn invalid(field: &str, code: &'static str, detail: Option<&str>) -> ApiError {
    ApiError::Validation(vec![FieldError {
        field: field.into(),
        code,
        detail: detail.map(str::to_owned),
    }])
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// Gregorian year, 1950–2150.
    pub year: i32,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct HolidayOut {
    /// `YYYY-MM-DD`
    pub date: String,
    pub name: String,
    /// statutory | compensatory | extra
    pub kind: String,
}

/// Days off of a year: the law's holidays, compensatory days, the year's corrections.
#[utoipa::path(get, path = "/api/v1/calendar/holidays", params(YearQuery),
    responses((status = 200, body = [HolidayOut]), (status = 422)))]
pub async fn holidays(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Json<Vec<HolidayOut>>, ApiError> {
    if !(1950..=2150).contains(&q.year) {
        return Err(invalid("year", "out_of_range", Some("1950..2150")));
    }
    let cal = state.calendar();
    let out = cal
        .calendar
        .holidays(q.year)
        .into_iter()
        .map(|h| HolidayOut {
            date: h.date.format(DATE).unwrap_or_default(),
            name: h.name,
            kind: serde_json::to_value(h.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
        })
        .collect();
    Ok(Json(out))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    /// Receipt instant, RFC 3339 (any offset; counted in Vietnam time).
    pub from: String,
    pub working_days: Option<u32>,
    pub hours: Option<u32>,
    pub days: Option<u32>,
    pub months: Option<u32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DueOut {
    /// RFC 3339, Vietnam time (+07:00).
    pub due: String,
}

/// When a time limit counted from `from` ends. Give exactly one of `working_days`, `hours`
/// (working hours), `days` or `months`.
#[utoipa::path(get, path = "/api/v1/calendar/due", params(DueQuery), responses((status = 200, body = DueOut), (status = 422)))]
pub async fn due(State(state): State<AppState>, ApiQuery(q): ApiQuery<DueQuery>) -> Result<Json<DueOut>, ApiError> {
    let from =
        OffsetDateTime::parse(&q.from, &Rfc3339).map_err(|_| invalid("from", "invalid_date", Some("RFC 3339")))?;
    let given: Vec<(u32, TimeUnit)> = [
        (q.working_days, TimeUnit::WorkingDays),
        (q.hours, TimeUnit::Hours),
        (q.days, TimeUnit::Days),
        (q.months, TimeUnit::Months),
    ]
    .into_iter()
    .filter_map(|(v, u)| v.map(|v| (v, u)))
    .collect();
    let [(value, unit)] = given[..] else {
        return Err(invalid("working_days", "exactly_one_limit", None));
    };
    if !(1..=3650).contains(&value) {
        return Err(invalid(unit.as_str(), "out_of_range", Some("1..3650")));
    }
    if !from
        .checked_to_offset(VIETNAM)
        .is_some_and(|l| (1950..=2140).contains(&l.year()))
    {
        return Err(invalid("from", "out_of_range", Some("1950..2140")));
    }
    let due = state.calendar().calendar.due(from, value, unit).to_offset(VIETNAM);
    Ok(Json(DueOut {
        due: due.format(&Rfc3339).map_err(|e| ApiError::Internal(e.to_string()))?,
    }))
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideBody {
    /// day_off | working_day | not_holiday
    #[schema(value_type = String)]
    pub kind: OverrideKind,
    #[serde(default)]
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OverrideOut {
    pub date: String,
    #[schema(value_type = String)]
    pub kind: OverrideKind,
    pub name: String,
}

/// The yearly correction table (public: it is published as the official calendar).
#[utoipa::path(get, path = "/api/v1/calendar/overrides", responses((status = 200, body = [OverrideOut])))]
pub async fn list_overrides(State(state): State<AppState>) -> Result<Json<Vec<OverrideOut>>, ApiError> {
    let out = motcua_app::calendar::overrides(&state)
        .await?
        .into_iter()
        .map(|o| OverrideOut {
            date: o.date.format(DATE).unwrap_or_default(),
            kind: o.kind,
            name: o.name,
        })
        .collect();
    Ok(Json(out))
}

fn parse_date(s: &str) -> Result<Date, ApiError> {
    Date::parse(s, DATE).map_err(|_| invalid("date", "invalid_date", Some("YYYY-MM-DD")))
}

/// Sets the correction of one date (system administrators).
#[utoipa::path(put, path = "/api/v1/calendar/overrides/{date}", request_body = OverrideBody,
    responses((status = 204), (status = 401), (status = 403), (status = 422)))]
pub async fn put_override(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(date): Path<String>,
    ApiJson(body): ApiJson<OverrideBody>,
) -> Result<StatusCode, ApiError> {
    motcua_app::calendar::authorise(&who)?;
    let date = parse_date(&date)?;
    let o = CalendarOverride {
        date,
        kind: body.kind,
        name: motcua_domain::text::nfc(body.name.trim()),
    };
    motcua_app::calendar::set_override(&state, &who, &o).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the correction of one date (system administrators).
#[utoipa::path(delete, path = "/api/v1/calendar/overrides/{date}",
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn delete_override(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(date): Path<String>,
) -> Result<StatusCode, ApiError> {
    motcua_app::calendar::authorise(&who)?;
    motcua_app::calendar::delete_override(&state, &who, parse_date(&date)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeHoursBody {
    /// Working periods as `["HH:MM", "HH:MM"]` pairs, in order.
    pub periods: Vec<(String, String)>,
    /// next_opening | previous_close
    #[serde(default)]
    #[schema(value_type = String)]
    pub outside_hours: OutsideHours,
}

/// Office hours in force.
#[utoipa::path(get, path = "/api/v1/calendar/office-hours", responses((status = 200, body = OfficeHoursBody)))]
pub async fn office_hours(State(state): State<AppState>) -> Json<OfficeHoursBody> {
    let o = &state.calendar().calendar.office;
    let f = |t: &Time| t.format(HM).unwrap_or_default();
    Json(OfficeHoursBody {
        periods: o.periods.iter().map(|(a, b)| (f(a), f(b))).collect(),
        outside_hours: o.outside_hours,
    })
}

/// Sets office hours (system administrators).
#[utoipa::path(put, path = "/api/v1/calendar/office-hours", request_body = OfficeHoursBody,
    responses((status = 204), (status = 401), (status = 403), (status = 422)))]
pub async fn put_office_hours(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiJson(body): ApiJson<OfficeHoursBody>,
) -> Result<StatusCode, ApiError> {
    motcua_app::calendar::authorise(&who)?;
    let t = |s: &str| Time::parse(s, HM).map_err(|_| invalid("periods", "invalid_format", Some("HH:MM")));
    let periods = body
        .periods
        .iter()
        .map(|(a, b)| Ok((t(a)?, t(b)?)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let hours = OfficeHours {
        periods,
        outside_hours: body.outside_hours,
    };
    motcua_app::calendar::set_office_hours(&state, &who, &hours).await?;
    Ok(StatusCode::NO_CONTENT)
}
