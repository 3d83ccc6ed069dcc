//! Importing a whole catalogue document: all of it or none of it.

use motcua_domain::ids::UserId;
use std::collections::HashMap;

use motcua_domain::catalogue::{CatalogueDoc, ItemError};

use crate::organisation::{upsert_agency_in, upsert_unit_in};
use crate::procedures::{SaveOutcome, upsert_in};
use crate::{Result, StorageError, Store};

/// Counts of what an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub agencies: usize,
    pub units: usize,
    pub procedures_created: usize,
    pub procedures_updated: usize,
    pub procedures_unchanged: usize,
}

impl Store {
    /// Validates the whole document, then writes it in one transaction. Any error leaves the
    /// database exactly as it was. Importing the same document twice changes nothing.
    pub async fn import_catalogue(&self, actor: Option<UserId>, doc: &CatalogueDoc) -> Result<ImportReport> {
        let known: HashMap<String, motcua_domain::agency::Level> = self
            .list_agencies()
            .await?
            .into_iter()
            .map(|a| (a.code, a.level))
            .collect();
        let errors = doc.validate(&|code| known.get(code.as_str()).copied());
        if !errors.is_empty() {
            return Err(StorageError::InvalidCatalogue(errors));
        }
        let mut report = ImportReport::default();
        let mut tx = self.write.begin().await?;
        for (i, a) in doc.agencies.iter().enumerate() {
            upsert_agency_in(&mut tx, actor, a)
                .await
                .map_err(|e| in_item(e, "agencies", i))?;
            report.agencies += 1;
        }
        for (i, u) in doc.units.iter().enumerate() {
            upsert_unit_in(&mut tx, actor, u)
                .await
                .map_err(|e| in_item(e, "units", i))?;
            report.units += 1;
        }
        for (i, p) in doc.procedures.iter().enumerate() {
            match upsert_in(&mut tx, actor, p)
                .await
                .map_err(|e| in_item(e, "procedures", i))?
            {
                SaveOutcome::Created => report.procedures_created += 1,
                SaveOutcome::Updated => report.procedures_updated += 1,
                SaveOutcome::Unchanged => report.procedures_unchanged += 1,
            }
        }
        tx.commit().await?;
        Ok(report)
    }
}

/// Places a single-item validation error at its item in the document.
fn in_item(e: StorageError, list: &str, i: usize) -> StorageError {
    match e {
        StorageError::Invalid(errs) => StorageError::InvalidCatalogue(
            errs.into_iter()
                .map(|error| ItemError {
                    item: format!("{list}/{i}"),
                    error,
                })
                .collect(),
        ),
        other => other,
    }
}
