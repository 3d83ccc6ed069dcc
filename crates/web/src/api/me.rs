use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};

use motcua_domain::account::Principal;

use super::ApiJson;
use motcua_app::accounts::{SignInFailure, authenticate, issue_api_token};

use crate::auth::{SignedIn, client_addr};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// E-mail or Vietnamese mobile number.
    pub login: String,
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub token: String,
    pub token_type: &'static str,
    pub expires_in: u64,
}

/// Exchanges credentials for a Bearer token (rate-limited like the sign-in form).
#[utoipa::path(post, path = "/api/v1/auth/token", request_body = TokenRequest,
    responses((status = 200, body = TokenResponse), (status = 401), (status = 429)))]
pub async fn issue_token(
    State(state): State<AppState>,
    req: axum::extract::Request,
) -> Result<Json<TokenResponse>, ApiError> {
    let client = client_addr(req.extensions(), req.headers(), state.web());
    let ApiJson(body) = ApiJson::<TokenRequest>::from_request(req, &state).await?;
    let principal = match authenticate(&state, &client, &body.login, &body.password).await {
        Ok(p) => p,
        Err(SignInFailure::Invalid) => return Err(ApiError::Unauthenticated),
        Err(SignInFailure::RateLimited(s)) => return Err(ApiError::RateLimited(s)),
        Err(SignInFailure::Internal(e)) => return Err(e.into()),
    };
    let (token, ttl) = issue_api_token(&state, &principal).await?;
    Ok(Json(TokenResponse {
        token,
        token_type: "Bearer",
        expires_in: ttl.as_secs(),
    }))
}

use axum::extract::FromRequest;

#[derive(Serialize, utoipa::ToSchema)]
pub struct MeResponse {
    pub id: i64,
    pub kind: String,
    pub display_name: String,
    pub roles: Vec<RoleOut>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RoleOut {
    pub role: String,
    pub agency_id: i64,
    pub unit_id: Option<i64>,
}

impl From<&Principal> for MeResponse {
    fn from(p: &Principal) -> Self {
        MeResponse {
            id: p.user_id.get(),
            kind: p.kind.as_str().to_owned(),
            display_name: p.display_name.clone(),
            roles: p
                .grants
                .iter()
                .map(|g| RoleOut {
                    role: g.role.as_str().to_owned(),
                    agency_id: g.agency_id.get(),
                    unit_id: g.unit_id.map(motcua_domain::ids::UnitId::get),
                })
                .collect(),
        }
    }
}

/// The signed-in account and its roles.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = MeResponse), (status = 401)))]
pub async fn me(SignedIn(p): SignedIn) -> Json<MeResponse> {
    Json(MeResponse::from(&p))
}
