//! The signed-in account's notifications (the portal inbox): a page of them with the unread
//! count, and marking one read. Nobody reads another account's inbox.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use motcua_app::notifications;
use motcua_domain::ids::NotificationId;

use super::ApiQuery;
use super::dossier_types::rfc3339;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default, deny_unknown_fields)]
pub struct PageQuery {
    /// The page, from 1 (20 notifications a page, newest first).
    pub page: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationOut {
    pub id: i64,
    /// The message kind, e.g. `dossier_received`, `supplement_requested`, `officer_digest`.
    pub kind: String,
    pub title: String,
    /// Plain text.
    pub body: String,
    /// Where it leads (an absolute URL on this portal), if anywhere.
    pub link: Option<String>,
    /// RFC 3339, Vietnam time.
    pub created_at: String,
    /// When it was marked read; `null` while unread.
    pub read_at: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationPage {
    pub page: i64,
    pub total: i64,
    pub unread: i64,
    pub items: Vec<NotificationOut>,
}

/// The signed-in account's notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/me/notifications", params(PageQuery),
    responses((status = 200, body = NotificationPage), (status = 401)))]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<NotificationPage>, ApiError> {
    let p = notifications::inbox(&state, &who, q.page.unwrap_or(1)).await?;
    Ok(Json(NotificationPage {
        page: p.page,
        total: p.total,
        unread: p.unread,
        items: p
            .items
            .into_iter()
            .map(|i| NotificationOut {
                id: i.id.get(),
                kind: i.kind,
                title: i.title,
                body: i.body,
                link: i.link,
                created_at: rfc3339(i.created_at),
                read_at: i.read_at.map(rfc3339),
            })
            .collect(),
    }))
}

/// Marks one of the signed-in account's notifications read (already read, or not theirs:
/// nothing changes, and the answer is the same).
#[utoipa::path(post, path = "/api/v1/me/notifications/{id}/read",
    params(("id" = i64, Path, description = "The notification")),
    responses((status = 204), (status = 401), (status = 404)))]
pub async fn mark_read(
    State(state): State<AppState>,
    SignedIn(who): SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: NotificationId = id.parse().map_err(|_| ApiError::NotFound)?;
    notifications::mark_read(&state, &who, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
