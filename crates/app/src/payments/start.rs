//! Starting an online payment: a new attempt (one order at the gateway) for the amount the
//! dossier owes, and the signed address the payer's browser goes to.

use std::net::IpAddr;

use motcua_domain::account::Principal;
use motcua_domain::ids::PaymentId;
use motcua_domain::payment::{Money, PaymentError, PaymentMethod, TxnRef, open_attempt};
use motcua_storage::{NewPayment, StorageError};
use motcua_vnpay::{Locale, PayParams};
use time::OffsetDateTime;

use super::gateway::merchant;
use crate::dossiers::readable;
use crate::{App, AppError, Result};

/// Where the gateway sends the payer back (under the portal's public address).
pub const RETURN_PATH: &str = "/thanh-toan/vnpay/ket-qua";

/// A started attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub id: PaymentId,
    pub txn_ref: TxnRef,
    pub amount: Money,
    /// The gateway's payment page, signed.
    pub redirect_url: String,
}

/// Starts paying the fee of dossier `code` online. Only its applicant may; the dossier must
/// owe a fee and be open. `ip` is the payer's address (the gateway wants it).
pub async fn start_online(app: &App, who: &Principal, code: &str, ip: IpAddr, locale: Locale) -> Result<Started> {
    let merchant = merchant(app)?;
    let d = readable(app, who, code).await?;
    if d.state.applicant_id != Some(who.user_id) {
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
    let policy = app.settings().payments.as_ref().map(|p| p.expiry).unwrap_or_default();
    let public_url = &app.settings().public_url;
    let return_url = format!("{public_url}{RETURN_PATH}");
    let order_info = format!("Thanh toan phi ho so {}", d.code);
    for _ in 0..3 {
        let existing: Vec<_> = app
            .store()
            .payments_of(d.id)
            .await?
            .into_iter()
            .map(|p| p.attempt)
            .collect();
        let now = OffsetDateTime::now_utc();
        let n = u32::try_from(existing.len()).unwrap_or(u32::MAX).saturating_add(1);
        // The time keeps references unique at the gateway even across reinstallations.
        let txn_ref = TxnRef::parse(&format!("D{}A{n}T{}", d.id.get(), now.unix_timestamp()))?;
        let attempt = open_attempt(d.id, txn_ref, amount, &existing, now, &policy)?;
        let new = NewPayment {
            attempt: &attempt,
            method: PaymentMethod::Vnpay,
            dossier_code: &d.code,
            actor: Some(who.user_id),
        };
        let id = match app.store().insert_payment(&new).await {
            Ok(id) => id,
            // Another attempt was opened at the same moment: take the next number.
            Err(StorageError::Conflict("txn_ref")) => continue,
            Err(e) => return Err(e.into()),
        };
        let params = PayParams::for_attempt(&attempt, &order_info, locale, &return_url, ip);
        let redirect_url = merchant
            .pay_url(&params)
            .map_err(|e| AppError::Internal(format!("pay request: {}", e.code())))?;
        return Ok(Started {
            id,
            txn_ref: attempt.txn_ref,
            amount,
            redirect_url,
        });
    }
    Err(AppError::Conflict("txn_ref"))
}
