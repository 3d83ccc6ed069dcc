//! A citizen's own use of their store: the list, a file, adding one, deleting one.

use bytes::Bytes;
use time::OffsetDateTime;

use motcua_domain::FieldError;
use motcua_domain::account::Principal;
use motcua_domain::documents::{DocumentInput, Origin, is_owner};
use motcua_domain::ids::StoredDocumentId;
use motcua_storage::{NewDocument, StoredDocument, mime_of, sniff};

use super::today;
use crate::{App, AppError, Result};

/// File types a citizen may add to their store.
pub const STORE_FILE_TYPES: [&str; 3] = ["pdf", "jpg", "png"];

/// A file a citizen adds: the name the browser gave and the bytes.
pub struct StoreFile {
    pub file_name: String,
    pub bytes: Bytes,
}

/// The caller's kept documents, newest first.
pub async fn mine(app: &App, who: &Principal) -> Result<Vec<StoredDocument>> {
    Ok(app.store().documents_of(who.user_id).await?)
}

/// One of the caller's documents with its bytes; `NotFound` for anyone else's.
pub async fn file(app: &App, who: &Principal, id: StoredDocumentId) -> Result<(StoredDocument, Bytes)> {
    let d = app
        .store()
        .document_of(who.user_id, id)
        .await?
        .filter(|d| is_owner(who, d.owner_user_id))
        .ok_or(AppError::NotFound)?;
    let bytes = app.files().get(&d.sha256).await?;
    Ok((d, bytes))
}

/// Deletes one of the caller's documents; `NotFound` for anyone else's. Dossiers that used
/// it keep their files.
pub async fn delete(app: &App, who: &Principal, id: StoredDocumentId) -> Result<()> {
    Ok(app
        .store()
        .delete_document(who.user_id, id, OffsetDateTime::now_utc())
        .await?)
}

/// The file's errors: empty, too large, not a PDF, JPEG or PNG by its content.
pub(super) fn check_file(app: &App, f: &StoreFile) -> (Vec<FieldError>, Option<&'static str>) {
    let max = app.settings().max_upload_bytes;
    let err = |code, detail: Option<String>| FieldError {
        field: "file".into(),
        code,
        detail,
    };
    if f.bytes.is_empty() {
        return (vec![err("file_empty", None)], None);
    }
    if f.bytes.len() > max {
        return (
            vec![err("file_too_large", Some((max / (1024 * 1024)).to_string()))],
            None,
        );
    }
    match sniff(&f.bytes).filter(|k| STORE_FILE_TYPES.contains(k)) {
        Some(kind) => (Vec::new(), Some(kind)),
        None => (vec![err("file_type", Some(STORE_FILE_TYPES.join(", ")))], None),
    }
}

/// Adds a document to the caller's store: every error of the fields and the file at once;
/// nothing is stored unless all is valid.
pub async fn add(app: &App, who: &Principal, input: &DocumentInput, f: StoreFile) -> Result<StoredDocumentId> {
    let mut errors = input.validate(today()).into_errors();
    let (file_errors, kind) = check_file(app, &f);
    errors.extend(file_errors);
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let size = i64::try_from(f.bytes.len()).unwrap_or(i64::MAX);
    let sha = app.files().put(f.bytes).await?;
    let name = crate::dossiers::clean_file_name(&f.file_name);
    let new = NewDocument {
        owner_user_id: who.user_id,
        document_type: input.type_code(),
        title: input.title.trim(),
        file_name: &name,
        content_type: mime_of(kind),
        size_bytes: size,
        sha256: &sha,
        origin: Origin::Citizen,
        dossier_id: None,
        attachment_id: None,
        issued_on: input.issued_on,
        added_by: Some(who.user_id),
        now: OffsetDateTime::now_utc(),
    };
    Ok(app.store().keep_document(&new).await?)
}
