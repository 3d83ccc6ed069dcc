//! Background jobs, each safe with several `motcua serve` / `motcua worker` processes on
//! one database: the overdue sweep claims each dossier with a conditional update, and the
//! refresh job only reads, payment reconciliation settles attempts conditionally. `spawn` starts them all; `serve` and `worker` call it.

mod documents;
mod overdue;
mod refresh;

pub use documents::keep_documents;
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
    let documents = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(app.settings().overdue_scan);
            loop {
                tick.tick().await;
                match keep_documents(&app).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(dossiers = n, "kept accepted components in applicants' stores"),
                    Err(e) => tracing::warn!(error = %e, "keeping accepted components failed"),
                }
            }
        })
    };
    let mut jobs = vec![overdue, refresh, documents];
    if app.settings().payments.is_some() {
        let app = app.clone();
        jobs.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .unwrap_or_default();
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                match crate::payments::reconcile_once(&app, &http).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(attempts = n, "settled payments from the gateway's records"),
                    Err(e) => tracing::warn!(error = %e, "payment reconciliation failed"),
                }
            }
        }));
    }
    jobs
}
