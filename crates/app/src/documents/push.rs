//! Documents an officer gives the applicant: a file of the dossier pushed to the applicant's
//! store, and (called by the use case that issues it) the dossier's result.

use time::{Date, OffsetDateTime};

use motcua_domain::account::Principal;
use motcua_domain::documents::{DocumentInput, Origin, may_push};
use motcua_domain::ids::{AttachmentId, StoredDocumentId, UserId};
use motcua_storage::{DossierRecord, NewDocument};

use super::own::{StoreFile, check_file};
use super::today;
use crate::dossiers::readable;
use crate::{App, AppError, Result};

/// Pushes the file `attachment` of dossier `code` to the applicant's store with the type,
/// title and issue date the officer gives. Officers of the receiving or handling agency
/// only (`documents::may_push`); `NotFound` for a file of another dossier. Pushing the same
/// file again updates the kept document (and brings it back if the applicant deleted it).
pub async fn push_file(
    app: &App,
    who: &Principal,
    code: &str,
    attachment: AttachmentId,
    input: &DocumentInput,
) -> Result<StoredDocumentId> {
    let d = readable(app, who, code).await?;
    if !may_push(who, d.receiving_agency_id, &d.state) {
        return Err(AppError::Forbidden);
    }
    let owner = d.state.applicant_id.ok_or(AppError::Forbidden)?;
    let file = app
        .store()
        .dossier_attachments(d.id)
        .await?
        .into_iter()
        .find(|f| f.id == attachment)
        .ok_or(AppError::NotFound)?;
    input.validate(today()).finish().map_err(AppError::Validation)?;
    let new = NewDocument {
        owner_user_id: owner,
        document_type: input.type_code(),
        title: input.title.trim(),
        file_name: &file.file_name,
        content_type: &file.content_type,
        size_bytes: file.size_bytes,
        sha256: &file.sha256,
        origin: Origin::Result,
        dossier_id: Some(d.id),
        attachment_id: Some(file.id),
        issued_on: input.issued_on,
        added_by: Some(who.user_id),
        now: OffsetDateTime::now_utc(),
    };
    Ok(app.store().keep_document(&new).await?)
}

/// Uploads the result of dossier `code` (the document issued, scanned or signed: PDF, JPEG
/// or PNG by content) straight to the applicant's store, with the type, title and issue date
/// the officer gives. Who may: as `push_file` (`Forbidden` for other readers and for a
/// dossier without an applicant account, `NotFound` for everyone else). Every error of the
/// fields and the file at once; nothing is stored unless all is valid. The same file
/// uploaded again for the dossier is one document.
pub async fn push_result(
    app: &App,
    who: &Principal,
    code: &str,
    input: &DocumentInput,
    f: StoreFile,
) -> Result<StoredDocumentId> {
    let d = readable(app, who, code).await?;
    if !may_push(who, d.receiving_agency_id, &d.state) {
        return Err(AppError::Forbidden);
    }
    let mut errors = input.validate(today()).into_errors();
    let (file_errors, kind) = check_file(app, &f);
    errors.extend(file_errors);
    let Some(kind) = kind.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let size_bytes = i64::try_from(f.bytes.len()).unwrap_or(i64::MAX);
    let sha256 = app.files().put(f.bytes).await?;
    let r = ResultFile {
        sha256,
        content_type: motcua_storage::mime_of(kind).to_owned(),
        size_bytes,
        file_name: crate::dossiers::clean_file_name(&f.file_name),
        title: input.title.trim().to_owned(),
        document_type: input.type_code().map(str::to_owned),
        issued_on: input.issued_on,
    };
    keep_result(app, Some(who.user_id), &d, &r)
        .await?
        .ok_or(AppError::NotFound)
}

/// A dossier's result, already in the file store, to keep for its applicant.
#[derive(Debug, Clone)]
pub struct ResultFile {
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub file_name: String,
    pub title: String,
    /// A code of `motcua_domain::documents::types()` when the result is a listed type
    /// (a birth registration's result is a `giay_khai_sinh`).
    pub document_type: Option<String>,
    pub issued_on: Option<Date>,
}

/// Keeps the result of dossier `d` in its applicant's store (origin `result`). For the use
/// case that issues the result, which has authorised `actor`: this does not check again.
/// The same result kept twice is one document. `None` when the dossier has no applicant
/// account (filed at the counter).
pub async fn keep_result(
    app: &App,
    actor: Option<UserId>,
    d: &DossierRecord,
    r: &ResultFile,
) -> Result<Option<StoredDocumentId>> {
    let Some(owner) = d.state.applicant_id else {
        return Ok(None);
    };
    let input = DocumentInput {
        document_type: r.document_type.clone().unwrap_or_default(),
        title: r.title.clone(),
        issued_on: r.issued_on,
    };
    input.validate(today()).finish().map_err(AppError::Validation)?;
    let new = NewDocument {
        owner_user_id: owner,
        document_type: input.type_code(),
        title: input.title.trim(),
        file_name: &r.file_name,
        content_type: &r.content_type,
        size_bytes: r.size_bytes,
        sha256: &r.sha256,
        origin: Origin::Result,
        dossier_id: Some(d.id),
        attachment_id: None,
        issued_on: r.issued_on,
        added_by: actor,
        now: OffsetDateTime::now_utc(),
    };
    Ok(Some(app.store().keep_document(&new).await?))
}
