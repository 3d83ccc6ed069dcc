//! Bringing the index counters up to date with the dossiers' histories.

use motcua_domain::index766::{DossierFacts, DossierHeader, StatutoryLimit};
use motcua_storage::IndexSource;

use crate::{App, AppError, Result};

/// Dossiers per refresh transaction.
const BATCH: i64 = 500;

/// Refreshes one batch of pending dossiers; returns how many were refreshed (0: none pending).
/// A dossier of a procedure this process does not know yet (added by another node) reloads
/// the catalogue and tries again.
pub async fn refresh(app: &App) -> Result<usize> {
    match refresh_once(app).await {
        Err(AppError::Conflict("index_reference")) => {
            app.refresh_catalogue().await?;
            refresh_once(app).await
        }
        other => other,
    }
}

async fn refresh_once(app: &App) -> Result<usize> {
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
    refresh_up_to(app, usize::MAX).await
}

/// Refreshes at most `batches` batches (a reading does not take on a whole backlog: after a
/// bulk change the job catches up).
pub(crate) async fn refresh_up_to(app: &App, batches: usize) -> Result<usize> {
    let mut total = 0;
    for _ in 0..batches {
        let n = refresh(app).await?;
        if n == 0 {
            break;
        }
        total += n;
    }
    Ok(total)
}
