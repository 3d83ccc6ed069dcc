//! `POST /ho-so/{code}/thanh-toan`: the applicant's "pay online" button. Opens an attempt
//! and sends the browser to the gateway.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use motcua_vnpay::Locale;

use crate::auth::client_ip;
use crate::i18n::Lang;
use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

pub async fn pay(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let ip = client_ip(peer, &headers, state.web());
    let locale = if ctx.t.0 == Lang::En { Locale::En } else { Locale::Vn };
    let started = motcua_app::payments::start_online(&state, &who, &code, ip, locale).await?;
    Ok(Redirect::to(&started.redirect_url).into_response())
}
