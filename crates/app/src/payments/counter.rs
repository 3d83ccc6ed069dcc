//! Payments taken at the counter (cash, or a bank transfer the officer checked), with the
//! receipt's number.

use motcua_domain::account::{Principal, Role};
use motcua_domain::ids::PaymentId;
use motcua_domain::payment::{AttemptStatus, PaymentAttempt, PaymentError, PaymentMethod, TxnRef};
use motcua_storage::{NewPayment, StorageError};
use time::OffsetDateTime;

use crate::dossiers::readable;
use crate::{App, AppError, Result};

/// Records that the applicant of dossier `code` paid its fee at the counter by `method`.
/// One-stop officers of the receiving agency only. Returns the payment and its receipt
/// number.
pub async fn record_counter(
    app: &App,
    who: &Principal,
    code: &str,
    method: PaymentMethod,
) -> Result<(PaymentId, String)> {
    if !method.is_counter() {
        return Err(AppError::invalid("method", "invalid_choice"));
    }
    let d = readable(app, who, code).await?;
    if !who.holds(Role::OneStopOfficer, d.receiving_agency_id, None) {
        return Err(AppError::Forbidden);
    }
    if d.state.status.is_final() {
        return Err(AppError::Workflow(motcua_domain::dossier::WorkflowError::WrongStatus(
            d.state.status,
        )));
    }
    let Some(amount) = d.state.payment_due() else {
        let paid = d.state.fee.is_some_and(|f| f.paid);
        return Err(if paid {
            PaymentError::AlreadyPaid
        } else {
            PaymentError::NothingToPay
        }
        .into());
    };
    let now = OffsetDateTime::now_utc();
    let n = app.store().payments_of(d.id).await?.len().saturating_add(1);
    let attempt = PaymentAttempt {
        txn_ref: TxnRef::parse(&format!("D{}Q{n}T{}", d.id.get(), now.unix_timestamp()))?,
        dossier: d.id,
        amount,
        status: AttemptStatus::Paid,
        created_at: now,
        pay_before: now,
        expires_at: now,
        settled_at: Some(now),
        receipt: None,
    };
    let new = NewPayment {
        attempt: &attempt,
        method,
        dossier_code: &d.code,
        actor: Some(who.user_id),
    };
    match app.store().record_counter_payment(&new, now).await {
        Ok(done) => Ok(done),
        Err(StorageError::Conflict("already_paid")) => Err(PaymentError::AlreadyPaid.into()),
        Err(e) => Err(e.into()),
    }
}
