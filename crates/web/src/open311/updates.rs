//! mySociety's `servicerequestupdates` extension (FixMyStreet follows reports with it):
//! `GET /servicerequestupdates.{fmt}` lists the reports' history lines in a time window as
//! updates, and `POST /servicerequestupdates.{fmt}` lets the client that filed a report add
//! a comment to it.

use axum::Extension;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::response::Response;
use time::OffsetDateTime;

use motcua_app::feedback::{self, Comment, StatusUpdate};
use motcua_domain::feedback::Status;
use motcua_domain::ids::ReportId;

use super::body;
use super::errors::Open311Error;
use super::format::{Format, Val};
use super::params::{self, Params, datetime};
use super::{Call, QueryPairs, query, read_query};
use crate::state::AppState;

/// Longest `update_id` a client may give its comment.
const CLIENT_REF_MAX: usize = 200;

/// Our states in mySociety's vocabulary (the state a report is in after the update).
pub fn update_status(s: Status) -> &'static str {
    match s {
        Status::Received => "open",
        Status::InProgress | Status::Answered => "in_progress",
        Status::InfoRequested => "investigating",
        Status::Published => "closed",
        Status::Refused => "not_councils_responsibility",
    }
}

fn item(u: StatusUpdate) -> Val {
    Val::Obj(vec![
        ("update_id", Val::Text(u.id.to_string())),
        ("service_request_id", Val::Text(u.report_id.to_string())),
        ("status", Val::text(update_status(u.status))),
        ("updated_datetime", Val::Text(datetime(u.at))),
        ("description", Val::opt(u.text)),
        ("media_url", Val::opt(u.media_url)),
    ])
}

async fn listed(state: &AppState, q: QueryPairs) -> Result<(&'static str, Val), Open311Error> {
    let p = read_query(state, q)?;
    let (from, to) = query::update_window(&p, OffsetDateTime::now_utc())?;
    let (limit, offset) = query::page(&p)?;
    let updates = feedback::status_updates(state, from, to, limit, offset).await?;
    let items = updates.into_iter().map(item).collect();
    Ok(("service_request_updates", Val::List("request_update", items)))
}

pub async fn list(
    State(state): State<AppState>,
    Extension(fmt): Extension<Format>,
    headers: HeaderMap,
    q: QueryPairs,
) -> Response {
    let call = Call::new(fmt, &headers);
    call.answer(listed(&state, q).await)
}

fn report_id(p: &Params) -> Result<ReportId, Open311Error> {
    let id = p
        .get("service_request_id")
        .ok_or_else(|| Open311Error::bad("service_request_id", "required"))?;
    id.parse()
        .map_err(|_| Open311Error::bad("service_request_id", "invalid_id"))
}

async fn create_inner(state: &AppState, q: QueryPairs, req: Request) -> Result<(&'static str, Val), Open311Error> {
    let query = q.map_err(|_| Open311Error::bad("", "invalid_query"))?;
    let b = body::read(state, Params::new(query.0), req).await?;
    let client = params::check_key(state, &b.params).await?;
    params::check_jurisdiction(state, &b.params)?;
    let p = &b.params;
    let report = report_id(p)?;
    if !b.photos.is_empty() {
        return Err(Open311Error::bad("media", "not_supported"));
    }
    let client_ref = p.get("update_id");
    if client_ref.is_some_and(|r| r.chars().count() > CLIENT_REF_MAX) {
        return Err(Open311Error::bad_with(
            "update_id",
            "too_long",
            CLIENT_REF_MAX.to_string(),
        ));
    }
    // `status` and `updated_datetime` are accepted and not applied: the state is the
    // officers' to change, and the time is the server's.
    let comment = Comment {
        report,
        client,
        text: p.get("description").unwrap_or(""),
        media_url: p.get("media_url"),
        client_ref,
    };
    let id = feedback::comment(state, comment).await?;
    let item = Val::Obj(vec![
        ("update_id", Val::Text(id.to_string())),
        ("account_id", Val::opt(p.get("account_id"))),
    ]);
    Ok(("service_request_updates", Val::List("request_update", vec![item])))
}

pub async fn create(
    State(state): State<AppState>,
    Extension(fmt): Extension<Format>,
    headers: HeaderMap,
    q: QueryPairs,
    req: Request,
) -> Response {
    let call = Call::new(fmt, &headers);
    call.answer(create_inner(&state, q, req).await)
}
