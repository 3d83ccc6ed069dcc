//! The JSON API under `/api/v1`, its OpenAPI document, health and metrics endpoints.
//! Conventions (docs/API.md): JSON in and out, RFC 9457 problem+json errors with stable
//! codes, unknown fields refused, Bearer tokens or the session cookie + `X-CSRF-Token`.

mod calendar;
mod catalogue;
mod citizen;
pub(crate) mod dossier_types;
mod dossiers;
mod extract;
mod feedback;
mod feedback_types;
mod index;
mod index_types;
mod me;
mod notifications;
pub mod openapi;
mod organisation;
mod payments;
pub mod procedures;
mod process;
mod system;

use axum::Router;
use axum::routing::{get, post, put};

use crate::state::AppState;

pub use extract::{ApiJson, ApiQuery};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(system::healthz))
        .route("/readyz", get(system::readyz))
        .route("/metrics", get(system::metrics))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/v1/auth/token", post(me::issue_token))
        .route("/api/v1/me", get(me::me))
        .route("/api/v1/procedures", get(procedures::list).post(procedures::create))
        .route(
            "/api/v1/procedures/{code}",
            get(procedures::show).put(procedures::update),
        )
        .route(
            "/api/v1/procedures/{code}/process",
            get(process::show).put(process::update),
        )
        .route(
            "/api/v1/agencies",
            get(organisation::list_agencies).post(organisation::create_agency),
        )
        .route(
            "/api/v1/agencies/{code}/units",
            get(organisation::list_units).post(organisation::create_unit),
        )
        .route("/api/v1/catalogue", get(catalogue::export).post(catalogue::import))
        .route("/api/v1/dossiers", get(dossiers::queue).post(dossiers::create))
        .route("/api/v1/dossiers/{code}", get(dossiers::show))
        .route("/api/v1/dossiers/{code}/actions", post(dossiers::action))
        .route(
            "/api/v1/dossiers/{code}/payments",
            get(payments::list).post(payments::start),
        )
        .route("/api/v1/me/dossiers", get(dossiers::mine))
        .route("/api/v1/me/notifications", get(notifications::list))
        .route("/api/v1/me/notifications/{id}/read", post(notifications::mark_read))
        .route("/api/v1/lookup", get(dossiers::lookup).post(dossiers::lookup_post))
        .route("/api/v1/feedback/setup", get(feedback::setup).put(feedback::put_setup))
        .route("/api/v1/feedback/{id}", get(feedback::show))
        .route("/api/v1/feedback/{id}/actions", post(feedback::action))
        .route("/api/v1/index", get(index::show))
        .route("/api/v1/index/drilldown", get(index::drilldown))
        .route("/api/v1/calendar/holidays", get(calendar::holidays))
        .route("/api/v1/calendar/due", get(calendar::due))
        .route("/api/v1/calendar/overrides", get(calendar::list_overrides))
        .route(
            "/api/v1/calendar/overrides/{date}",
            put(calendar::put_override).delete(calendar::delete_override),
        )
        .route(
            "/api/v1/calendar/office-hours",
            get(calendar::office_hours).put(calendar::put_office_hours),
        )
        // The document store, ratings, return by post.
        .merge(citizen::routes())
}
