//! Reusing a kept document for a component of a new dossier: the filing's documents page
//! offers, for each component that names a document type, the caller's documents of that
//! type (in a file type the component accepts); choosing one puts it in the draft, marked as
//! reused.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::documents::{is_owner, may_reuse};
use motcua_domain::ids::{AttachmentId, StoredDocumentId};
use motcua_storage::StoredDocument;

use crate::{App, AppError, ProcedureEntry, Result};

/// The caller's documents that may stand for one component.
#[derive(Debug, Clone)]
pub struct Holding {
    pub component: String,
    pub documents: Vec<StoredDocument>,
}

/// For each component of `entry` that the caller holds kept documents for, those
/// documents (newest first). Components without any are left out.
pub async fn holdings(app: &App, who: &Principal, entry: &ProcedureEntry) -> Result<Vec<Holding>> {
    let typed = entry.procedure.components.iter().any(|c| c.document_type.is_some());
    if !typed || who.is_officer() {
        return Ok(Vec::new());
    }
    let mine = app.store().documents_of(who.user_id).await?;
    Ok(entry
        .procedure
        .components
        .iter()
        .filter_map(|c| {
            let documents: Vec<StoredDocument> = mine
                .iter()
                .filter(|d| may_reuse(c, d.document_type.as_deref(), &d.content_type).is_ok())
                .cloned()
                .collect();
            (!documents.is_empty()).then(|| Holding {
                component: c.code.clone(),
                documents,
            })
        })
        .collect())
}

/// Puts the caller's kept document `document` in their draft of `entry` as a file of
/// `component`. Refusals are field errors at the component (`invalid_choice`,
/// `not_reusable`, `type_mismatch`, `file_type`); another owner's or a deleted document
/// is `NotFound`.
pub async fn reuse(
    app: &App,
    who: &Principal,
    entry: &ProcedureEntry,
    component: &str,
    document: StoredDocumentId,
) -> Result<AttachmentId> {
    let Some(c) = entry.procedure.components.iter().find(|c| c.code == component) else {
        return Err(AppError::invalid("component", "invalid_choice"));
    };
    let doc = app
        .store()
        .document_of(who.user_id, document)
        .await?
        .filter(|d| is_owner(who, d.owner_user_id))
        .ok_or(AppError::NotFound)?;
    may_reuse(c, doc.document_type.as_deref(), &doc.content_type).map_err(|r| AppError::invalid(&c.code, r.code()))?;
    Ok(app
        .store()
        .reuse_document(who.user_id, entry.id, &c.code, doc.id, OffsetDateTime::now_utc())
        .await?)
}
