//! Check your answers, then file.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{MatchedPath, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use motcua_app::AppError;
use motcua_app::dossiers::{self, Filing as NewFiling};
use motcua_app::records::Attachment;
use motcua_domain::procedure::{Channel, FieldKind};

use super::page::value_text;
use super::{Filing, Mode};
use crate::i18n::Tr;
use crate::portal::view::{Ctx, FormErrors, Page, PageError};
use crate::state::AppState;

pub struct Section {
    title: String,
    rows: Vec<(String, String)>,
    change: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "filing_check.html")]
pub struct CheckPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    procedure_name: String,
    sections: Vec<Section>,
    action: String,
}

fn check_page(state: &AppState, f: &Filing, files: &[Attachment], page: Page, errors: FormErrors) -> CheckPage {
    let t = f.t;
    let p = &f.entry.procedure;
    let a = &f.draft.applicant;
    let agency = state
        .catalogue()
        .agency(&f.draft.agency)
        .map_or_else(|| f.draft.agency.clone(), |x| x.name.clone());
    let sections = vec![
        Section {
            title: t.t("filing.agency").into(),
            rows: vec![(t.t("proc.agency").into(), agency)],
            change: f.url("co-quan"),
        },
        Section {
            title: t.t("filing.applicant").into(),
            rows: vec![
                (t.t("register.full_name").into(), a.full_name.clone()),
                (t.t("filing.id_number").into(), a.id_number.clone()),
                (t.t("filing.address").into(), a.address.clone()),
                (t.t("filing.phone").into(), a.phone.clone()),
                (t.t("filing.email").into(), a.email.clone()),
            ],
            change: f.url("nguoi-nop"),
        },
        Section {
            title: t.t("filing.form").into(),
            rows: p
                .form
                .iter()
                .map(|field| {
                    let v = value_text(f.draft.data.get(&field.key));
                    let v = if field.kind == FieldKind::Checkbox {
                        t.t(if v == "true" { "yes" } else { "no" }).to_owned()
                    } else {
                        v
                    };
                    (field.label.clone(), v)
                })
                .collect(),
            change: f.url("to-khai"),
        },
        Section {
            title: t.t("filing.documents").into(),
            rows: p
                .components
                .iter()
                .map(|comp| {
                    let names: Vec<_> = files
                        .iter()
                        .filter(|a| a.component == comp.code)
                        .map(|a| a.file_name.clone())
                        .collect();
                    (comp.name.clone(), names.join("\n"))
                })
                .collect(),
            change: f.url("giay-to"),
        },
    ];
    CheckPage {
        t,
        page,
        errors,
        procedure_name: p.name.clone(),
        sections,
        action: f.url("kiem-tra"),
    }
}

pub async fn check(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: MatchedPath,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let files = f.files(&state).await?;
    let next = f.next_page(&files);
    if next != f.url("kiem-tra") {
        return Ok(Redirect::to(&next).into_response());
    }
    let (page, jar) = ctx.form_page(&state, jar).await?;
    Ok((jar, check_page(&state, &f, &files, page, FormErrors::default())).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let files = f.files(&state).await?;
    let next = f.next_page(&files);
    if next != f.url("kiem-tra") {
        return Ok(Redirect::to(&next).into_response());
    }
    let filing = NewFiling {
        procedure: code.clone(),
        agency: f.draft.agency.clone(),
        applicant: f.draft.applicant.clone(),
        data: f.draft.data.clone(),
        channel: Some(if f.mode == Mode::Counter {
            Channel::InPerson
        } else {
            Channel::Online
        }),
    };
    match dossiers::file(&state, &f.who, filing).await {
        Ok(d) => {
            dossiers::delete_draft(&state, &f.who, f.entry.id).await?;
            let done = if f.mode == Mode::Counter {
                format!("/ho-so/{}", d.code)
            } else {
                format!("/ho-so/{}/da-nop", d.code)
            };
            Ok(Redirect::to(&done).into_response())
        }
        Err(AppError::Validation(errs)) => {
            let body = check_page(&state, &f, &files, ctx.page(), FormErrors::from_fields(f.t, &errs));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
