//! A dossier's electronic result in the portal: preparing it (upload or generate), the
//! leader's revocation and corrected re-issue, downloading it, and its public verification
//! page (`/xac-thuc/{id}`) where anyone checks a copy.

mod manage;
mod prepare;
mod verify;

pub use manage::{download, reissue, revoke};
pub use prepare::{generate, upload};
pub use verify::{compare, page, roots};

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::response::{IntoResponse, Redirect, Response};

use motcua_app::AppError;

/// A multipart form: its text fields and its one file (if any); `None` when it could not be
/// read (too large, malformed).
pub(super) async fn read_form(
    m: Result<Multipart, MultipartRejection>,
) -> Result<(HashMap<String, String>, Option<Bytes>), &'static str> {
    use crate::error::multipart_code;
    let mut m = m.map_err(|e| multipart_code(e.status()))?;
    let (mut fields, mut file) = (HashMap::new(), None);
    while let Some(field) = m.next_field().await.map_err(|e| multipart_code(e.status()))? {
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            let bytes = field.bytes().await.map_err(|e| multipart_code(e.status()))?;
            if !bytes.is_empty() {
                file = Some(bytes);
            }
        } else {
            fields.insert(name, field.text().await.map_err(|e| multipart_code(e.status()))?);
        }
    }
    Ok((fields, file))
}

/// Back to the dossier's page: confirmed, or with the refusal's code (post, redirect, get).
pub(super) fn back(
    code: &str,
    outcome: Result<&'static str, AppError>,
) -> Result<Response, crate::portal::view::PageError> {
    match outcome {
        Ok(done) => Ok(Redirect::to(&format!("/ho-so/{code}?xong={done}#ket-qua")).into_response()),
        Err(e) => {
            let (code_of, field, detail) = match &e {
                AppError::Result(r) => (r.code(), "", String::new()),
                AppError::Validation(errs) => errs.first().map_or(("invalid", "", String::new()), |x| {
                    (x.code, x.field.as_str(), x.detail.clone().unwrap_or_default())
                }),
                AppError::Workflow(w) => (w.code(), "", String::new()),
                _ => return Err(e.into()),
            };
            // The field and the rule's figure (allowed types, the size limit) come back too,
            // so that the message names the field and is whole.
            let enc = crate::portal::catalogue::urlencode;
            let mut query = format!("loi={code_of}");
            if !field.is_empty() {
                query.push_str(&format!("&truong={}", enc(field)));
            }
            if !detail.is_empty() {
                query.push_str(&format!("&ct={}", enc(&detail)));
            }
            Ok(Redirect::to(&format!("/ho-so/{code}?{query}#ket-qua")).into_response())
        }
    }
}
