//! The gateway's notification (IPN): verified, then applied to the attempt, answered with
//! the protocol's exact code. The only way (with reconciliation) an online payment settles.

use motcua_domain::payment::PaymentError;
use motcua_vnpay::{IpnAnswer, IpnCode, ipn};
use time::OffsetDateTime;

use super::gateway::{apply_report, merchant};
use crate::{App, AppError};

/// Handles one IPN call (`raw_query` is the query string as received) and returns the JSON
/// answer the gateway expects: `97` bad signature, `01` unknown order, `04` wrong amount,
/// `02` already settled, `00` recorded, `99` anything else. Logged without personal data.
pub async fn handle_ipn(app: &App, raw_query: &str) -> IpnAnswer {
    let answer = decide(app, raw_query).await;
    tracing::info!(rsp_code = answer.rsp_code(), "payment notification answered");
    answer
}

async fn decide(app: &App, raw_query: &str) -> IpnAnswer {
    let Ok(merchant) = merchant(app) else {
        return IpnAnswer::of(IpnCode::UnknownError);
    };
    let n = match ipn::verify(&merchant, raw_query) {
        Ok(n) => n,
        Err(answer) => return answer,
    };
    let code = match app.store().payment_by_txn_ref(&n.txn_ref).await {
        Ok(Some(rec)) => match app.store().dossier(rec.dossier()).await {
            Ok(Some(d)) => d.code,
            Ok(None) => return IpnAnswer::of(IpnCode::OrderNotFound),
            Err(e) => return failed(&AppError::from(e)),
        },
        Ok(None) => return IpnAnswer::of(IpnCode::OrderNotFound),
        Err(e) => return failed(&AppError::from(e)),
    };
    match apply_report(app, &n.to_report(), &code, OffsetDateTime::now_utc()).await {
        Ok(Ok(_)) => IpnAnswer::of(IpnCode::ConfirmSuccess),
        Ok(Err(PaymentError::AmountMismatch { .. })) => IpnAnswer::of(IpnCode::InvalidAmount),
        Ok(Err(PaymentError::AlreadySettled(_))) => IpnAnswer::of(IpnCode::AlreadyConfirmed),
        Ok(Err(_)) => IpnAnswer::of(IpnCode::UnknownError),
        Err(AppError::NotFound) => IpnAnswer::of(IpnCode::OrderNotFound),
        Err(e) => failed(&e),
    }
}

fn failed(e: &AppError) -> IpnAnswer {
    tracing::error!(error = %e, "payment notification failed");
    IpnAnswer::of(IpnCode::UnknownError)
}
