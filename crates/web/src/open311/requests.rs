//! `GET /requests.{fmt}` (public reports with every filter) and `GET /requests/{id}.{fmt}`
//! (one report, still wrapped in a list: in full when public, redacted when it was filed
//! through Open311 and is not public).

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use time::OffsetDateTime;

use super::errors::Open311Error;
use super::format::{Format, Val};
use super::{Call, QueryPairs, params, query, read_query, split, unknown_suffix, view};
use crate::state::AppState;

async fn listed(
    state: &AppState,
    call: Call,
    origin: &str,
    q: QueryPairs,
) -> Result<(&'static str, Val), Open311Error> {
    let p = read_query(state, q)?;
    let filter = query::filter(&p, OffsetDateTime::now_utc())?;
    let records = motcua_app::feedback::list(state, &filter).await?;
    Ok((
        "service_requests",
        view::requests(state, call.lang, origin, &records).await?,
    ))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(fmt): Extension<Format>,
    headers: HeaderMap,
    q: QueryPairs,
) -> Response {
    let call = Call::new(fmt, &headers);
    let origin = params::origin(&state, &headers);
    call.answer(listed(&state, call, &origin, q).await)
}

async fn one(
    state: &AppState,
    call: Call,
    origin: &str,
    id: &str,
    q: QueryPairs,
) -> Result<(&'static str, Val), Open311Error> {
    read_query(state, q)?;
    let id = id.parse::<i64>().map_err(|_| Open311Error::not_found())?;
    // Public reports in full; one filed through Open311 that is not public (yet) redacted,
    // so that its client can follow it; any other does not exist for the public.
    let (record, seen) = motcua_app::feedback::open311_report(state, motcua_domain::ids::ReportId(id)).await?;
    let v = view::single(state, call.lang, origin, &record, seen).await?;
    Ok(("service_requests", v))
}

pub async fn single(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    q: QueryPairs,
) -> Response {
    let Some((id, call)) = split(&file, &headers) else {
        return unknown_suffix(&headers);
    };
    let origin = params::origin(&state, &headers);
    call.answer(one(&state, call, &origin, &id, q).await)
}
