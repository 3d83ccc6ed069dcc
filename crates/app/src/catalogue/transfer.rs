//! The catalogue as one document: exported whole, imported all or nothing.

use motcua_domain::account::Principal;
use motcua_domain::agency::{AgencyCode, AgencyInput, UnitInput};
use motcua_domain::catalogue::{CatalogueDoc, ItemLines, locate};
use motcua_storage::{ImportReport, StorageError, StoredProcedure};

use crate::{App, AppError, Result};

/// Imports a parsed document (`lines` locate its items for error messages): every error at
/// once and nothing written, or all of it. `who` is `None` from the command line.
pub async fn import_document(
    app: &App,
    who: Option<&Principal>,
    doc: &CatalogueDoc,
    lines: &ItemLines,
) -> Result<ImportReport> {
    if who.is_some_and(|p| !p.is_system_admin()) {
        return Err(AppError::Forbidden);
    }
    let report = match app.store().import_catalogue(who.map(|p| p.user_id), doc).await {
        Err(StorageError::InvalidCatalogue(items)) => return Err(AppError::InvalidCatalogue(locate(items, lines))),
        other => other?,
    };
    app.refresh_catalogue().await?;
    Ok(report)
}

/// A procedure as stored (the command line's CSV import starts from it).
pub async fn stored_procedure(app: &App, code: &str) -> Result<Option<StoredProcedure>> {
    Ok(app.store().procedure_by_code(code).await?)
}

/// The catalogue as one importable document: agencies (parents first), units, procedures.
pub async fn export_document(app: &App) -> Result<CatalogueDoc> {
    let store = app.store();
    let agencies = store.list_agencies().await?;
    let code_of = |id| {
        agencies
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| AgencyCode::parse(&a.code).ok())
    };
    let mut doc = CatalogueDoc::default();
    for a in &agencies {
        let code = AgencyCode::parse(&a.code).map_err(|e| AppError::Internal(e.to_string()))?;
        doc.agencies.push(AgencyInput {
            code: code.clone(),
            name: a.name.clone(),
            level: a.level,
            parent: a.parent_id.and_then(code_of),
            valid_from: a.valid_from.clone(),
            valid_to: a.valid_to.clone(),
            address: a.address.clone(),
            phone: a.phone.clone(),
        });
        for u in store.list_units(a.id).await? {
            doc.units.push(UnitInput {
                agency: code.clone(),
                code: u.code,
                name: u.name,
                kind: u.kind,
            });
        }
    }
    doc.agencies = parents_first(std::mem::take(&mut doc.agencies));
    doc.procedures = store.load_catalogue().await?.into_iter().map(|s| s.procedure).collect();
    Ok(doc)
}

/// Orders agencies so every parent comes before its children (import needs that).
fn parents_first(mut rest: Vec<AgencyInput>) -> Vec<AgencyInput> {
    let mut out: Vec<AgencyInput> = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let before = rest.len();
        let (ready, wait): (Vec<_>, Vec<_>) = rest
            .into_iter()
            .partition(|a| a.parent.as_ref().is_none_or(|p| out.iter().any(|o| &o.code == p)));
        out.extend(ready);
        rest = wait;
        if rest.len() == before {
            out.append(&mut rest); // a cycle cannot be stored; keep whatever is left
        }
    }
    out
}
