//! Filing, last pages: the details (description, the category's own questions, photos,
//! dossier code, contact, anonymity) sent as one multipart form, then the confirmation.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, OriginalUri, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_app::records::FeedbackChannel;
use motcua_domain::ids::ReportId;

use super::form::{Typed, questions, read_multipart};
use super::steps::{Carry, sign_in_first};
use super::{category_name, shown};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::{Ctx, FormErrors, Page, PageError};
use crate::state::AppState;
use motcua_app::feedback::{self, Photo, Submission};

pub use super::form::QuestionView;

#[derive(Template, WebTemplate)]
#[template(path = "feedback_details.html")]
pub struct DetailsPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    typed: Typed,
    category_name: String,
    area_name: String,
    questions: Vec<QuestionView>,
    change_location: String,
    /// Photos kept from the refused try, shown ticked with a thumbnail.
    kept: Vec<KeptView>,
    max_photos: usize,
    max_mib: usize,
}

/// A kept photo on the page.
pub struct KeptView {
    pub id: i64,
    pub kib: i64,
}

fn details_page(
    state: &AppState,
    t: Tr,
    page: Page,
    typed: Typed,
    errors: FormErrors,
    kept: Vec<KeptView>,
) -> DetailsPage {
    let setup = state.feedback_setup();
    let qs = setup
        .category(&typed.carry.category)
        .map(|c| questions(c, &typed, &errors))
        .unwrap_or_default();
    DetailsPage {
        category_name: category_name(state, t, &typed.carry.category),
        area_name: setup
            .area(&typed.carry.area)
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        questions: qs,
        change_location: typed.carry.url("/phan-anh/gui/vi-tri"),
        kept,
        max_photos: state.settings().feedback.max_photos,
        max_mib: state.settings().max_upload_bytes / (1024 * 1024),
        t,
        page,
        errors,
        typed,
    }
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    uri: OriginalUri,
    Query(carry): Query<Carry>,
) -> Result<Response, PageError> {
    if let Some(r) = sign_in_first(&ctx.session, &uri) {
        return Ok(r);
    }
    let t = ctx.t;
    if state.feedback_setup().category(&carry.category).is_none() {
        return Ok(Redirect::to("/phan-anh/gui").into_response());
    }
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let typed = Typed {
        contact_name: page.user_name.clone().unwrap_or_default(),
        carry,
        ..Typed::default()
    };
    let p = details_page(&state, t, page, typed, FormErrors::default(), Vec::new());
    Ok((jar, p).into_response())
}

/// Location errors are shown at the location summary, which links back to its page.
fn at_location(mut errors: FormErrors) -> FormErrors {
    for e in &mut errors.items {
        if ["lat", "long", "address", "area"].contains(&e.field.as_str()) {
            e.field = "location".into();
        }
    }
    errors
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let t = ctx.t;
    let who = ctx.who()?;
    let (typed, photos, unreadable) = read_multipart(multipart).await;
    // Kept for the next try if this one is refused (cheap: the bytes are shared).
    let sent: Vec<Photo> = photos.iter().map(|p| Photo { bytes: p.bytes.clone() }).collect();
    let typed_location = !typed.carry.lat.trim().is_empty() || !typed.carry.long.trim().is_empty();
    let result = if let Some(code) = unreadable {
        let mib = state.settings().max_upload_bytes / (1024 * 1024);
        Err(ApiError::Validation(vec![motcua_domain::FieldError {
            field: "media".into(),
            code,
            detail: (code == "file_too_large").then(|| mib.to_string()),
        }]))
    } else {
        let sub = Submission {
            photos,
            kept: typed.kept.clone(),
            ..Submission::new(typed.report(), Some(who.user_id), FeedbackChannel::Portal)
        };
        feedback::submit(&state, sub).await.map_err(ApiError::from)
    };
    match result {
        Ok(r) => {
            let from_photo = !typed_location && r.point.is_some();
            let q = if from_photo { "?vi-tri-anh=1" } else { "" };
            Ok(Redirect::to(&format!("/phan-anh/{}/da-gui{q}", r.id)).into_response())
        }
        Err(ApiError::Validation(errs)) => {
            let errors = at_location(shown(t, &errs));
            let kept = feedback::keep_for_retry(&state, &who, &typed.kept, sent)
                .await?
                .into_iter()
                .map(|k| KeptView {
                    id: k.id.get(),
                    kib: k.size_bytes.saturating_add(1023) / 1024,
                })
                .collect();
            let page = details_page(&state, t, ctx.page(), typed, errors, kept);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(PageError::from(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_done.html")]
pub struct DonePage {
    t: Tr,
    page: Page,
    id: i64,
    category_name: String,
    due_at: String,
    photo_position: Option<String>,
    /// The working-day limits (settings), for "what happens next".
    deadlines: motcua_domain::feedback::workflow::Deadlines,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    #[serde(rename = "vi-tri-anh")]
    from_photo: String,
}

pub async fn done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<DonePage, PageError> {
    let t = ctx.t;
    let who = ctx.who()?;
    let r = feedback::readable(&state, &who, ReportId(id)).await?;
    Ok(DonePage {
        category_name: category_name(&state, t, &r.category_code),
        due_at: r.state.due_at.map(local).unwrap_or_default(),
        photo_position: r
            .point
            .filter(|_| !q.from_photo.is_empty())
            .map(|p| format!("{:.5}, {:.5}", p.lat, p.lon)),
        id: r.id.get(),
        deadlines: state.settings().feedback.deadlines,
        page: ctx.page(),
        t,
    })
}

/// `GET /phan-anh/gui/anh/{id}`: a photo kept for the signed-in reporter (anyone else: 404).
pub async fn kept_photo(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let (ct, bytes) = feedback::kept_photo(&state, &who, motcua_domain::ids::KeptPhotoId(id)).await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, ct),
            (axum::http::header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
