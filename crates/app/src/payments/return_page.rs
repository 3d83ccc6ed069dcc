//! The payer's return from the gateway: verified and explained, never recorded (the
//! gateway's notification records; it may come before or after this page, or the
//! reconciliation job settles it).

use motcua_domain::payment::{AttemptStatus, Money};
use motcua_vnpay::Locale;
use motcua_vnpay::response_code::{ReturnOutcome, classify, explain};

use super::gateway::merchant;
use crate::{App, Result};

/// What the return page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// The dossier paid for.
    pub dossier_code: String,
    pub amount: Money,
    /// What the gateway told the browser.
    pub outcome: ReturnOutcome,
    /// The gateway's explanation of its response code, in the page's language.
    pub explanation: &'static str,
    /// The attempt as recorded now (`Pending` until the gateway's notification arrives).
    pub recorded: AttemptStatus,
}

/// Reads the return query. `Ok(None)` when it is not a genuine answer of the gateway about
/// one of our attempts (bad signature, unknown reference): the page says so and nothing
/// else.
pub async fn read_return(app: &App, raw_query: &str, locale: Locale) -> Result<Option<Returned>> {
    let merchant = merchant(app)?;
    let Ok(n) = merchant.verify_notification(raw_query) else {
        return Ok(None);
    };
    let Some(rec) = app.store().payment_by_txn_ref(&n.txn_ref).await? else {
        return Ok(None);
    };
    let Some(d) = app.store().dossier(rec.dossier()).await? else {
        return Ok(None);
    };
    Ok(Some(Returned {
        dossier_code: d.code,
        amount: rec.attempt.amount,
        outcome: classify(&n.response_code),
        explanation: explain(&n.response_code, locale),
        recorded: rec.attempt.status,
    }))
}
