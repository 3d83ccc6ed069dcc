//! `GET /discovery.{fmt}`: where the API is, who runs it, how to get a key.

use axum::Extension;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::format::{Format, Val};
use super::{Call, QueryPairs, ROOT, params, read_query};
use crate::i18n;
use crate::state::AppState;

/// When this implementation of the API last changed.
pub const CHANGESET: &str = "2026-11-22T00:00:00+07:00";
const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";

fn document(state: &AppState, call: Call, headers: &HeaderMap) -> Val {
    let settings = &state.web().feedback.open311;
    // The demo key is accepted without being stored: such a server is a test server.
    let kind = if settings.demo_key.is_some() {
        "test"
    } else {
        "production"
    };
    let formats = vec![Val::text("text/xml"), Val::text("application/json")];
    let endpoint = Val::Obj(vec![
        ("specification", Val::text(SPECIFICATION)),
        ("url", Val::Text(format!("{}{ROOT}", params::origin(state, headers)))),
        ("changeset", Val::text(CHANGESET)),
        ("type", Val::text(kind)),
        ("formats", Val::List("format", formats)),
    ]);
    Val::Obj(vec![
        ("changeset", Val::text(CHANGESET)),
        ("contact", Val::text(settings.contact.clone())),
        ("key_service", Val::text(i18n::text(call.lang, "open311.key_service"))),
        ("endpoints", Val::List("endpoint", vec![endpoint])),
    ])
}

pub async fn show(
    State(state): State<AppState>,
    Extension(fmt): Extension<Format>,
    headers: HeaderMap,
    q: QueryPairs,
) -> Response {
    let call = Call::new(fmt, &headers);
    let result = read_query(&state, q).map(|_| ("discovery", document(&state, call, &headers)));
    call.answer(result)
}
