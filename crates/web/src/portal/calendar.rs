//! The administrator's calendar page: the days off of a year as the system computes them,
//! and the year's corrections (extra days off, swapped working days, replaced holidays).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use time::{Date, Weekday};

use motcua_domain::account::Principal;
use motcua_domain::calendar::{CalendarOverride, OverrideKind};

use super::view::{Ctx, FormErrors, Page, PageError, SelectOption};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::state::AppState;

const ISO: &[time::format_description::FormatItem<'static>] = time::macros::format_description!("[year]-[month]-[day]");
const KINDS: [OverrideKind; 3] = [OverrideKind::DayOff, OverrideKind::WorkingDay, OverrideKind::NotHoliday];

fn kind_code<T: serde::Serialize>(k: T) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `Thứ Hai, 27/04/2026` in Vietnamese, `Monday, 27/04/2026` in English.
fn long_date(t: Tr, d: Date) -> String {
    let vi = [
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
        "Chủ nhật",
    ];
    let i = usize::from(d.weekday().number_days_from_monday());
    let name = if t.lang() == "vi" {
        vi[i].to_owned()
    } else {
        weekday_en(d.weekday()).to_owned()
    };
    format!("{name}, {:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

fn weekday_en(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

pub struct DayRow {
    date: String,
    name: String,
    kind: &'static str,
}

pub struct CorrectionRow {
    date: String,
    iso: String,
    kind: &'static str,
    name: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    t: Tr,
    page: Page,
    year: i32,
    office_hours: String,
    days: Vec<DayRow>,
    corrections: Vec<CorrectionRow>,
    kinds: Vec<SelectOption>,
    errors: FormErrors,
    form_date: String,
    form_name: String,
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    nam: Option<i32>,
}

fn admin(ctx: &Ctx) -> Result<Principal, PageError> {
    let who = ctx.who()?;
    motcua_app::calendar::authorise(&who)?;
    Ok(who)
}

async fn render(
    state: &AppState,
    t: Tr,
    page: Page,
    year: i32,
    form: (&FormErrors, &str, &str, &str),
) -> Result<CalendarPage, PageError> {
    let cal = state.calendar();
    let days = cal
        .calendar
        .holidays(year)
        .into_iter()
        .map(|h| DayRow {
            date: long_date(t, h.date),
            name: h.name,
            kind: t.t(&format!("cal.kind.{}", kind_code(h.kind))),
        })
        .collect();
    let corrections = motcua_app::calendar::overrides(state)
        .await?
        .into_iter()
        .filter(|c| c.date.year() == year)
        .map(|c| CorrectionRow {
            date: long_date(t, c.date),
            iso: c.date.format(ISO).unwrap_or_default(),
            kind: t.t(&format!("cal.kind.{}", kind_code(c.kind))),
            name: c.name,
        })
        .collect();
    let hm = |x: &time::Time| format!("{:02}:{:02}", x.hour(), x.minute());
    let office_hours = cal
        .calendar
        .office
        .periods
        .iter()
        .map(|(a, b)| format!("{}–{}", hm(a), hm(b)))
        .collect::<Vec<_>>()
        .join(", ");
    let (errors, date, kind, name) = form;
    let kinds = KINDS
        .iter()
        .map(|k| SelectOption {
            value: kind_code(k),
            label: t.t(&format!("cal.kind.{}", kind_code(k))).to_owned(),
            selected: kind_code(k) == kind,
        })
        .collect();
    Ok(CalendarPage {
        t,
        page,
        year,
        office_hours,
        days,
        corrections,
        kinds,
        errors: errors.clone(),
        form_date: date.to_owned(),
        form_name: name.to_owned(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    admin(&ctx)?;
    let this_year = time::OffsetDateTime::now_utc()
        .to_offset(motcua_domain::calendar::VIETNAM)
        .year();
    let year = q.nam.filter(|y| (1951..=2149).contains(y)).unwrap_or(this_year);
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let body = render(&state, ctx.t, page, year, (&FormErrors::default(), "", "day_off", "")).await?;
    Ok((jar, body).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CorrectionForm {
    date: String,
    kind: String,
    name: String,
}

pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<CorrectionForm>,
) -> Result<Response, PageError> {
    let who = admin(&ctx)?;
    let t = ctx.t;
    let mut errors = FormErrors::default();
    let date = Date::parse(f.date.trim(), ISO)
        .ok()
        .filter(|d| (1951..=2149).contains(&d.year()));
    if date.is_none() {
        errors.add("date", t.field("invalid_date", &Some("YYYY-MM-DD".into())));
    }
    let kind = KINDS.into_iter().find(|k| kind_code(k) == f.kind);
    if kind.is_none() {
        errors.add("kind", t.field("invalid_choice", &None));
    }
    if f.name.chars().count() > 200 {
        errors.add("name", t.field("too_long", &Some("200".into())));
    }
    let (Some(date), Some(kind), true) = (date, kind, errors.is_empty()) else {
        let year = date.map_or_else(|| time::OffsetDateTime::now_utc().year(), |d| d.year());
        let body = render(&state, t, ctx.page(), year, (&errors, &f.date, &f.kind, &f.name)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    };
    let o = CalendarOverride {
        date,
        kind,
        name: motcua_domain::text::nfc(f.name.trim()),
    };
    motcua_app::calendar::set_override(&state, &who, &o).await?;
    Ok(Redirect::to(&format!("/quan-tri/lich?nam={}", date.year())).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RemoveForm {
    date: String,
}

pub async fn remove(State(state): State<AppState>, ctx: Ctx, Form(f): Form<RemoveForm>) -> Result<Response, PageError> {
    let who = admin(&ctx)?;
    let date = Date::parse(f.date.trim(), ISO).map_err(|_| ApiError::NotFound)?;
    match motcua_app::calendar::delete_override(&state, &who, date).await {
        Ok(()) | Err(motcua_app::AppError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/quan-tri/lich?nam={}", date.year())).into_response())
}
