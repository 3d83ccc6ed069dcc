//! The merchant's side of the gateway, and settling an attempt from a verified report so
//! that races between the notification, the reconciliation job and other processes can
//! neither pay a dossier twice nor lose an outcome.

use motcua_domain::payment::{GatewayReport, PaymentError, record_report};
use motcua_storage::{Settlement, StorageError};
use motcua_vnpay::Merchant;
use time::OffsetDateTime;

use crate::{App, AppError, Result};

/// The merchant of this installation; `Unavailable` when online payment is not set up.
pub(super) fn merchant(app: &App) -> Result<Merchant> {
    let s = app
        .settings()
        .payments
        .as_ref()
        .ok_or(AppError::Unavailable("payments"))?;
    Ok(Merchant::new(s.keys.clone(), &s.gateway_url))
}

/// What applying a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Applied {
    /// The attempt changed and was stored.
    Stored,
    /// Nothing to change (a failure confirmed for an expired attempt).
    Unchanged,
}

/// Applies a verified report to the attempt under its reference, re-reading and deciding
/// again when another process changed the attempt or paid the dossier meanwhile.
pub(super) async fn apply_report(
    app: &App,
    report: &GatewayReport,
    dossier_code: &str,
    now: OffsetDateTime,
) -> Result<std::result::Result<Applied, PaymentError>> {
    for _ in 0..4 {
        let Some(rec) = app.store().payment_by_txn_ref(&report.txn_ref).await? else {
            return Err(AppError::NotFound);
        };
        let siblings: Vec<_> = app
            .store()
            .payments_of(rec.dossier())
            .await?
            .into_iter()
            .map(|p| p.attempt)
            .collect();
        let recorded = match record_report(&rec.attempt, report, &siblings, now) {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        if !recorded.changed {
            return Ok(Ok(Applied::Unchanged));
        }
        let s = Settlement {
            id: rec.id,
            before: rec.attempt.status,
            after: &recorded.attempt,
            method: rec.method,
            dossier_code,
            actor: None,
            now,
        };
        match app.store().settle_payment(&s).await {
            Ok(true) => return Ok(Ok(Applied::Stored)),
            // Settled by someone else, or the dossier got paid by another attempt: decide
            // again on what is stored now.
            Ok(false) | Err(StorageError::Conflict("already_paid")) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Internal("payment settlement kept racing".into()))
}
