//! Files of a filing: uploaded to the draft (type read from the content, never the name;
//! size limited), attached to the dossier when it is filed, then readable by those who may
//! read the dossier.

use bytes::Bytes;

use motcua_domain::account::Principal;
use motcua_domain::ids::AttachmentId;
use motcua_domain::procedure::Component;
use motcua_storage::{Attachment, NewAttachment, StorageError, mime_of, sniff};

use super::reading::readable;
use crate::{App, AppError, ProcedureEntry, Result};

/// Why an upload was refused (each has a stable code for the message next to the field).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("unknown component")]
    UnknownComponent,
    #[error("empty file")]
    Empty,
    #[error("file over {0} MiB")]
    TooLarge(usize),
    #[error("type not accepted; accepted: {0}")]
    WrongType(String),
    /// The form's body could not be read (cut short, not multipart).
    #[error("malformed multipart body")]
    Malformed,
}

impl UploadError {
    pub fn code(&self) -> &'static str {
        match self {
            UploadError::UnknownComponent => "invalid_choice",
            UploadError::Empty => "file_empty",
            UploadError::TooLarge(_) => "file_too_large",
            UploadError::WrongType(_) => "file_type",
            UploadError::Malformed => "malformed_multipart",
        }
    }

    /// The detail shown with the message (the limit, the accepted types).
    pub fn detail(&self) -> Option<String> {
        match self {
            UploadError::TooLarge(mib) => Some(mib.to_string()),
            UploadError::WrongType(types) => Some(types.clone()),
            _ => None,
        }
    }
}

/// Keeps the last path segment of a browser-supplied name, without control characters.
pub(crate) fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = motcua_domain::text::nfc(base)
        .chars()
        .filter(|ch| !ch.is_control())
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "tep".to_owned()
    } else {
        cleaned
    }
}

fn accepts(c: &Component, kind: &str) -> bool {
    c.file_types.iter().any(|t| t == kind || (kind == "jpg" && t == "jpeg"))
}

/// Adds a file to the filer's draft of `entry` for the component `component`.
pub async fn upload(
    app: &App,
    who: &Principal,
    entry: &ProcedureEntry,
    component: &str,
    file_name: &str,
    bytes: Bytes,
) -> Result<Result<AttachmentId, UploadError>> {
    let Some(comp) = entry.procedure.components.iter().find(|c| c.code == component) else {
        return Ok(Err(UploadError::UnknownComponent));
    };
    let max = app.settings().max_upload_bytes;
    if bytes.is_empty() {
        return Ok(Err(UploadError::Empty));
    }
    if bytes.len() > max {
        return Ok(Err(UploadError::TooLarge(max / (1024 * 1024))));
    }
    let Some(kind) = sniff(&bytes).filter(|k| accepts(comp, k)) else {
        return Ok(Err(UploadError::WrongType(comp.file_types.join(", "))));
    };
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let sha = app.files().put(bytes).await?;
    let a = NewAttachment {
        owner_user_id: who.user_id,
        procedure_id: entry.id,
        dossier_id: None,
        component: &comp.code,
        file_name: &clean_name(file_name),
        content_type: mime_of(kind),
        size_bytes: size,
        sha256: &sha,
    };
    Ok(Ok(app.store().add_attachment(&a).await?))
}

/// The filer's files of a draft.
pub async fn draft_files(app: &App, who: &Principal, entry: &ProcedureEntry) -> Result<Vec<Attachment>> {
    Ok(app.store().draft_attachments(who.user_id, entry.id).await?)
}

/// Required components of `entry` that have no file among `files`.
pub fn missing_components<'a>(entry: &'a ProcedureEntry, files: &[Attachment]) -> Vec<&'a Component> {
    entry
        .procedure
        .components
        .iter()
        .filter(|c| c.required && !files.iter().any(|f| f.component == c.code))
        .collect()
}

/// Removes one of the filer's draft files (a file already filed, or someone else's, is
/// left alone and not reported).
pub async fn delete_draft_file(app: &App, who: &Principal, id: AttachmentId) -> Result<()> {
    match app.store().delete_draft_attachment(who.user_id, id).await {
        Ok(()) | Err(StorageError::NotFound) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// A file of a dossier the caller may read, with its bytes.
pub async fn dossier_file(app: &App, who: &Principal, code: &str, id: AttachmentId) -> Result<(Attachment, Bytes)> {
    let d = readable(app, who, code).await?;
    let f = app
        .store()
        .dossier_attachments(d.id)
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or(AppError::NotFound)?;
    let bytes = app.files().get(&f.sha256).await?;
    Ok((f, bytes))
}
