//! Notification pages: the signed-in user's inbox (`/thong-bao`, the bell in the header
//! leads there), their choice of channels (`/tai-khoan/thong-bao`), and for system
//! administrators the deliveries that failed, with a button to send one again
//! (`/quan-tri/gui-thong-bao`). Who may do what is decided by the use cases in
//! `motcua_app::notifications`.

mod admin;
mod inbox;
mod preferences;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/thong-bao", get(inbox::show))
        .route("/thong-bao/da-doc-het", post(inbox::mark_all))
        .route("/thong-bao/{id}/da-doc", post(inbox::mark_one))
        .route("/tai-khoan/thong-bao", get(preferences::show).post(preferences::save))
        .route("/quan-tri/gui-thong-bao", get(admin::show))
        .route("/quan-tri/gui-thong-bao/{id}/gui-lai", post(admin::retry))
}
