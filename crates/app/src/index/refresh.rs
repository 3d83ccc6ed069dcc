//! Bringing the index counters up to date with the dossiers' histories.

use motcua_domain::index766::{DossierFacts, DossierHeader, StatutoryLimit};
use motcua_storage::IndexSource;

use crate::{App, Result};

/// Dossiers per refresh transaction.
const BATCH: i64 = 500;

/// Refreshes one batch of pending dossiers; returns how many were refreshed (0: none pending).
pub async fn refresh(app: &App) -> Result<usize> {
    let catalogue = app.catalogue();
    let calendar = app.calendar();
    let facts_of = |s: &IndexSource| -> Option<DossierFacts> {
        let entry = catalogue.by_id(s.procedure_id)?;
        let header = DossierHeader {
            dossier_id: s.dossier_id,
            agency_id: s.agency_id,
            channel: s.channel,
            limit: StatutoryLimit::from(&entry.time_limit),
        };
        Some(DossierFacts::from_events(header, &s.events, &calendar.calendar))
    };
    Ok(app.store().refresh_index(BATCH, facts_of).await?)
}

/// Refreshes until nothing is pending; returns how many dossiers were refreshed.
pub async fn refresh_all(app: &App) -> Result<usize> {
    let mut total = 0;
    loop {
        let n = refresh(app).await?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}
