//! Filing, last pages: the details (description, the category's own questions, photos,
//! dossier code, contact, anonymity) sent as one multipart form, then the confirmation.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_storage::FeedbackChannel;

use super::form::{Typed, questions, read_multipart};
use super::steps::{Carry, sign_in_first};
use super::{category_name, fail, shown, signed_in};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::feedback::{self, Submission};
use crate::i18n::Tr;
use crate::portal::dossier_pages::local;
use crate::portal::view::{FormErrors, Page, PageError, lang_of};
use crate::state::AppState;

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
    photos_lost: bool,
    max_photos: usize,
    max_mib: usize,
}

fn details_page(
    state: &AppState,
    t: Tr,
    page: Page,
    typed: Typed,
    errors: FormErrors,
    photos_lost: bool,
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
        photos_lost,
        max_photos: state.settings.feedback.max_photos,
        max_mib: state.settings.max_upload_bytes / (1024 * 1024),
        t,
        page,
        errors,
        typed,
    }
}

pub async fn form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    uri: OriginalUri,
    Query(carry): Query<Carry>,
) -> Result<Response, PageError> {
    if let Some(r) = sign_in_first(&s, &uri) {
        return Ok(r);
    }
    let t = Tr(lang_of(&headers));
    if state.feedback_setup().category(&carry.category).is_none() {
        return Ok(Redirect::to("/phan-anh/gui").into_response());
    }
    let (page, jar) = Page::with_form(&state, &s, jar).await.map_err(fail(t))?;
    let typed = Typed {
        contact_name: page.user_name.clone().unwrap_or_default(),
        carry,
        ..Typed::default()
    };
    let p = details_page(&state, t, page, typed, FormErrors::default(), false);
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
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let who = signed_in(&s, t)?;
    let (typed, photos, unreadable) = read_multipart(multipart).await;
    let sent_photos = !photos.is_empty() || unreadable;
    let typed_location = !typed.carry.lat.trim().is_empty() || !typed.carry.long.trim().is_empty();
    let result = if unreadable {
        let mib = state.settings.max_upload_bytes / (1024 * 1024);
        Err(ApiError::Validation(vec![motcua_domain::FieldError {
            field: "media".into(),
            code: "file_too_large",
            detail: Some(mib.to_string()),
        }]))
    } else {
        let sub = Submission {
            photos,
            ..Submission::new(typed.report(), Some(who.user_id), FeedbackChannel::Portal)
        };
        feedback::submit(&state, sub).await
    };
    match result {
        Ok(r) => {
            let from_photo = !typed_location && r.point.is_some();
            let q = if from_photo { "?vi-tri-anh=1" } else { "" };
            Ok(Redirect::to(&format!("/phan-anh/{}/da-gui{q}", r.id)).into_response())
        }
        Err(ApiError::Validation(errs)) => {
            let errors = at_location(shown(t, &errs));
            let page = details_page(&state, t, Page::plain(&s), typed, errors, sent_photos);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(PageError::new(e, t.0)),
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
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    #[serde(rename = "vi-tri-anh")]
    from_photo: String,
}

pub async fn done(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<DonePage, PageError> {
    let t = Tr(lang_of(&headers));
    let who = signed_in(&s, t)?;
    let r = feedback::readable(&state, &who, id).await.map_err(fail(t))?;
    Ok(DonePage {
        category_name: category_name(&state, t, &r.category_code),
        due_at: r.state.due_at.map(local).unwrap_or_default(),
        photo_position: r
            .point
            .filter(|_| !q.from_photo.is_empty())
            .map(|p| format!("{:.5}, {:.5}", p.lat, p.lon)),
        id: r.id,
        page: Page::plain(&s),
        t,
    })
}
