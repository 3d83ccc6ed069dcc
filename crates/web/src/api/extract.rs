use axum::extract::FromRequest;
use axum::extract::FromRequestParts;

use crate::error::ApiError;

/// JSON body whose rejections are problem+json (malformed, unknown fields, wrong type).
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Query string whose rejections are problem+json.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);
