//! The applicant page.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{MatchedPath, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use motcua_domain::dossier::Applicant;

use super::Filing;
use super::page::{FieldView, FilingPage};
use crate::portal::view::{Ctx, FormErrors, Page, PageError};
use crate::state::AppState;

fn applicant_page(f: &Filing, page: Page, errors: FormErrors) -> FilingPage {
    let a = &f.draft.applicant;
    let t = f.t;
    let mut id = FieldView::text("id_number", t.t("filing.id_number"), &a.id_number, "off");
    id.numeric = true;
    id.hint = t.t("filing.id_number_hint").to_owned();
    let mut phone = FieldView::text("phone", t.t("filing.phone"), &a.phone, "tel");
    phone.kind = "tel";
    let mut email = FieldView::text("email", t.t("filing.email"), &a.email, "email");
    email.kind = "email";
    email.required = false;
    FilingPage {
        t,
        page,
        errors,
        procedure_name: f.entry.procedure.name.clone(),
        heading: t.t("filing.applicant").to_owned(),
        action: f.url("nguoi-nop"),
        fields: vec![
            FieldView::text("full_name", t.t("register.full_name"), &a.full_name, "name"),
            id,
            FieldView::text("address", t.t("filing.address"), &a.address, "street-address"),
            phone,
            email,
        ],
        journey: f.journey(2),
        content: "",
    }
    .labelled()
}

pub async fn applicant_form(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: MatchedPath,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    Ok((jar, applicant_page(&f, page, FormErrors::default())).into_response())
}

pub async fn applicant_save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mut f = Filing::load(&state, &ctx, &code, &matched).await?;
    let get = |k: &str| {
        form.get(k)
            .map(|v| motcua_domain::text::nfc(v.trim()))
            .unwrap_or_default()
    };
    f.draft.applicant = Applicant {
        full_name: get("full_name"),
        id_number: get("id_number"),
        address: get("address"),
        phone: get("phone"),
        email: get("email"),
        ..f.draft.applicant.clone()
    };
    // What was typed is kept even when it is wrong: the draft is saved either way.
    f.save(&state).await?;
    let errs = f.draft.applicant.validate().into_errors();
    if !errs.is_empty() {
        let body = applicant_page(&f, ctx.page(), FormErrors::from_fields(f.t, &errs));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    Ok(Redirect::to(&f.next(&state).await?).into_response())
}
