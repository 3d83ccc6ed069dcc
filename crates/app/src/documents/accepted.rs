//! The accepted components of a received dossier, kept in its applicant's store: right
//! after reception, and by a job that catches up whatever that missed (a failure between
//! the two writes, dossiers received before this existed). Each dossier is claimed once.

use time::OffsetDateTime;

use motcua_domain::documents::document_type;
use motcua_domain::ids::{DossierId, ProcedureId, UserId};
use motcua_storage::AcceptedComponent;

use crate::{App, Result};

/// Keeps the typed components of a received dossier (each file of a component that names
/// a document type, except files that reused a kept document) for its applicant, once.
/// Returns how many documents were kept.
pub async fn keep_accepted(
    app: &App,
    dossier: DossierId,
    procedure: ProcedureId,
    applicant: Option<UserId>,
) -> Result<u64> {
    let components: Vec<AcceptedComponent> = app
        .catalogue()
        .by_id(procedure)
        .map(|e| {
            e.procedure
                .components
                .iter()
                .filter_map(|c| {
                    let t = document_type(c.document_type.as_deref()?)?;
                    Some(AcceptedComponent {
                        component: c.code.clone(),
                        document_type: t.code.clone(),
                        title: t.vi.clone(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(app
        .store()
        .keep_accepted(dossier, applicant, &components, OffsetDateTime::now_utc())
        .await?)
}

/// One pass of the catch-up job: keeps the accepted components of up to `limit` received
/// dossiers not yet done. Returns how many dossiers it handled.
pub async fn keep_pending(app: &App, limit: i64) -> Result<usize> {
    let pending = app.store().dossiers_to_keep(limit).await?;
    for d in &pending {
        keep_accepted(app, d.id, d.procedure_id, d.applicant_id).await?;
    }
    Ok(pending.len())
}
