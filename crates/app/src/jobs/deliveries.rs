//! The delivery job: fan-out, delivery and the daily digest, round after round; it sleeps
//! `poll` when a round found nothing. It stops between rounds when the application is asked
//! to stop (`jobs::stop`), so a send that began is always recorded.

use std::time::Duration;

use crate::App;
use crate::notifications::{deliver_due, fan_out, send_digests};

/// How often the digest is looked at.
const DIGEST_EVERY: Duration = Duration::from_secs(60);

/// Runs until the application is asked to stop.
pub async fn run_deliveries(app: App) {
    let poll = app.settings().notifications.poll;
    let mut digest_at = tokio::time::Instant::now();
    let mut stopping = app.stopping();
    while !*stopping.borrow() {
        let fanned = fan_out(&app).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "notification fan-out failed");
            0
        });
        let sent = deliver_due(&app).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "notification delivery failed");
            0
        });
        if tokio::time::Instant::now() >= digest_at {
            digest_at = tokio::time::Instant::now() + DIGEST_EVERY;
            match send_digests(&app, time::OffsetDateTime::now_utc()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(officers = n, "officers' digest sent"),
                Err(e) => tracing::warn!(error = %e, "officers' digest failed"),
            }
        }
        if fanned == 0 && sent == 0 {
            tokio::select! {
                () = tokio::time::sleep(poll) => {}
                _ = stopping.changed() => {}
            }
        }
    }
}
