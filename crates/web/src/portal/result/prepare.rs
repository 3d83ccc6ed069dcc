//! `POST /ho-so/{code}/ket-qua/tai-len` (a PDF made elsewhere) and
//! `POST /ho-so/{code}/ket-qua/tao` (generated from the dossier): the officer processing
//! the dossier prepares its result; the approval will sign it.

use std::collections::HashMap;

use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::Response;

use motcua_app::{AppError, results};

use super::{back, read_form};
use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let outcome = match read_form(multipart).await {
        Err(code) => Err(AppError::invalid("file", code)),
        Ok((_, None)) => Err(AppError::invalid("file", "file_empty")),
        Ok((fields, Some(pdf))) => {
            let number = fields.get("number").map_or("", String::as_str);
            results::upload(&state, &who, &code, number, pdf)
                .await
                .map(|_| "result_prepared")
        }
    };
    back(&code, outcome)
}

pub async fn generate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let get = |k: &str| form.get(k).map_or("", String::as_str);
    let outcome = results::generate(&state, &who, &code, get("number"), get("signer_title"))
        .await
        .map(|_| "result_prepared");
    back(&code, outcome)
}
