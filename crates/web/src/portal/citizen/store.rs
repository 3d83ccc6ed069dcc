//! The citizen's document store, `/kho-du-lieu`: their kept documents (download, delete)
//! and a form to add one. Only the owner sees a document; anyone else gets 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_app::AppError;
use motcua_app::documents::{self, StoreFile};
use motcua_app::records::StoredDocument;
use motcua_domain::FieldError;
use motcua_domain::documents::DocumentInput;
use motcua_domain::ids::StoredDocumentId;

use super::{day_text, parse_day, type_name, type_options};
use crate::i18n::Tr;
use crate::portal::dossier::{disposition, local};
use crate::portal::view::{Ctx, FormErrors, Page, PageError, SelectOption};
use crate::state::AppState;

/// One kept document as the list shows it.
pub struct DocumentRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    /// Where it came from, in words.
    pub origin: String,
    /// The dossier it came from (code), if any.
    pub dossier: String,
    pub issued_on: String,
    pub added: String,
    pub file_name: String,
    pub size: String,
}

/// The add form as typed (also an officer's upload of a result).
#[derive(Debug, Clone, Default)]
pub struct AddFields {
    pub document_type: String,
    pub title: String,
    pub issued_on: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "documents.html")]
pub struct StorePage {
    t: Tr,
    page: Page,
    documents: Vec<DocumentRow>,
    types: Vec<SelectOption>,
    title: String,
    issued_on: String,
    errors: FormErrors,
    done: Option<String>,
    max_mb: usize,
}

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn row(t: Tr, d: &StoredDocument) -> DocumentRow {
    DocumentRow {
        id: d.id.get(),
        title: d.title.clone(),
        kind: d
            .document_type
            .as_deref()
            .map(|c| type_name(t, c))
            .unwrap_or_else(|| t.t("store.no_type").to_owned()),
        origin: t.t(&format!("store.origin.{}", d.origin.as_str())).to_owned(),
        dossier: d.dossier_code.clone().unwrap_or_default(),
        issued_on: d.issued_on.map(day_text).unwrap_or_default(),
        added: local(d.created_at),
        file_name: d.file_name.clone(),
        size: size_text(d.size_bytes),
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    page: Page,
    typed: AddFields,
    errors: &[FieldError],
    done: Option<String>,
) -> Result<StorePage, PageError> {
    let who = ctx.who()?;
    let t = ctx.t;
    let documents = documents::mine(state, &who).await?;
    Ok(StorePage {
        t,
        page,
        documents: documents.iter().map(|d| row(t, d)).collect(),
        types: type_options(t, &typed.document_type),
        title: typed.title,
        issued_on: typed.issued_on,
        errors: FormErrors::from_fields(t, errors).labelled([
            ("document_type", t.t("store.type"), "store-type".to_owned()),
            ("title", t.t("store.title_field"), "store-title".to_owned()),
            ("issued_on", t.t("store.issued_on"), "store-issued".to_owned()),
            ("file", t.t("store.file"), "store-file".to_owned()),
        ]),
        done,
        max_mb: state.settings().max_upload_bytes / (1024 * 1024),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    xong: String,
}

/// `GET /kho-du-lieu`.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    if ctx.principal().is_none() {
        return Err(PageError::sign_in("/kho-du-lieu".into()));
    }
    let (chrome, jar) = ctx.form_page(&state, jar).await?;
    let done = match q.xong.as_str() {
        "added" => Some(ctx.t.t("store.done_added").to_owned()),
        "deleted" => Some(ctx.t.t("store.done_deleted").to_owned()),
        _ => None,
    };
    let body = page(&state, &ctx, chrome, AddFields::default(), &[], done).await?;
    Ok((jar, body).into_response())
}

/// Reads the add form: its fields and the file, or why the body was unreadable (over the
/// size limit, or malformed: `multipart_code`).
pub(super) async fn read(
    multipart: Result<Multipart, MultipartRejection>,
) -> (AddFields, Result<StoreFile, &'static str>) {
    use crate::error::multipart_code;
    let mut fields = AddFields::default();
    let mut m = match multipart {
        Ok(m) => m,
        Err(e) => return (fields, Err(multipart_code(e.status()))),
    };
    let mut file = Ok(StoreFile {
        file_name: String::new(),
        bytes: axum::body::Bytes::new(),
    });
    loop {
        match m.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("document_type") => fields.document_type = field.text().await.unwrap_or_default(),
                Some("title") => fields.title = field.text().await.unwrap_or_default(),
                Some("issued_on") => fields.issued_on = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let name = field.file_name().unwrap_or("").to_owned();
                    match field.bytes().await {
                        Ok(bytes) => file = Ok(StoreFile { file_name: name, bytes }),
                        Err(e) => return (fields, Err(multipart_code(e.status()))),
                    }
                }
                _ => {}
            },
            Ok(None) => return (fields, file),
            Err(e) => return (fields, Err(multipart_code(e.status()))),
        }
    }
}

/// `POST /kho-du-lieu` (multipart): adds a document; errors come back on the page.
pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let (typed, file) = read(multipart).await;
    let mut errors = Vec::new();
    let issued_on = parse_day("issued_on", &typed.issued_on, &mut errors);
    let input = DocumentInput {
        document_type: typed.document_type.trim().to_owned(),
        title: motcua_domain::text::nfc(typed.title.trim()),
        issued_on,
    };
    let result = match file {
        Ok(f) if errors.is_empty() => documents::add(&state, &who, &input, f).await,
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
        Ok(_) => Ok(Redirect::to("/kho-du-lieu?xong=added").into_response()),
        Err(AppError::Validation(errs)) => {
            let body = page(&state, &ctx, ctx.page(), typed, &errs, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /kho-du-lieu/{id}/tep`: the owner's file.
pub async fn download(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let (d, bytes) = documents::file(&state, &who, StoredDocumentId(id)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, d.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition(&d.file_name)),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// `POST /kho-du-lieu/{id}/xoa`: deletes the owner's document.
pub async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Result<Response, PageError> {
    let who = ctx.who()?;
    documents::delete(&state, &who, StoredDocumentId(id)).await?;
    Ok(Redirect::to("/kho-du-lieu?xong=deleted").into_response())
}
