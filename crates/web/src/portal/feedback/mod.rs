//! Feedback pages (phản ánh, kiến nghị): the public list, map and report pages, filing one
//! thing per page (category → location → "already reported?" → details → confirmation),
//! the citizen's own reports, and the officers' queue with the actions they may take.

mod act;
mod actions;
mod details;
mod form;
mod item;
mod list;
mod location;
mod map;
mod media;
mod nearby;
mod queue;
mod steps;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use motcua_domain::FieldError;
use motcua_domain::feedback::Category;

use super::view::{FormErrors, ShownError, url_with};
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// Largest multipart body of the details page (photos are limited one by one in the use case).
const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;
/// Rows per page of every list.
const PAGE_SIZE: i64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/phan-anh", get(list::public))
        .route("/phan-anh/ban-do", get(map::page))
        .route("/phan-anh/ban-do.json", get(map::json))
        .route("/phan-anh/gui", get(steps::category))
        .route("/phan-anh/gui/vi-tri", get(location::location))
        .route("/phan-anh/gui/da-co", get(nearby::nearby))
        .route(
            "/phan-anh/gui/noi-dung",
            get(details::form)
                .post(details::submit)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/phan-anh/gui/anh/{id}", get(details::kept_photo))
        .route("/phan-anh/{id}", get(item::show))
        .route("/phan-anh/{id}/da-gui", get(details::done))
        .route("/phan-anh/{id}/anh/{media}", get(media::photo))
        .route("/phan-anh/{id}/thao-tac", post(act::act))
        .route("/phan-anh/{id}/binh-chon", post(act::vote))
        .route("/phan-anh-cua-toi", get(list::mine))
        .route("/can-bo/phan-anh", get(queue::queue))
}

fn status_label(t: Tr, status: motcua_domain::feedback::Status) -> String {
    let status = status.as_str();
    t.t(&format!("fb.status.{status}")).to_owned()
}

/// A category's name in the page's language.
fn category_label(t: Tr, c: &Category) -> String {
    if t.0 == Lang::En && !c.name_en.is_empty() {
        c.name_en.clone()
    } else {
        c.name.clone()
    }
}

fn category_name(state: &AppState, t: Tr, code: &str) -> String {
    state
        .feedback_setup()
        .category(code)
        .map_or_else(|| code.to_owned(), |c| category_label(t, c))
}

/// The id of the field an error belongs to: `attribute/x` → `attribute-x`, every photo
/// error at the photo input.
fn field_id(field: &str) -> String {
    if field.starts_with("media") {
        "media".into()
    } else {
        field.replace('/', "-")
    }
}

/// Field errors in the page's language, at their fields' ids.
fn shown(t: Tr, errs: &[FieldError]) -> FormErrors {
    let items = errs
        .iter()
        .map(|e| {
            let mut message = t.field(e.code, &e.detail);
            if let Some(i) = e.field.strip_prefix("media/").and_then(|i| i.parse::<usize>().ok()) {
                message = format!("{} {}: {message}", t.t("fb.photo"), i + 1);
            }
            let field = field_id(&e.field);
            ShownError {
                anchor: field.clone(),
                field,
                message,
                label: String::new(),
            }
        })
        .collect();
    FormErrors { items }
}
