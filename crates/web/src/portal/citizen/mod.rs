//! The citizen's side of a dossier's end: the document store (`/kho-du-lieu`), pushing a
//! dossier's file or its result to the applicant's store, satisfaction ratings (the form on a dossier's
//! page, an officer's own ratings, a leader's unit's or agency's) and return by post (the
//! applicant's address, the officers' records). Each page or concern in its own file; the
//! dossier's page draws the sections these build (`DossierExtras`).

pub(crate) mod address;
mod postal;
mod push;
mod rating;
mod ratings_pages;
mod store;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};

use motcua_app::dossiers::DossierView;
use motcua_domain::FieldError;
use motcua_domain::account::Principal;
use motcua_domain::documents::types;

use crate::i18n::Tr;
use crate::portal::view::{FormErrors, PageError, SelectOption};
use crate::state::AppState;

pub use postal::{EventFields, PostalView};
pub use push::{PushFields, PushView};
pub use rating::{RatingFields, RatingView};

/// Largest multipart body of an upload to the store (the per-file limit is a setting).
const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/kho-du-lieu",
            get(store::list)
                .post(store::add)
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/kho-du-lieu/{id}/tep", get(store::download))
        .route("/kho-du-lieu/{id}/xoa", post(store::delete))
        .route("/ho-so/{code}/danh-gia", post(rating::rate))
        .route("/ho-so/{code}/buu-dien", post(postal::choose))
        .route("/ho-so/{code}/buu-dien/ghi-nhan", post(postal::record))
        .route("/ho-so/{code}/day-vao-kho", post(push::push))
        .route(
            "/ho-so/{code}/ket-qua-vao-kho",
            post(push::push_result).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/can-bo/danh-gia", get(ratings_pages::mine))
        .route("/can-bo/danh-gia/co-quan", get(ratings_pages::scope))
}

/// A citizen's section's form that came back: as typed, with its errors, or refused.
#[derive(Default)]
pub struct Forms {
    pub rating: Option<(RatingFields, Vec<FieldError>)>,
    pub address: Option<(address::AddressFields, Vec<FieldError>)>,
    pub event: Option<(EventFields, Vec<FieldError>)>,
    pub push: Option<(PushFields, Vec<FieldError>)>,
    /// The officer's upload of a result to the applicant's store.
    pub result: Option<(store::AddFields, Vec<FieldError>)>,
    /// The answer's status when the page shows a refusal.
    pub refused: Option<StatusCode>,
}

impl Forms {
    /// 422 when a form came back with errors, the refusal's status, else 200.
    pub fn status(&self) -> StatusCode {
        let invalid = [
            self.rating.as_ref().map(|f| &f.1),
            self.address.as_ref().map(|f| &f.1),
            self.event.as_ref().map(|f| &f.1),
            self.push.as_ref().map(|f| &f.1),
            self.result.as_ref().map(|f| &f.1),
        ]
        .into_iter()
        .flatten()
        .any(|e| !e.is_empty());
        match (invalid, self.refused) {
            (true, _) => StatusCode::UNPROCESSABLE_ENTITY,
            (false, Some(s)) => s,
            (false, None) => StatusCode::OK,
        }
    }
}

/// What the dossier's page shows of the citizen's sections.
#[derive(Default)]
pub struct DossierExtras {
    /// Errors of a form that came back, for the summary at the top of the page.
    pub errors: FormErrors,
    pub rating: Option<RatingView>,
    pub postal: Option<PostalView>,
    pub push: Option<PushView>,
}

impl DossierExtras {
    /// The applicant chose return by post.
    pub fn post_chosen(&self) -> bool {
        self.postal.as_ref().is_some_and(PostalView::chosen)
    }
}

/// Builds the sections of dossier `v` for `who`, with the forms that came back.
pub async fn extras(
    state: &AppState,
    t: Tr,
    who: &Principal,
    v: &DossierView,
    forms: Forms,
) -> Result<DossierExtras, PageError> {
    let mut errors = FormErrors::default();
    let rating = rating::view(state, t, who, v, forms.rating, &mut errors).await?;
    let postal = postal::view(state, t, who, v, forms.address, forms.event, &mut errors).await?;
    let max_mb = state.settings().max_upload_bytes / (1024 * 1024);
    let push = push::view(t, who, v, forms.push, forms.result, max_mb, &mut errors);
    Ok(DossierExtras {
        errors,
        rating,
        postal,
        push,
    })
}

/// The confirmation shown after one of these sections' forms (`?xong=…`).
pub fn done_message(t: Tr, done: &str) -> Option<String> {
    let key = match done {
        "rated" => "rate.done",
        "post" => "post.done_chosen",
        "postal" => "post.done_recorded",
        "pushed" => "store.done_pushed",
        "result" => "store.done_result",
        _ => return None,
    };
    Some(t.t(key).to_owned())
}

/// The document types as options, in the reader's language, `selected` chosen.
pub fn type_options(t: Tr, selected: &str) -> Vec<SelectOption> {
    let mut out = vec![SelectOption {
        value: String::new(),
        label: t.t("store.no_type").to_owned(),
        selected: selected.is_empty(),
    }];
    out.extend(types().iter().map(|d| SelectOption {
        value: d.code.clone(),
        label: type_name(t, &d.code),
        selected: d.code == selected,
    }));
    out
}

/// A document type's name in the reader's language.
pub fn type_name(t: Tr, code: &str) -> String {
    motcua_domain::documents::document_type(code).map_or_else(
        || code.to_owned(),
        |d| if t.lang() == "en" { d.en.clone() } else { d.vi.clone() },
    )
}

/// `16/03/2026` from `2026-03-16`.
pub fn day_text(d: time::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// Reads a `YYYY-MM-DD` date input; empty is none, anything else unreadable is an error.
pub fn parse_day(field: &str, s: &str, errors: &mut Vec<FieldError>) -> Option<time::Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(s, fmt) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError {
                field: field.to_owned(),
                code: "not_a_date",
                detail: None,
            });
            None
        }
    }
}
