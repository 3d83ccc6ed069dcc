//! The documents page: one upload per component, files listed with a remove button.

use axum::Form;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{MatchedPath, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use askama::Template;
use askama_web::WebTemplate;

use motcua_app::dossiers::{self, UploadError};
use motcua_app::records::Attachment;
use motcua_domain::ids::AttachmentId;

use super::Filing;
use crate::i18n::Tr;
use crate::portal::view::{Ctx, FormErrors, Page, PageError};
use crate::state::AppState;

pub struct ComponentView {
    code: String,
    name: String,
    required: bool,
    types: String,
    accept: String,
    /// (id, file name, size)
    files: Vec<(i64, String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "filing_documents.html")]
pub struct DocumentsPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    procedure_name: String,
    components: Vec<ComponentView>,
    base: String,
    max_mb: usize,
    journey: super::page::Journey,
}

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn documents_page(state: &AppState, f: &Filing, files: &[Attachment], page: Page, errors: FormErrors) -> DocumentsPage {
    let components = f
        .entry
        .procedure
        .components
        .iter()
        .map(|comp| ComponentView {
            code: comp.code.clone(),
            name: comp.name.clone(),
            required: comp.required,
            types: comp.file_types.join(", "),
            accept: comp
                .file_types
                .iter()
                .map(|t| format!(".{t}"))
                .collect::<Vec<_>>()
                .join(","),
            files: files
                .iter()
                .filter(|a| a.component == comp.code)
                .map(|a| (a.id.get(), a.file_name.clone(), size_text(a.size_bytes)))
                .collect(),
        })
        .collect();
    let labels: Vec<(String, String)> = f
        .entry
        .procedure
        .components
        .iter()
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect();
    DocumentsPage {
        t: f.t,
        page,
        errors: errors.labelled(
            labels
                .iter()
                .map(|(c, n)| (c.as_str(), n.as_str(), format!("file-{c}"))),
        ),
        procedure_name: f.entry.procedure.name.clone(),
        components,
        base: f.url("giay-to"),
        max_mb: state.settings().max_upload_bytes / (1024 * 1024),
        journey: f.journey(4),
    }
}

/// Errors carried over the redirect after a refused upload: `?loi=code&thanh-phan=x&chi-tiet=y`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Refused {
    loi: String,
    #[serde(rename = "thanh-phan")]
    component: String,
    #[serde(rename = "chi-tiet")]
    detail: String,
}

/// Known upload refusal codes (anything else in the address is ignored).
const UPLOAD_CODES: [&str; 4] = ["invalid_choice", "file_empty", "file_too_large", "file_type"];

pub async fn documents_form(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: MatchedPath,
    Query(refused): Query<Refused>,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let files = f.files(&state).await?;
    let mut errors = FormErrors::default();
    if UPLOAD_CODES.contains(&refused.loi.as_str()) {
        let field = if f.entry.procedure.components.iter().any(|c| c.code == refused.component) {
            refused.component.as_str()
        } else {
            "file"
        };
        let detail = (!refused.detail.is_empty()).then(|| refused.detail.clone());
        errors.add(field, f.t.field(&refused.loi, &detail));
    }
    // The refusal was answered by the redirect; this GET itself succeeds.
    Ok((jar, documents_page(&state, &f, &files, page, errors)).into_response())
}

/// "Continue": on to checking the answers, or back here naming each required document
/// still missing, next to it and in the summary.
pub async fn documents_continue(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let files = f.files(&state).await?;
    let missing = dossiers::missing_components(&f.entry, &files);
    if missing.is_empty() {
        return Ok(Redirect::to(&f.next_page(&files)).into_response());
    }
    let mut errors = FormErrors::default();
    for c in missing {
        errors.add(&c.code, f.t.field("missing_document", &None));
    }
    let body = documents_page(&state, &f, &files, ctx.page(), errors);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
}

/// What the multipart form carried: the component and the file, or why it is unreadable.
struct Upload {
    component: String,
    file: Option<(String, Bytes)>,
    unreadable: bool,
}

async fn read(multipart: Result<Multipart, MultipartRejection>) -> Upload {
    let mut u = Upload {
        component: String::new(),
        file: None,
        unreadable: false,
    };
    let Ok(mut m) = multipart else {
        u.unreadable = true;
        return u;
    };
    loop {
        match m.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("component") => u.component = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let name = field.file_name().unwrap_or("").to_owned();
                    match field.bytes().await {
                        Ok(b) => u.file = Some((name, b)),
                        Err(_) => u.unreadable = true,
                    }
                }
                _ => {}
            },
            Ok(None) => return u,
            Err(_) => {
                u.unreadable = true;
                return u;
            }
        }
    }
}

pub async fn documents_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let upload = read(multipart).await;
    let field = f
        .entry
        .procedure
        .components
        .iter()
        .find(|c| c.code == upload.component)
        .map_or("file", |c| c.code.as_str())
        .to_owned();
    let refused = if upload.unreadable {
        UploadError::TooLarge(state.settings().max_upload_bytes / (1024 * 1024))
    } else {
        let (name, bytes) = upload.file.unwrap_or_default();
        match dossiers::upload(&state, &f.who, &f.entry, &upload.component, &name, bytes).await? {
            Ok(_) => return Ok(Redirect::to(&f.url("giay-to")).into_response()),
            Err(e) => e,
        }
    };
    // Back to the page (so the address no longer carries the form's token), with the
    // refusal next to the component.
    let to = crate::portal::view::url_with(
        &f.url("giay-to"),
        &[
            ("loi", refused.code()),
            ("thanh-phan", &field),
            ("chi-tiet", &refused.detail().unwrap_or_default()),
        ],
    );
    Ok(Redirect::to(&to).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteForm {
    id: i64,
}

pub async fn documents_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
    Form(d): Form<DeleteForm>,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    dossiers::delete_draft_file(&state, &f.who, AttachmentId(d.id)).await?;
    Ok(Redirect::to(&f.url("giay-to")).into_response())
}
