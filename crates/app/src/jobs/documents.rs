//! Keeps the accepted components of received dossiers in their applicants' stores when
//! reception did not (a failure right after it, dossiers received before the store existed).
//! Each dossier is claimed with a conditional update, so several nodes may run it.

use crate::{App, Result};

/// Dossiers handled per pass.
const BATCH: i64 = 200;

/// One pass; returns how many dossiers it handled.
pub async fn keep_documents(app: &App) -> Result<usize> {
    crate::documents::keep_pending(app, BATCH).await
}
