//! Return by post over HTTP: the communes, a dossier's postal delivery, the applicant's
//! choice, the officers' records.

use axum::Json;
use axum::extract::{Path, State};

use motcua_app::postal;
use motcua_domain::FieldError;
use motcua_domain::postal::{AddressInput, PostalEvent, PostalStatus};

use super::types::{CommuneOut, PostalEventRequest, PostalOut, PostalRequest, day};
use crate::api::ApiJson;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

/// The communes a result may be delivered to (public).
#[utoipa::path(get, path = "/api/v1/communes", responses((status = 200, body = [CommuneOut])))]
pub async fn communes(State(state): State<AppState>) -> Json<Vec<CommuneOut>> {
    Json(
        postal::communes(&state)
            .into_iter()
            .map(|c| CommuneOut {
                code: c.code,
                name: c.name,
            })
            .collect(),
    )
}

/// The dossier's return by post, for those who may read the dossier; 404 when the post
/// was not chosen (or for those who may not read it).
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/postal", params(("code" = String, Path, description = "Dossier code")),
    responses((status = 200, body = PostalOut), (status = 401), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
) -> Result<Json<PostalOut>, ApiError> {
    let p = postal::postal(&state, &who, &code).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(PostalOut::new(&code, p)))
}

/// The applicant chooses return by post with a delivery address (or changes it until the
/// result is with the post). Field errors: `address_required`, `unknown_commune`,
/// `commune_required`, `invalid_phone`, `required`; refusals: `not_the_applicant` (403),
/// `dossier_ended`, `already_handed` (409).
#[utoipa::path(put, path = "/api/v1/dossiers/{code}/postal", params(("code" = String, Path, description = "Dossier code")),
    request_body = PostalRequest,
    responses((status = 200, body = PostalOut), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn choose(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<PostalRequest>,
) -> Result<Json<PostalOut>, ApiError> {
    let address = AddressInput {
        recipient: body.recipient,
        phone: body.phone,
        street: body.street,
        commune: body.commune,
    };
    let p = postal::choose(&state, &who, &code, &address).await?;
    Ok(Json(PostalOut::new(&code, p)))
}

/// A one-stop officer of the receiving agency records the parcel: `handed_to_post` (with
/// the tracking number; a processed dossier's result is returned by post first),
/// `delivered`, `returned_undelivered`. Refusals: `role_required` (403), `post_not_chosen`,
/// `result_not_ready`, `postal_wrong_step` (409); field errors for the number and dates.
#[utoipa::path(post, path = "/api/v1/dossiers/{code}/postal/events", params(("code" = String, Path, description = "Dossier code")),
    request_body = PostalEventRequest,
    responses((status = 200, body = PostalOut), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn record(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<PostalEventRequest>,
) -> Result<Json<PostalOut>, ApiError> {
    let on = day("on", &body.on);
    let kind = PostalStatus::parse(&body.event).filter(|k| *k != PostalStatus::Requested);
    let event = match (kind, on) {
        (Some(PostalStatus::Delivered), Ok(on)) => PostalEvent::Delivered { on },
        (Some(PostalStatus::ReturnedUndelivered), Ok(on)) => PostalEvent::ReturnedUndelivered {
            on,
            note: motcua_domain::text::nfc(body.note.as_deref().unwrap_or("").trim()),
        },
        (Some(_), Ok(on)) => PostalEvent::HandedToPost {
            tracking_number: body.tracking_number.unwrap_or_default(),
            on,
        },
        (kind, on) => {
            // Authorisation first: others learn nothing from their input's errors.
            let d = motcua_app::dossiers::readable(&state, &who, &code).await?;
            if !motcua_domain::postal::may_record(&who, d.receiving_agency_id) {
                return Err(ApiError::Postal(motcua_domain::postal::PostalError::RoleRequired));
            }
            let mut errors: Vec<FieldError> = Vec::new();
            if kind.is_none() {
                errors.push(FieldError {
                    field: "event".into(),
                    code: "invalid_choice",
                    detail: None,
                });
            }
            if let Err(e) = on {
                errors.push(e);
            }
            return Err(ApiError::Validation(errors));
        }
    };
    let p = postal::record(&state, &who, &code, &event).await?;
    Ok(Json(PostalOut::new(&code, p)))
}
