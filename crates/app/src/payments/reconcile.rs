//! Reconciliation: the gateway's notification may never come, so attempts still pending
//! after a while are asked about (`querydr`) and settled from the verified answer; those
//! the gateway never completed expire once their time is up.

use std::net::{IpAddr, Ipv4Addr};

use motcua_domain::payment::{AttemptStatus, expire};
use motcua_storage::{PaymentRecord, Settlement};
use motcua_vnpay::{Merchant, QueryParams};
use rand::RngCore;
use time::OffsetDateTime;

use super::gateway::{apply_report, merchant};
use crate::{App, AppError, Result};

/// Attempts looked at per run.
const BATCH: i64 = 50;

/// One run: asks the gateway about every due attempt and settles what it can. Returns how
/// many attempts changed. Safe with several processes (settling is conditional).
pub async fn reconcile_once(app: &App, http: &reqwest::Client) -> Result<usize> {
    let Some(settings) = app.settings().payments.as_ref() else {
        return Ok(0);
    };
    let merchant = merchant(app)?;
    let now = OffsetDateTime::now_utc();
    let due = app
        .store()
        .payments_to_query(
            now - settings.expiry.first_query_after,
            now - settings.expiry.query_every,
            BATCH,
        )
        .await?;
    let mut changed = 0;
    for rec in due {
        match settle_one(app, http, &merchant, &rec, now).await {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, txn_ref = rec.attempt.txn_ref.as_str(), "reconciliation failed"),
        }
        app.store().mark_payment_queried(rec.id, now).await?;
    }
    Ok(changed)
}

fn request_id() -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn settle_one(
    app: &App,
    http: &reqwest::Client,
    merchant: &Merchant,
    rec: &PaymentRecord,
    now: OffsetDateTime,
) -> Result<bool> {
    let params = QueryParams {
        request_id: &request_id(),
        txn_ref: &rec.attempt.txn_ref,
        transaction_date: rec.attempt.created_at,
        create_date: now,
        ip_addr: IpAddr::V4(Ipv4Addr::LOCALHOST),
        order_info: "Truy van giao dich",
    };
    let req = merchant
        .querydr_request(&params)
        .map_err(|e| AppError::Internal(format!("querydr request: {}", e.code())))?;
    let body = http
        .post(&req.url)
        .header("content-type", "application/json")
        .body(req.body)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| AppError::Internal(format!("gateway unreachable: {e}")))?
        .text()
        .await
        .map_err(|e| AppError::Internal(format!("gateway answer: {e}")))?;
    let answer = merchant
        .verify_querydr_response(&body)
        .map_err(|e| AppError::Internal(format!("gateway answer refused: {}", e.code())))?;
    let code = app
        .store()
        .dossier(rec.dossier())
        .await?
        .map(|d| d.code)
        .ok_or(AppError::NotFound)?;
    if let Some(report) = answer.to_report() {
        return Ok(matches!(
            apply_report(app, &report, &code, now).await?,
            Ok(super::gateway::Applied::Stored)
        ));
    }
    // Not completed at the gateway: give it up once its time is over.
    let Ok(expired) = expire(&rec.attempt, now) else {
        return Ok(false);
    };
    let s = Settlement {
        id: rec.id,
        before: AttemptStatus::Pending,
        after: &expired,
        method: rec.method,
        dossier_code: &code,
        actor: None,
        now,
    };
    Ok(app.store().settle_payment(&s).await?)
}
