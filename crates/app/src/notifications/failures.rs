//! For system administrators: deliveries that failed (with the error's code and what the
//! peer said), counts by state, and putting one failed delivery back in the queue.

use motcua_domain::account::Principal;
use motcua_domain::ids::DeliveryId;
use motcua_storage::{DeliveryRecord, DeliveryState};
use time::OffsetDateTime;

use crate::{App, AppError, Result};

/// Most failures listed.
const LIST_MAX: i64 = 200;

/// What the administrators' page shows.
#[derive(Debug, Clone)]
pub struct DeliveryOverview {
    /// Deliveries per state.
    pub counts: Vec<(DeliveryState, i64)>,
    /// Failed deliveries, most recent first.
    pub failed: Vec<DeliveryRecord>,
    /// Outbox events waiting for the fan-out.
    pub backlog: i64,
}

fn authorise(who: &Principal) -> Result<()> {
    if who.is_system_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The failures and counts; system administrators only.
pub async fn deliveries_overview(app: &App, who: &Principal) -> Result<DeliveryOverview> {
    authorise(who)?;
    let store = app.store();
    Ok(DeliveryOverview {
        counts: store.delivery_counts().await?,
        failed: store.deliveries_in(DeliveryState::Failed, LIST_MAX).await?,
        backlog: store.outbox_backlog().await?,
    })
}

/// Puts a failed delivery back in the queue (due now, attempts from zero); system
/// administrators only. `Conflict("state")` when it is not failed (any more).
pub async fn retry_delivery(app: &App, who: &Principal, id: DeliveryId) -> Result<()> {
    authorise(who)?;
    if app.store().delivery(id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if app
        .store()
        .retry_delivery(id, who.user_id, OffsetDateTime::now_utc())
        .await?
    {
        tracing::info!(delivery = id.get(), "delivery put back in the queue");
        Ok(())
    } else {
        Err(AppError::Conflict("state"))
    }
}
