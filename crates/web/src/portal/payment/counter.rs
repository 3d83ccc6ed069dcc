//! `POST /ho-so/{code}/thu-phi`: a one-stop officer records a fee paid at the counter.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use motcua_domain::payment::PaymentMethod;

use crate::error::ApiError;
use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

pub async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let method = form
        .get("method")
        .and_then(|m| PaymentMethod::parse(m))
        .filter(|m| m.is_counter())
        .ok_or_else(|| {
            ApiError::Validation(vec![motcua_domain::FieldError {
                field: "method".into(),
                code: "invalid_choice",
                detail: None,
            }])
        })?;
    motcua_app::payments::record_counter(&state, &who, &code, method).await?;
    Ok(Redirect::to(&format!("/ho-so/{code}?xong=paid")).into_response())
}
