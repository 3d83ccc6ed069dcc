//! Records, once per dossier, that it passed its appointment (history line + outbox event).

use crate::{App, Result};

/// One sweep: at most 500 dossiers; returns how many this process recorded.
pub async fn sweep_overdue(app: &App) -> Result<usize> {
    Ok(app.store().record_overdue(time::OffsetDateTime::now_utc(), 500).await?)
}
