//! `GET /tokens/{token}.{fmt}`: the `service_request_id` a token (given in reply to a POST
//! when the server answers with tokens) stands for.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::errors::Open311Error;
use super::format::Val;
use super::{QueryPairs, read_query, split, unknown_suffix};
use crate::state::AppState;

async fn find(state: &AppState, token: &str, q: QueryPairs) -> Result<(&'static str, Val), Open311Error> {
    read_query(state, q)?;
    let found = motcua_app::feedback::by_token(state, token)
        .await?
        .ok_or_else(Open311Error::not_found)?;
    let item = Val::Obj(vec![
        ("service_request_id", Val::Text(found.id.to_string())),
        ("token", Val::Text(found.token)),
    ]);
    Ok(("service_requests", Val::List("request", vec![item])))
}

pub async fn show(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    q: QueryPairs,
) -> Response {
    let Some((token, call)) = split(&file, &headers) else {
        return unknown_suffix(&headers);
    };
    call.answer(find(&state, &token, q).await)
}
