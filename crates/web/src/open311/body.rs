//! The body of `POST /requests.{fmt}`: `application/x-www-form-urlencoded`, or
//! `multipart/form-data` whose `media` file parts are photos. Query parameters come first
//! (some clients send `api_key` there), then the body's.

use axum::Form;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;

use super::errors::Open311Error;
use super::params::Params;
use crate::error::ApiError;
use crate::state::AppState;

/// Parameters and uploaded photos of a POST.
pub struct Body {
    pub params: Params,
    pub photos: Vec<Bytes>,
}

fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// A multipart body that could not be read: over the limit, or malformed (cut short).
fn unreadable(status: axum::http::StatusCode) -> Open311Error {
    match crate::error::multipart_code(status) {
        "file_too_large" => Open311Error::too_large(),
        code => Open311Error::bad("", code),
    }
}

async fn multipart(state: &AppState, req: Request, params: &mut Params) -> Result<Vec<Bytes>, Open311Error> {
    let mut m = Multipart::from_request(req, state)
        .await
        .map_err(|_| Open311Error::bad("", "invalid_body"))?;
    let mut photos = Vec::new();
    loop {
        let field = match m.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(unreadable(e.status())),
        };
        let name = field.name().unwrap_or("").to_owned();
        if field.file_name().is_some() || name == "media" {
            let bytes = field.bytes().await.map_err(|e| unreadable(e.status()))?;
            // An empty file part is a file input left empty.
            if name == "media" && !bytes.is_empty() {
                photos.push(bytes);
            }
        } else {
            let text = field.text().await.map_err(|_| Open311Error::bad("", "invalid_body"))?;
            params.push(name, text);
        }
    }
    Ok(photos)
}

/// Reads the query and the body.
pub async fn read(state: &AppState, query: Params, req: Request) -> Result<Body, Open311Error> {
    let mut params = query;
    if is_multipart(&req) {
        let photos = multipart(state, req, &mut params).await?;
        return Ok(Body { params, photos });
    }
    let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state)
        .await
        .map_err(ApiError::from)?;
    for (k, v) in pairs {
        params.push(k, v);
    }
    Ok(Body {
        params,
        photos: Vec::new(),
    })
}
