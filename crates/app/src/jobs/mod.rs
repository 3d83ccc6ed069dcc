//! Background jobs, each safe with several `motcua serve` / `motcua worker` processes on
//! one database: the overdue sweep claims each dossier with a conditional update, and the
//! refresh job only reads. `spawn` starts them all; `serve` and `worker` call it.

mod overdue;
mod refresh;

pub use overdue::sweep_overdue;
pub use refresh::refresh_snapshots;

use tokio::task::JoinHandle;

use crate::App;

/// Starts every job; they run until the process ends.
pub fn spawn(app: &App) -> Vec<JoinHandle<()>> {
    let overdue = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(app.settings().overdue_scan);
            loop {
                tick.tick().await;
                match sweep_overdue(&app).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(dossiers = n, "recorded overdue dossiers"),
                    Err(e) => tracing::warn!(error = %e, "overdue sweep failed"),
                }
            }
        })
    };
    let refresh = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(app.settings().catalogue_poll);
            loop {
                tick.tick().await;
                refresh_snapshots(&app).await;
            }
        })
    };
    vec![overdue, refresh]
}
