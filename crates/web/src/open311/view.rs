//! A stored report as an Open311 request: every field of the standard, public data only
//! (no contact details, no reporter name), datetimes in Vietnam time.

use motcua_app::feedback::{self, Open311View, PublicReport};
use motcua_app::records::{FeedbackRecord, Media};
use motcua_domain::ids::ReportId;

use super::errors::Open311Error;
use super::format::Val;
use super::params::datetime;
use super::{ROOT, services};
use crate::i18n::{self, Lang};
use crate::state::AppState;

/// The notice given with every request: how long an answer may take, and for a service
/// whose requests stay private until answered, that the request is shown redacted until then.
pub fn notice(state: &AppState, lang: Lang, service_code: &str) -> String {
    let days = state.settings().feedback.deadlines.answer;
    let mut text = i18n::plural(lang, "open311.service_notice", i64::from(days)).replace("{days}", &days.to_string());
    let setup = state.feedback_setup();
    if setup.category(service_code).is_some_and(services::is_private) {
        text.push(' ');
        text.push_str(i18n::text(lang, "open311.service_notice_private"));
    }
    text
}

/// Link to the first photo (served by `GET /media/{request}/{media}`) or client link.
fn media_url(origin: &str, id: ReportId, media: &[Media]) -> Val {
    media.first().map_or(Val::Null, |m| match (&m.sha256, &m.url) {
        (Some(_), _) => Val::Text(format!("{origin}{ROOT}/media/{id}/{}", m.id)),
        (None, Some(url)) => Val::text(url.clone()),
        (None, None) => Val::Null,
    })
}

fn real(x: Option<f64>) -> Val {
    x.map_or(Val::Null, Val::Real)
}

/// One request; the report must be public (the caller checks).
pub fn request(state: &AppState, lang: Lang, origin: &str, r: &FeedbackRecord, media: &[Media]) -> Val {
    let p = PublicReport::of(state, r);
    let status = if r.state.status.is_closed() { "closed" } else { "open" };
    Val::Obj(vec![
        ("service_request_id", Val::Text(r.id.to_string())),
        ("status", Val::text(status)),
        ("status_notes", Val::opt(p.answer.or(p.status_note))),
        ("service_name", Val::text(p.category_name)),
        ("service_code", Val::text(p.category_code)),
        ("description", Val::text(p.description)),
        ("agency_responsible", Val::text(p.agency_name)),
        ("service_notice", Val::Text(notice(state, lang, &r.category_code))),
        ("requested_datetime", Val::Text(datetime(r.requested_at))),
        ("updated_datetime", Val::Text(datetime(r.updated_at))),
        ("expected_datetime", Val::opt(r.state.due_at.map(datetime))),
        ("address", Val::opt(p.address)),
        ("address_id", Val::opt(r.area_code.clone())),
        ("zipcode", Val::Null),
        ("lat", real(p.lat)),
        ("long", real(p.lon)),
        ("media_url", media_url(origin, r.id, media)),
    ])
}

/// A report the public may not see, as its client may follow it: every field of a request,
/// but only the id, service, status, times and agency have a value.
pub fn redacted(state: &AppState, lang: Lang, r: &FeedbackRecord) -> Val {
    let p = PublicReport::of(state, r);
    let status = if r.state.status.is_closed() { "closed" } else { "open" };
    Val::Obj(vec![
        ("service_request_id", Val::Text(r.id.to_string())),
        ("status", Val::text(status)),
        ("status_notes", Val::Null),
        ("service_name", Val::text(p.category_name)),
        ("service_code", Val::text(p.category_code)),
        ("description", Val::Null),
        ("agency_responsible", Val::text(p.agency_name)),
        ("service_notice", Val::Text(notice(state, lang, &r.category_code))),
        ("requested_datetime", Val::Text(datetime(r.requested_at))),
        ("updated_datetime", Val::Text(datetime(r.updated_at))),
        ("expected_datetime", Val::opt(r.state.due_at.map(datetime))),
        ("address", Val::Null),
        ("address_id", Val::Null),
        ("zipcode", Val::Null),
        ("lat", Val::Null),
        ("long", Val::Null),
        ("media_url", Val::Null),
    ])
}

/// One report read by id, as much of it as `view` allows, as a list of one request.
pub async fn single(
    state: &AppState,
    lang: Lang,
    origin: &str,
    r: &FeedbackRecord,
    view: Open311View,
) -> Result<Val, Open311Error> {
    match view {
        Open311View::Full => requests(state, lang, origin, std::slice::from_ref(r)).await,
        Open311View::Redacted => Ok(Val::List("request", vec![redacted(state, lang, r)])),
    }
}

/// Public reports as a list of requests, in the order given.
pub async fn requests(
    state: &AppState,
    lang: Lang,
    origin: &str,
    records: &[FeedbackRecord],
) -> Result<Val, Open311Error> {
    let public: Vec<&FeedbackRecord> = records.iter().filter(|r| r.public).collect();
    let ids: Vec<ReportId> = public.iter().map(|r| r.id).collect();
    let mut first = feedback::first_media(state, &ids).await?;
    let mut items = Vec::with_capacity(public.len());
    for r in public {
        let media: Vec<Media> = first.remove(&r.id).into_iter().collect();
        items.push(request(state, lang, origin, r, &media));
    }
    Ok(Val::List("request", items))
}
