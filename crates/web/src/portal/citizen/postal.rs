//! The return-by-post section of a dossier's page: the applicant chooses the post (or
//! changes the address) until the result leaves, `POST /ho-so/{code}/buu-dien`; one-stop
//! officers of the receiving agency record the parcel, `POST /ho-so/{code}/buu-dien/ghi-nhan`.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_app::AppError;
use motcua_app::dossiers::DossierView;
use motcua_app::postal;
use motcua_domain::FieldError;
use motcua_domain::account::Principal;
use motcua_domain::postal::{PostalError, PostalEvent, PostalStatus, may_choose, may_record, possible};

use super::address::{AddressFields, AddressForm, commune_label};
use super::{Forms, day_text, parse_day};
use crate::i18n::Tr;
use crate::portal::dossier::{Banner, draw};
use crate::portal::view::{Ctx, FormErrors, PageError, SelectOption};
use crate::state::AppState;

/// An officer's record as posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EventFields {
    pub event: String,
    pub tracking_number: String,
    pub on: String,
    pub note: String,
}

/// Where the parcel is, as the page shows it.
pub struct PostalSummary {
    pub status: String,
    pub recipient: String,
    pub phone: String,
    pub street: String,
    pub commune: String,
    pub tracking_number: String,
    pub handed_on: String,
    pub delivered_on: String,
    pub returned_on: String,
}

/// The officer's form: the steps possible now, the values and errors.
pub struct EventForm {
    pub events: Vec<SelectOption>,
    pub tracking_number: String,
    pub on: String,
    pub note: String,
    pub errors: FormErrors,
}

impl EventForm {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// The section.
pub struct PostalView {
    pub summary: Option<PostalSummary>,
    /// The address form, when the applicant may choose (or change) now.
    pub choose: Option<AddressForm>,
    pub record: Option<EventForm>,
}

impl PostalView {
    pub fn chosen(&self) -> bool {
        self.summary.is_some()
    }
}

fn today_text() -> String {
    motcua_app::postal::today().to_string()
}

/// The section for `who` on dossier `v`.
pub(super) async fn view(
    state: &AppState,
    t: Tr,
    who: &Principal,
    v: &DossierView,
    address: Option<(AddressFields, Vec<FieldError>)>,
    event: Option<(EventFields, Vec<FieldError>)>,
    summary_errors: &mut FormErrors,
) -> Result<Option<PostalView>, PageError> {
    let d = &v.dossier;
    let record = postal::postal(state, who, &d.code).await?;
    let communes = postal::communes(state);
    let summary = record.as_ref().map(|r| PostalSummary {
        status: t.t(&format!("post.status.{}", r.state.status.as_str())).to_owned(),
        recipient: r.address.recipient.clone(),
        phone: r.address.phone.clone(),
        street: r.address.street.clone(),
        commune: commune_label(&communes, &r.address.commune_code),
        tracking_number: r.state.tracking_number.clone().unwrap_or_default(),
        handed_on: r.state.handed_on.map(day_text).unwrap_or_default(),
        delivered_on: r.delivered_on.map(day_text).unwrap_or_default(),
        returned_on: r.returned_on.map(day_text).unwrap_or_default(),
    });
    let state_now = record.as_ref().map(|r| &r.state);
    let choose = may_choose(who, &d.state, state_now).is_ok().then(|| {
        let (typed, errors) = address.unwrap_or_else(|| {
            let fields = record.as_ref().map_or_else(
                || AddressFields {
                    recipient: d.applicant.full_name.clone(),
                    phone: d.applicant.phone.clone(),
                    street: String::new(),
                    commune: String::new(),
                },
                |r| AddressFields::of(&r.address),
            );
            (fields, Vec::new())
        });
        let form = AddressForm::new(t, &typed, &communes, &errors);
        summary_errors.items.extend(form.errors.items.iter().cloned());
        form
    });
    let steps = possible(state_now, d.state.status);
    let record_form = (may_record(who, d.receiving_agency_id) && !steps.is_empty()).then(|| {
        let (typed, errors) = event.unwrap_or_else(|| {
            (
                EventFields {
                    on: today_text(),
                    ..EventFields::default()
                },
                Vec::new(),
            )
        });
        let errors = FormErrors::from_fields(t, &errors).labelled([
            ("event", t.t("post.event"), "postal-event".to_owned()),
            (
                "tracking_number",
                t.t("post.tracking_number"),
                "postal-tracking".to_owned(),
            ),
            ("on", t.t("post.on"), "postal-on".to_owned()),
            ("note", t.t("post.note"), "postal-note".to_owned()),
        ]);
        summary_errors.items.extend(errors.items.iter().cloned());
        EventForm {
            events: steps
                .iter()
                .map(|s| SelectOption {
                    value: s.as_str().to_owned(),
                    label: t.t(&format!("post.record.{}", s.as_str())).to_owned(),
                    selected: typed.event == s.as_str(),
                })
                .collect(),
            tracking_number: typed.tracking_number,
            on: typed.on,
            note: typed.note,
            errors,
        }
    });
    if summary.is_none() && choose.is_none() {
        return Ok(None);
    }
    Ok(Some(PostalView {
        summary,
        choose,
        record: record_form,
    }))
}

/// Draws the page again with a refusal at the top.
async fn refused(
    state: &AppState,
    ctx: &Ctx,
    jar: CookieJar,
    code: &str,
    e: &PostalError,
) -> Result<Response, PageError> {
    let status = match e {
        PostalError::NotTheApplicant | PostalError::RoleRequired => StatusCode::FORBIDDEN,
        _ => StatusCode::CONFLICT,
    };
    let forms = Forms {
        refused: Some(status),
        ..Forms::default()
    };
    let message = ctx.t.field(e.code(), &None);
    draw(state, ctx, jar, code, Banner::Refused(message), forms).await
}

/// `POST /ho-so/{code}/buu-dien`: the applicant chooses the post, or changes the address.
pub async fn choose(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(f): Form<AddressFields>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    match postal::choose(&state, &who, &code, &f.input()).await {
        Ok(_) => Ok(Redirect::to(&format!("/ho-so/{code}?xong=post")).into_response()),
        Err(AppError::Validation(errs)) => {
            let forms = Forms {
                address: Some((f, errs)),
                ..Forms::default()
            };
            draw(&state, &ctx, jar, &code, Banner::None, forms).await
        }
        Err(AppError::Postal(e)) => refused(&state, &ctx, jar, &code, &e).await,
        Err(e) => Err(e.into()),
    }
}

/// Reads the officer's form: the event with its fields, or the field errors.
fn event_of(f: &EventFields) -> Result<PostalEvent, Vec<FieldError>> {
    let mut errors = Vec::new();
    let on = parse_day("on", &f.on, &mut errors);
    if f.on.trim().is_empty() {
        errors.push(FieldError {
            field: "on".into(),
            code: "required",
            detail: None,
        });
    }
    let kind = PostalStatus::parse(&f.event).filter(|s| *s != PostalStatus::Requested);
    if kind.is_none() {
        errors.push(FieldError {
            field: "event".into(),
            code: "invalid_choice",
            detail: None,
        });
    }
    let (Some(kind), Some(on), true) = (kind, on, errors.is_empty()) else {
        return Err(errors);
    };
    Ok(match kind {
        PostalStatus::Delivered => PostalEvent::Delivered { on },
        PostalStatus::ReturnedUndelivered => PostalEvent::ReturnedUndelivered {
            on,
            note: motcua_domain::text::nfc(f.note.trim()),
        },
        _ => PostalEvent::HandedToPost {
            tracking_number: f.tracking_number.clone(),
            on,
        },
    })
}

/// `POST /ho-so/{code}/buu-dien/ghi-nhan`: a one-stop officer records the parcel.
pub async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(f): Form<EventFields>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let result = match event_of(&f) {
        Ok(event) => postal::record(&state, &who, &code, &event).await,
        Err(errs) => {
            // Only those who may record learn what was wrong with the form.
            let d = motcua_app::dossiers::readable(&state, &who, &code).await?;
            if may_record(&who, d.receiving_agency_id) {
                Err(AppError::Validation(errs))
            } else {
                Err(AppError::Postal(PostalError::RoleRequired))
            }
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/ho-so/{code}?xong=postal")).into_response()),
        Err(AppError::Validation(errs)) => {
            let forms = Forms {
                event: Some((f, errs)),
                ..Forms::default()
            };
            draw(&state, &ctx, jar, &code, Banner::None, forms).await
        }
        Err(AppError::Postal(e)) => refused(&state, &ctx, jar, &code, &e).await,
        Err(AppError::Workflow(w)) => {
            let forms = Forms {
                refused: Some(StatusCode::CONFLICT),
                ..Forms::default()
            };
            let message = ctx.t.field(w.code(), &None);
            draw(&state, &ctx, jar, &code, Banner::Refused(message), forms).await
        }
        Err(e) => Err(e.into()),
    }
}
