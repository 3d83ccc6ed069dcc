//! Giving the applicant documents for their store from the dossier's page (officers of the
//! receiving or handling agency): pushing a file of the dossier, `POST
//! /ho-so/{code}/day-vao-kho`, and uploading the dossier's result,
//! `POST /ho-so/{code}/ket-qua-vao-kho` (multipart, the CSRF token in the action's query).

use axum::Form;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_app::AppError;
use motcua_app::documents;
use motcua_app::dossiers::DossierView;
use motcua_domain::FieldError;
use motcua_domain::account::Principal;
use motcua_domain::documents::{DocumentInput, may_push};
use motcua_domain::ids::AttachmentId;

use super::store::{AddFields, read};
use super::{Forms, parse_day, type_options};
use crate::i18n::Tr;
use crate::portal::dossier::{Banner, draw};
use crate::portal::view::{Ctx, FormErrors, PageError, SelectOption};
use crate::state::AppState;

/// The push form as posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PushFields {
    pub file: String,
    pub document_type: String,
    pub title: String,
    pub issued_on: String,
}

/// The officer's forms on the page: pushing one of the dossier's files (when it has files)
/// and uploading its result.
pub struct PushView {
    /// The dossier's files (none: no file to push, only the result form).
    pub files: Vec<SelectOption>,
    pub types: Vec<SelectOption>,
    pub title: String,
    pub issued_on: String,
    pub errors: FormErrors,
    pub result: ResultForm,
}

impl PushView {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// The result upload form: values, errors, the size limit.
pub struct ResultForm {
    pub types: Vec<SelectOption>,
    pub title: String,
    pub issued_on: String,
    pub errors: FormErrors,
    pub max_mb: usize,
}

impl ResultForm {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// The forms, for officers who may push.
pub(super) fn view(
    t: Tr,
    who: &Principal,
    v: &DossierView,
    typed: Option<(PushFields, Vec<FieldError>)>,
    result: Option<(AddFields, Vec<FieldError>)>,
    max_mb: usize,
    summary: &mut FormErrors,
) -> Option<PushView> {
    let d = &v.dossier;
    if !may_push(who, d.receiving_agency_id, &d.state) {
        return None;
    }
    let (fields, errors) = typed.unwrap_or_default();
    let errors = FormErrors::from_fields(t, &errors).labelled([
        ("file", t.t("store.file"), "push-file".to_owned()),
        ("document_type", t.t("store.type"), "push-type".to_owned()),
        ("title", t.t("store.title_field"), "push-title".to_owned()),
        ("issued_on", t.t("store.issued_on"), "push-issued".to_owned()),
    ]);
    summary.items.extend(errors.items.iter().cloned());
    let (result, result_errors) = result.unwrap_or_default();
    let result_errors = FormErrors::from_fields(t, &result_errors).labelled([
        ("document_type", t.t("store.type"), "result-type".to_owned()),
        ("title", t.t("store.title_field"), "result-title".to_owned()),
        ("issued_on", t.t("store.issued_on"), "result-issued".to_owned()),
        ("file", t.t("store.file"), "result-file".to_owned()),
    ]);
    summary.items.extend(result_errors.items.iter().cloned());
    Some(PushView {
        files: v
            .files
            .iter()
            .map(|f| SelectOption {
                value: f.id.get().to_string(),
                label: f.file_name.clone(),
                selected: fields.file == f.id.get().to_string(),
            })
            .collect(),
        types: type_options(t, &fields.document_type),
        title: fields.title,
        issued_on: fields.issued_on,
        errors,
        result: ResultForm {
            types: type_options(t, &result.document_type),
            title: result.title,
            issued_on: result.issued_on,
            errors: result_errors,
            max_mb,
        },
    })
}

/// `POST /ho-so/{code}/day-vao-kho`.
pub async fn push(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(f): Form<PushFields>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let mut errors = Vec::new();
    let issued_on = parse_day("issued_on", &f.issued_on, &mut errors);
    let input = DocumentInput {
        document_type: f.document_type.trim().to_owned(),
        title: motcua_domain::text::nfc(f.title.trim()),
        issued_on,
    };
    let file = f.file.trim().parse::<i64>().map(AttachmentId);
    let result = match file {
        Ok(id) if errors.is_empty() => documents::push_file(&state, &who, &code, id, &input).await,
        _ => {
            if file.is_err() {
                errors.push(FieldError {
                    field: "file".into(),
                    code: "invalid_choice",
                    detail: None,
                });
            }
            Err(AppError::Validation(errors))
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/ho-so/{code}?xong=pushed")).into_response()),
        Err(AppError::Validation(errs)) => {
            // Those who may not push (or read) are answered as the use case answers them.
            let d = motcua_app::dossiers::readable(&state, &who, &code).await?;
            if !may_push(&who, d.receiving_agency_id, &d.state) {
                return Err(AppError::Forbidden.into());
            }
            let forms = Forms {
                push: Some((f, errs)),
                ..Forms::default()
            };
            draw(&state, &ctx, jar, &code, Banner::None, forms).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /ho-so/{code}/ket-qua-vao-kho` (multipart): uploads the dossier's result to the
/// applicant's store; errors come back next to the fields.
pub async fn push_result(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    // Those who may not push (or read) are answered before the form is looked at.
    let d = motcua_app::dossiers::readable(&state, &who, &code).await?;
    if !may_push(&who, d.receiving_agency_id, &d.state) {
        return Err(AppError::Forbidden.into());
    }
    let (typed, file) = read(multipart).await;
    let mut errors = Vec::new();
    let issued_on = parse_day("issued_on", &typed.issued_on, &mut errors);
    let input = DocumentInput {
        document_type: typed.document_type.trim().to_owned(),
        title: motcua_domain::text::nfc(typed.title.trim()),
        issued_on,
    };
    let result = match file {
        Ok(f) if errors.is_empty() => documents::push_result(&state, &who, &code, &input, f).await,
        Ok(_) => Err(AppError::Validation(errors)),
        Err(code) => {
            let max = state.settings().max_upload_bytes / (1024 * 1024);
            errors.push(FieldError {
                field: "file".into(),
                code,
                detail: (code == "file_too_large").then(|| max.to_string()),
            });
            Err(AppError::Validation(errors))
        }
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/ho-so/{code}?xong=result")).into_response()),
        Err(AppError::Validation(errs)) => {
            let forms = Forms {
                result: Some((typed, errs)),
                ..Forms::default()
            };
            draw(&state, &ctx, jar, &code, Banner::None, forms).await
        }
        Err(e) => Err(e.into()),
    }
}
