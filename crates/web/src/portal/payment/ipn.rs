//! `GET /thanh-toan/vnpay/ipn`: the gateway's server-to-server notification. Public (the
//! gateway is not signed in): the signature is the authorisation. Answers the protocol's
//! JSON, `{"RspCode": "..", "Message": ".."}`, with 200 whatever the code.

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

pub async fn ipn(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let answer = motcua_app::payments::handle_ipn(&state, query.as_deref().unwrap_or("")).await;
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        answer.to_json(),
    )
        .into_response()
}
