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

use motcua_app::AppError;
use motcua_app::documents::{self, Holding};
use motcua_app::dossiers::{self, UploadError};
use motcua_app::records::Attachment;
use motcua_domain::ids::{AttachmentId, StoredDocumentId};

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
    /// (id, file name, size, reused from the document store)
    files: Vec<(i64, String, String, bool)>,
    /// The filer's kept documents that may stand for this component: (id, label).
    stored: Vec<(i64, String)>,
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

fn documents_page(
    state: &AppState,
    f: &Filing,
    files: &[Attachment],
    holdings: &[Holding],
    page: Page,
    errors: FormErrors,
) -> DocumentsPage {
    let stored_for = |code: &str| -> Vec<(i64, String)> {
        holdings
            .iter()
            .filter(|h| h.component == code)
            .flat_map(|h| h.documents.iter())
            .map(|d| {
                let issued = d
                    .issued_on
                    .map(|x| format!(" — {}", crate::portal::citizen::day_text(x)))
                    .unwrap_or_default();
                (d.id.get(), format!("{}{issued} ({})", d.title, d.file_name))
            })
            .collect()
    };
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
                .map(|a| {
                    (
                        a.id.get(),
                        a.file_name.clone(),
                        size_text(a.size_bytes),
                        a.reused_from.is_some(),
                    )
                })
                .collect(),
            stored: stored_for(&comp.code),
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

/// Known refusals of reusing a kept document (`?loi=reuse&chi-tiet=code`).
const REUSE_CODES: [&str; 4] = ["invalid_choice", "not_reusable", "type_mismatch", "file_type"];

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
    if refused.loi == "reuse" {
        let field = if f.entry.procedure.components.iter().any(|c| c.code == refused.component) {
            refused.component.as_str()
        } else {
            "file"
        };
        let code = REUSE_CODES
            .into_iter()
            .find(|c| *c == refused.detail)
            .unwrap_or("invalid_choice");
        errors.add(field, f.t.field(code, &None));
    }
    let holdings = documents::holdings(&state, &f.who, &f.entry).await?;
    // The refusal was answered by the redirect; this GET itself succeeds.
    Ok((jar, documents_page(&state, &f, &files, &holdings, page, errors)).into_response())
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
    let holdings = documents::holdings(&state, &f.who, &f.entry).await?;
    let body = documents_page(&state, &f, &files, &holdings, ctx.page(), errors);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
}

/// What the multipart form carried: the component and the file, or why it is unreadable.
struct Upload {
    component: String,
    file: Option<(String, Bytes)>,
    /// Why the body could not be read, if it could not (`multipart_code`).
    unreadable: Option<&'static str>,
}

async fn read(multipart: Result<Multipart, MultipartRejection>) -> Upload {
    let mut u = Upload {
        component: String::new(),
        file: None,
        unreadable: None,
    };
    let mut m = match multipart {
        Ok(m) => m,
        Err(e) => {
            u.unreadable = Some(crate::error::multipart_code(e.status()));
            return u;
        }
    };
    loop {
        match m.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("component") => u.component = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let name = field.file_name().unwrap_or("").to_owned();
                    match field.bytes().await {
                        Ok(b) => u.file = Some((name, b)),
                        Err(e) => u.unreadable = Some(crate::error::multipart_code(e.status())),
                    }
                }
                _ => {}
            },
            Ok(None) => return u,
            Err(e) => {
                u.unreadable = Some(crate::error::multipart_code(e.status()));
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
    let refused = if let Some(code) = upload.unreadable {
        if code == "file_too_large" {
            UploadError::TooLarge(state.settings().max_upload_bytes / (1024 * 1024))
        } else {
            UploadError::Malformed
        }
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReuseForm {
    component: String,
    document: String,
}

/// "Use this kept document": puts one of the filer's kept documents in the draft as a file
/// of the component, marked as reused; a refusal comes back next to the component.
pub async fn documents_reuse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
    Form(r): Form<ReuseForm>,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let refusal = match r.document.trim().parse::<i64>() {
        Err(_) => "invalid_choice",
        Ok(id) => match documents::reuse(&state, &f.who, &f.entry, &r.component, StoredDocumentId(id)).await {
            Ok(_) => return Ok(Redirect::to(&f.url("giay-to")).into_response()),
            Err(AppError::Validation(errs)) => errs.first().map_or("invalid_choice", |e| e.code),
            Err(e) => return Err(e.into()),
        },
    };
    let to = crate::portal::view::url_with(
        &f.url("giay-to"),
        &[("loi", "reuse"), ("thanh-phan", &r.component), ("chi-tiet", refusal)],
    );
    Ok(Redirect::to(&to).into_response())
}
