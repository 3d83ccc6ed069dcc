//! The receipt of a paid fee (biên lai thu phí, lệ phí) as PDF, for those who may read the
//! dossier.

use motcua_domain::account::Principal;
use motcua_domain::ids::PaymentId;
use motcua_domain::payment::{AttemptStatus, PaymentMethod, format_vnd, in_words};
use motcua_forms as forms;

use crate::dossiers::forms::{Pdf, actor_name, clock, header, render};
use crate::dossiers::readable;
use crate::{App, AppError, Result};

/// `8.000` (đồng without the unit: the table's header says it).
fn amount(dong: i64) -> String {
    format_vnd(dong).trim_end_matches(" đ").to_owned()
}

fn method_text(m: PaymentMethod) -> &'static str {
    match m {
        PaymentMethod::Vnpay => "Thanh toán trực tuyến qua cổng thanh toán VNPay",
        PaymentMethod::Cash => "Tiền mặt",
        PaymentMethod::Transfer => "Chuyển khoản",
    }
}

/// The receipt of payment `id` of dossier `code` (only a paid attempt has one).
pub async fn receipt(app: &App, who: &Principal, code: &str, id: PaymentId) -> Result<Pdf> {
    let d = readable(app, who, code).await?;
    let rec = app
        .store()
        .payments_of(d.id)
        .await?
        .into_iter()
        .find(|p| p.id == id && p.attempt.status == AttemptStatus::Paid)
        .ok_or(AppError::NotFound)?;
    let number = rec.receipt_no.clone().unwrap_or_default();
    let procedure = app
        .catalogue()
        .by_id(d.procedure_id)
        .map(|e| e.procedure.name.clone())
        .unwrap_or_default();
    let lines = d
        .fee_quote
        .as_ref()
        .and_then(|q| q.get("lines"))
        .and_then(|l| l.as_array())
        .map(|lines| {
            lines
                .iter()
                .map(|l| forms::FeeLine {
                    description: l["description"].as_str().unwrap_or("").to_owned(),
                    quantity: l["quantity"].as_u64().and_then(|q| u32::try_from(q).ok()).unwrap_or(1),
                    unit_amount: amount(l["unit_amount_vnd"].as_i64().unwrap_or(0)),
                    total: amount(l["total_vnd"].as_i64().unwrap_or(0)),
                    waived: l["waived"].as_bool().unwrap_or(false),
                })
                .collect()
        })
        .unwrap_or_default();
    let paid_at = rec
        .attempt
        .receipt
        .as_ref()
        .and_then(|r| r.paid_at)
        .or(rec.attempt.settled_at)
        .map(clock)
        .unwrap_or_default();
    let data = forms::FeeReceipt {
        header: header(app, d.receiving_agency_id, number.clone()),
        number,
        payer: d.applicant.full_name.clone(),
        payer_address: d.applicant.address.clone(),
        dossier_code: d.code.clone(),
        procedure,
        lines,
        total: amount(rec.attempt.amount.dong()),
        total_words: in_words(rec.attempt.amount.dong()),
        method: method_text(rec.method).to_owned(),
        transaction: rec
            .attempt
            .receipt
            .as_ref()
            .map(|r| r.transaction_no.clone())
            .unwrap_or_default(),
        paid_at,
        collector: if rec.method.is_counter() {
            actor_name(app, rec.recorded_by).await
        } else {
            String::new()
        },
    };
    Ok(Pdf {
        bytes: render(app, forms::Form::FeeReceipt, data).await?,
        file_name: format!("bien-lai-{}.pdf", rec.attempt.txn_ref),
    })
}
