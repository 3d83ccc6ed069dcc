//! The procedure's own form (tờ khai).

use std::collections::HashMap;

use axum::Form;
use axum::extract::{MatchedPath, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use motcua_domain::procedure::FieldKind;
use motcua_domain::procedure::form::validate_values;

use super::Filing;
use super::page::{FieldView, FilingPage, date_value, value_text};
use crate::portal::view::{Ctx, FormErrors, Page, PageError, SelectOption};
use crate::state::AppState;

fn form_page(f: &Filing, page: Page, errors: FormErrors) -> FilingPage {
    let fields = f
        .entry
        .procedure
        .form
        .iter()
        .map(|field| {
            let value = value_text(f.draft.data.get(&field.key));
            let kind = match field.kind {
                FieldKind::Textarea => "textarea",
                FieldKind::Select => "select",
                FieldKind::Checkbox => "checkbox",
                FieldKind::Date => "date",
                FieldKind::Email => "email",
                FieldKind::Phone => "tel",
                FieldKind::Text | FieldKind::Number | FieldKind::IdentityNumber => "text",
            };
            FieldView {
                name: field.key.clone(),
                label: field.label.clone(),
                kind,
                hint: field.help.clone(),
                required: field.required,
                options: field
                    .options
                    .iter()
                    .map(|o| SelectOption {
                        value: o.clone(),
                        label: o.clone(),
                        selected: *o == value,
                    })
                    .collect(),
                autocomplete: "off",
                numeric: matches!(field.kind, FieldKind::Number | FieldKind::IdentityNumber),
                value,
            }
        })
        .collect();
    FilingPage {
        t: f.t,
        page,
        errors,
        procedure_name: f.entry.procedure.name.clone(),
        heading: f.t.t("filing.form").to_owned(),
        action: f.url("to-khai"),
        fields,
        journey: f.journey(3),
        content: f.t.vi(),
    }
    .labelled()
}

pub async fn data_form(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: MatchedPath,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    Ok((jar, form_page(&f, page, FormErrors::default())).into_response())
}

pub async fn data_save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mut f = Filing::load(&state, &ctx, &code, &matched).await?;
    let mut data = serde_json::Map::new();
    for field in &f.entry.procedure.form {
        let get = |k: &str| {
            form.get(k)
                .map(|v| motcua_domain::text::nfc(v.trim()))
                .unwrap_or_default()
        };
        let v = if field.kind == FieldKind::Date {
            // Three boxes: day, month, year.
            let k = &field.key;
            date_value(
                &get(&format!("{k}-ngay")),
                &get(&format!("{k}-thang")),
                &get(&format!("{k}-nam")),
            )
        } else {
            get(&field.key)
        };
        let v = if field.kind == FieldKind::Checkbox {
            (v == "true").to_string()
        } else {
            v
        };
        if !v.is_empty() {
            data.insert(field.key.clone(), serde_json::Value::String(v));
        }
    }
    f.draft.data = data;
    f.save(&state).await?;
    let errs = validate_values(&f.entry.procedure.form, &f.draft.data, super::today()).into_errors();
    if !errs.is_empty() {
        // Nothing is filed from a refused page; what was typed stays in the draft and on it.
        let body = form_page(&f, ctx.page(), FormErrors::from_fields(f.t, &errs));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    Ok(Redirect::to(&f.next(&state).await?).into_response())
}
