//! `GET /services.{fmt}` (the feedback categories) and `GET /services/{code}.{fmt}` (a
//! category's questions as Open311 attributes).

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use motcua_domain::feedback::workflow::is_public;
use motcua_domain::feedback::{Category, Question, Status};

use super::errors::Open311Error;
use super::format::{Format, Val};
use super::{Call, QueryPairs, read_query, split, unknown_suffix};
use crate::state::AppState;

/// The keyword that marks services whose requests stay private until their answer is
/// published (regulations and procedures, officials' conduct): such a request is shown to
/// Open311 clients redacted (status and times only) until then.
pub const PRIVATE_KEYWORD: &str = "private";

/// Whether a category's reports stay private while they are handled.
pub fn is_private(c: &Category) -> bool {
    !is_public(c.classification, Status::Received)
}

fn keywords(c: &Category) -> String {
    let mut words: Vec<&str> = c.keywords.iter().map(String::as_str).collect();
    if is_private(c) {
        words.push(PRIVATE_KEYWORD);
    }
    words.join(", ")
}

fn service(c: &Category) -> Val {
    Val::Obj(vec![
        ("service_code", Val::text(c.code.clone())),
        ("service_name", Val::text(c.name.clone())),
        ("description", Val::text(c.description.clone())),
        ("metadata", Val::Bool(!c.questions.is_empty())),
        ("type", Val::text("realtime")),
        ("keywords", Val::Text(keywords(c))),
        ("group", Val::text(c.group.clone())),
    ])
}

fn attribute(q: &Question) -> Val {
    let values = q
        .values
        .iter()
        .map(|v| {
            Val::Obj(vec![
                ("key", Val::text(v.key.clone())),
                ("name", Val::text(v.name.clone())),
            ])
        })
        .collect();
    Val::Obj(vec![
        ("variable", Val::Bool(true)),
        ("code", Val::text(q.code.clone())),
        ("datatype", Val::text(q.datatype.as_str())),
        ("required", Val::Bool(q.required)),
        ("datatype_description", Val::text(q.datatype_description.clone())),
        ("order", Val::Int(i64::from(q.order))),
        ("description", Val::text(q.description.clone())),
        ("values", Val::List("value", values)),
    ])
}

pub async fn list(
    State(state): State<AppState>,
    Extension(fmt): Extension<Format>,
    headers: HeaderMap,
    q: QueryPairs,
) -> Response {
    let call = Call::new(fmt, &headers);
    let result = read_query(&state, q).map(|_| {
        let setup = state.feedback_setup();
        (
            "services",
            Val::List("service", setup.categories.iter().map(service).collect()),
        )
    });
    call.answer(result)
}

fn define(state: &AppState, code: &str, q: QueryPairs) -> Result<(&'static str, Val), Open311Error> {
    read_query(state, q)?;
    let setup = state.feedback_setup();
    let c = setup.category(code).ok_or_else(Open311Error::not_found)?;
    let mut questions: Vec<&Question> = c.questions.iter().collect();
    questions.sort_by_key(|q| q.order);
    let attributes = questions.into_iter().map(attribute).collect();
    let doc = Val::Obj(vec![
        ("service_code", Val::text(c.code.clone())),
        ("attributes", Val::List("attribute", attributes)),
    ]);
    Ok(("service_definition", doc))
}

pub async fn definition(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    q: QueryPairs,
) -> Response {
    let Some((code, call)) = split(&file, &headers) else {
        return unknown_suffix(&headers);
    };
    call.answer(define(&state, &code, q))
}
