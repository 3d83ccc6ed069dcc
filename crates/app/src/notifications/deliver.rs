//! The delivery loop: claim due rows under a lease, and for each begin the attempt (which
//! fails if the lease was lost), hand the message to its outlet, and record the outcome.
//!
//! Exactly once: a row is sent only by the process holding its lease, and only after the
//! attempt is recorded (`sending`). If that process dies before recording the outcome, the
//! row is claimed again once the lease expires, still `sending`: nobody knows whether the
//! peer took it. E-mail is then sent again with the same `Message-ID`, which mail systems
//! recognise as the same message; an SMS or Zalo message, which would reach the phone twice,
//! is not resent but failed with `outcome_unknown` for an administrator to decide.

use std::sync::Arc;

use motcua_notify::{Outgoing, SendError};
use motcua_storage::{ClaimedDelivery, DeliveryChannel, DeliveryState};
use time::OffsetDateTime;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::backoff::retry_delay;
use super::stored::outgoing;
use crate::{App, Result};

fn lease(app: &App) -> time::Duration {
    time::Duration::try_from(app.settings().notifications.lease).unwrap_or(time::Duration::MINUTE)
}

/// What happened to one claimed row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Sent,
    Retry,
    Failed,
    /// The lease was lost before the attempt: another process has the row.
    Skipped,
}

async fn record_error(app: &App, d: &ClaimedDelivery, e: &SendError, attempts: i64) -> Result<Outcome> {
    let s = &app.settings().notifications;
    let owner = app.worker_id();
    let now = OffsetDateTime::now_utc();
    let tries = u32::try_from(attempts).unwrap_or(u32::MAX);
    let error = (e.code(), e.detail());
    if e.is_transient() && tries < s.max_attempts {
        let wait = retry_delay(tries, s.backoff_base, s.backoff_cap);
        let next = now + time::Duration::try_from(wait).unwrap_or(time::Duration::HOUR);
        tracing::info!(
            delivery = d.id.get(),
            code = e.code(),
            attempts,
            "delivery will be retried"
        );
        app.store().record_retry(d.id, owner, error, next, now).await?;
        Ok(Outcome::Retry)
    } else {
        tracing::warn!(delivery = d.id.get(), code = e.code(), attempts, "delivery failed");
        app.store().record_failure(d.id, owner, error, now).await?;
        Ok(Outcome::Failed)
    }
}

async fn deliver_one(app: &App, d: ClaimedDelivery) -> Result<Outcome> {
    let owner = app.worker_id();
    let msg: Outgoing = match outgoing(&d) {
        Ok(m) => m,
        Err(e) => return record_error(app, &d, &e, d.attempts).await,
    };
    if d.state == DeliveryState::Sending && d.channel != DeliveryChannel::Email {
        let e = SendError::permanent(
            "outcome_unknown",
            "the process sending it stopped before recording whether the peer took it",
        );
        return record_error(app, &d, &e, d.attempts).await;
    }
    let now = OffsetDateTime::now_utc();
    if !app.store().begin_delivery(d.id, owner, now, now + lease(app)).await? {
        return Ok(Outcome::Skipped);
    }
    let attempts = d.attempts.saturating_add(1);
    match app.outlets().send(&msg).await {
        Ok(receipt) => {
            let summary = match &receipt.provider_id {
                Some(id) => format!("{} ({id})", receipt.response),
                None => receipt.response.clone(),
            };
            app.store()
                .record_sent(d.id, owner, &summary, OffsetDateTime::now_utc())
                .await?;
            Ok(Outcome::Sent)
        }
        Err(e) => record_error(app, &d, &e, attempts).await,
    }
}

/// One round of delivery: claims up to `batch` due rows and sends them, at most
/// `concurrency` at once; returns how many rows it handled. Every send started is recorded
/// before this returns.
pub async fn deliver_due(app: &App) -> Result<usize> {
    let s = &app.settings().notifications;
    let now = OffsetDateTime::now_utc();
    let limit = i64::try_from(s.batch.max(1)).unwrap_or(50);
    let claimed = app
        .store()
        .claim_deliveries(app.worker_id(), now, now + lease(app), limit)
        .await?;
    let n = claimed.len();
    let permits = Arc::new(Semaphore::new(s.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    for d in claimed {
        let app = app.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let id = d.id;
            (id, deliver_one(&app, d).await)
        });
    }
    let mut first_error = None;
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok((_, Ok(_))) => {}
            Ok((id, Err(e))) => {
                tracing::warn!(delivery = id.get(), error = %e, "recording a delivery failed");
                first_error.get_or_insert(e);
            }
            Err(e) => tracing::error!(error = %e, "a delivery task stopped"),
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(n),
    }
}
