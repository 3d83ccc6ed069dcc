//! The issuing agency's leader revokes a signed result (`POST /ho-so/{code}/ket-qua/thu-hoi`)
//! or issues a corrected one (`POST /ho-so/{code}/ket-qua/dinh-chinh`); readers download a
//! result (`GET /ho-so/{code}/ket-qua/{id}`: drafts for officers only).

use std::collections::HashMap;

use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use motcua_app::AppError;
use motcua_app::results::{self, Correction};

use super::{back, read_form};
use crate::portal::view::{Ctx, PageError};
use crate::state::AppState;

pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let reason = form.get("reason").map_or("", String::as_str);
    back(
        &code,
        results::revoke(&state, &who, &code, reason)
            .await
            .map(|()| "result_revoked"),
    )
}

pub async fn reissue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let outcome = match read_form(multipart).await {
        Err(code) => Err(AppError::invalid("file", code)),
        Ok((fields, file)) => {
            let get = |k: &str| fields.get(k).map_or("", String::as_str).to_owned();
            let correction = match file {
                Some(pdf) => Correction::Upload(pdf),
                None => Correction::Generate {
                    signer_title: get("signer_title"),
                },
            };
            results::reissue(&state, &who, &code, &get("reason"), &get("number"), correction)
                .await
                .map(|()| "result_reissued")
        }
    };
    back(&code, outcome)
}

pub async fn download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let (bytes, name) = results::download(&state, &who, &code, &id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
