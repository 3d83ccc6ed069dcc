//! Background jobs, each safe with several `motcua serve` / `motcua worker` processes on
//! one database: the overdue sweep claims each dossier with a conditional update, the
//! refresh job only reads, the index job claims the dossiers changed since (deleting their
//! pending row, which one transaction only can do), the delivery job claims outbox events
//! and deliveries under a lease, and payment reconciliation settles attempts conditionally.
//! `spawn` starts them all; `serve` and `worker` call it, and `stop` at the end.

mod deliveries;
mod documents;
mod overdue;
mod refresh;

pub use deliveries::run_deliveries;
pub use documents::keep_documents;
pub use overdue::sweep_overdue;
pub use refresh::refresh_snapshots;

use tokio::task::JoinHandle;

use crate::App;

/// How often the Decision-766 index counters take in the dossiers changed since (readings
/// also bring them up to date first).
const INDEX_REFRESH: std::time::Duration = std::time::Duration::from_secs(1);

/// Starts every job; they run until `stop` (or the end of the process).
pub fn spawn(app: &App) -> Vec<JoinHandle<()>> {
    let overdue = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(app.settings().overdue_scan);
            let mut stopping = app.stopping();
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopping.changed() => break,
                }
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
            let mut stopping = app.stopping();
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopping.changed() => break,
                }
                refresh_snapshots(&app).await;
            }
        })
    };
    let documents = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(app.settings().overdue_scan);
            let mut stopping = app.stopping();
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopping.changed() => break,
                }
                match keep_documents(&app).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(dossiers = n, "kept accepted components in applicants' stores"),
                    Err(e) => tracing::warn!(error = %e, "keeping accepted components failed"),
                }
            }
        })
    };
    let index = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(INDEX_REFRESH);
            let mut stopping = app.stopping();
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopping.changed() => break,
                }
                match crate::index::refresh_all(&app).await {
                    Ok(0) => {}
                    Ok(n) => tracing::debug!(dossiers = n, "index counters refreshed"),
                    Err(e) => tracing::warn!(error = %e, "index refresh failed"),
                }
            }
        })
    };
    let deliveries = tokio::spawn(run_deliveries(app.clone()));
    let mut jobs = vec![overdue, refresh, documents, index, deliveries];
    if app.settings().payments.is_some() {
        let app = app.clone();
        jobs.push(tokio::spawn(async move {
            let http = reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .unwrap_or_default();
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            let mut stopping = app.stopping();
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopping.changed() => break,
                }
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

/// Stops the jobs: asks them to stop (each ends between rounds, so the delivery job records
/// every send it began), waits up to `grace`, then aborts whatever still runs.
pub async fn stop(app: &App, jobs: Vec<JoinHandle<()>>, grace: std::time::Duration) {
    app.stop();
    let deadline = tokio::time::Instant::now() + grace;
    for mut job in jobs {
        if tokio::time::timeout_at(deadline, &mut job).await.is_err() {
            job.abort();
        }
    }
}
