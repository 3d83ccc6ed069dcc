//! Writing payment attempts: opening one, settling one (with the dossier marked paid, the
//! outbox event and the audit record in the same transaction), and recording a payment
//! taken at the counter.

use serde_json::json;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use motcua_domain::ids::{DossierId, PaymentId, UserId};
use motcua_domain::payment::{AttemptStatus, PaymentAttempt, PaymentMethod};

use crate::dossiers::outbox_in;
use crate::{Result, StorageError, Store, audit, to_ms};

/// An attempt to store.
pub struct NewPayment<'a> {
    pub attempt: &'a PaymentAttempt,
    pub method: PaymentMethod,
    /// The dossier's code (outbox events and audit records name dossiers by code).
    pub dossier_code: &'a str,
    /// The officer recording a counter payment; the payer (or nobody) for an online one.
    pub actor: Option<UserId>,
}

/// A settled attempt to store: `after` replaces the attempt if it is still `before`.
pub struct Settlement<'a> {
    pub id: PaymentId,
    pub before: AttemptStatus,
    pub after: &'a PaymentAttempt,
    pub method: PaymentMethod,
    pub dossier_code: &'a str,
    pub actor: Option<UserId>,
    pub now: OffsetDateTime,
}

/// The receipt number (biên lai) of a paid attempt: year and row id, unique and in order.
fn receipt_no(id: i64, at: OffsetDateTime) -> String {
    format!("BL{}-{id:06}", at.to_offset(motcua_domain::calendar::VIETNAM).year())
}

/// The outbox topic of a settlement, if it is one people are told about.
fn topic(status: AttemptStatus) -> Option<&'static str> {
    match status {
        AttemptStatus::Paid => Some("payment.paid"),
        AttemptStatus::Failed => Some("payment.failed"),
        AttemptStatus::RefundDue => Some("payment.refund_due"),
        AttemptStatus::Pending | AttemptStatus::Expired => None,
    }
}

async fn mark_dossier_paid(conn: &mut AnyConnection, dossier: DossierId, now: OffsetDateTime) -> Result<()> {
    let done =
        sqlx::query("UPDATE dossiers SET fee_paid_at = $1, updated_at = $1 WHERE id = $2 AND fee_paid_at IS NULL")
            .bind(to_ms(now))
            .bind(dossier.get())
            .execute(conn)
            .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StorageError::Conflict("already_paid"))
    }
}

/// Outbox event and audit record of a settled attempt.
async fn tell(conn: &mut AnyConnection, s: &Settlement<'_>, receipt: Option<&str>) -> Result<()> {
    let a = s.after;
    let payload = json!({
        "txn_ref": a.txn_ref.as_str(),
        "amount": a.amount.dong(),
        "method": s.method.as_str(),
        "status": a.status.as_str(),
    });
    if let Some(t) = topic(a.status) {
        outbox_in(conn, t, s.dossier_code, payload.clone(), s.now).await?;
    }
    let detail = json!({
        "txn_ref": a.txn_ref.as_str(),
        "amount": a.amount.dong(),
        "method": s.method.as_str(),
        "receipt_no": receipt,
        "response_code": a.receipt.as_ref().map(|r| r.response_code.as_str()),
    });
    audit::record(
        conn,
        s.actor,
        &format!("payment.{}", a.status.as_str()),
        ("dossier", s.dossier_code),
        detail,
    )
    .await
}

impl Store {
    /// Stores a new attempt; `Conflict("txn_ref")` if the reference is taken.
    pub async fn insert_payment(&self, p: &NewPayment<'_>) -> Result<PaymentId> {
        let a = p.attempt;
        let mut tx = self.write.begin().await?;
        let id = insert_in(&mut tx, p).await?;
        audit::record(
            &mut tx,
            p.actor,
            "payment.start",
            ("dossier", p.dossier_code),
            json!({"txn_ref": a.txn_ref.as_str(), "amount": a.amount.dong(), "method": p.method.as_str()}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Settles an attempt if it is still in the state `s.before` (`Ok(false)`, nothing
    /// written, if another process settled it first). A paid attempt marks the dossier paid
    /// in the same transaction; `Conflict("already_paid")` if the dossier is paid already
    /// (by another attempt), and nothing is written.
    pub async fn settle_payment(&self, s: &Settlement<'_>) -> Result<bool> {
        let a = s.after;
        let paid = a.status == AttemptStatus::Paid;
        let receipt = paid.then(|| receipt_no(s.id.get(), s.now));
        let r = a.receipt.as_ref();
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE payment_attempts SET status = $1, settled_at = $2, response_code = $3, transaction_no = $4, \
             bank_code = $5, gateway_paid_at = $6, receipt_no = $7 WHERE id = $8 AND status = $9",
        )
        .bind(a.status.as_str())
        .bind(a.settled_at.map(to_ms))
        .bind(r.map(|r| r.response_code.as_str()))
        .bind(r.map(|r| r.transaction_no.as_str()))
        .bind(r.map(|r| r.bank_code.as_str()))
        .bind(r.and_then(|r| r.paid_at).map(to_ms))
        .bind(receipt.as_deref())
        .bind(s.id.get())
        .bind(s.before.as_str())
        .execute(&mut *tx)
        .await
        .map_err(StorageError::unique("already_paid"))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        if paid {
            mark_dossier_paid(&mut tx, a.dossier, s.now).await?;
        }
        tell(&mut tx, s, receipt.as_deref()).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Records a payment taken at the counter (cash or transfer): a paid attempt, the
    /// dossier marked paid, the outbox event and the audit record, at once. Returns the
    /// attempt's id and receipt number; `Conflict("already_paid")` if the dossier is paid.
    pub async fn record_counter_payment(&self, p: &NewPayment<'_>, now: OffsetDateTime) -> Result<(PaymentId, String)> {
        let mut tx = self.write.begin().await?;
        let id = insert_in(&mut tx, p).await?;
        let receipt = receipt_no(id.get(), now);
        sqlx::query("UPDATE payment_attempts SET receipt_no = $1 WHERE id = $2")
            .bind(receipt.as_str())
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        mark_dossier_paid(&mut tx, p.attempt.dossier, now).await?;
        let s = Settlement {
            id,
            before: AttemptStatus::Paid,
            after: p.attempt,
            method: p.method,
            dossier_code: p.dossier_code,
            actor: p.actor,
            now,
        };
        tell(&mut tx, &s, Some(&receipt)).await?;
        tx.commit().await?;
        Ok((id, receipt))
    }
}

async fn insert_in(conn: &mut AnyConnection, p: &NewPayment<'_>) -> Result<PaymentId> {
    use sqlx::Row;
    let a = p.attempt;
    let row = sqlx::query(
        "INSERT INTO payment_attempts (dossier_id, txn_ref, method, amount, status, created_at, pay_before, expires_at, \
         settled_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(a.dossier.get())
    .bind(a.txn_ref.as_str())
    .bind(p.method.as_str())
    .bind(a.amount.dong())
    .bind(a.status.as_str())
    .bind(to_ms(a.created_at))
    .bind(to_ms(a.pay_before))
    .bind(to_ms(a.expires_at))
    .bind(a.settled_at.map(to_ms))
    .bind(p.method.is_counter().then_some(p.actor).flatten().map(UserId::get))
    .fetch_one(conn)
    .await
    .map_err(|e| {
        let msg = e.to_string();
        if msg.contains("one_paid") || msg.contains("payment_attempts.dossier_id") {
            StorageError::Conflict("already_paid")
        } else {
            StorageError::unique("txn_ref")(e)
        }
    })?;
    Ok(PaymentId(row.try_get("id")?))
}
