//! Reading payment attempts.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use motcua_domain::ids::{DossierId, PaymentId, UserId};
use motcua_domain::payment::{AttemptStatus, GatewayReceipt, Money, PaymentAttempt, PaymentMethod, TxnRef};

use super::PaymentRecord;
use crate::dossiers::row::opt_time;
use crate::{Result, StorageError, Store, from_ms, to_ms};

pub(super) const COLUMNS: &str = "id, dossier_id, txn_ref, method, amount, status, created_at, pay_before, expires_at, \
    settled_at, last_queried_at, response_code, transaction_no, bank_code, gateway_paid_at, recorded_by, receipt_no";

pub(super) fn from_row(r: &AnyRow) -> Result<PaymentRecord> {
    let status: String = r.try_get("status")?;
    let method: String = r.try_get("method")?;
    let txn_ref: String = r.try_get("txn_ref")?;
    let receipt = r
        .try_get::<Option<String>, _>("response_code")?
        .map(|response_code| -> Result<GatewayReceipt> {
            Ok(GatewayReceipt {
                response_code,
                transaction_no: r.try_get::<Option<String>, _>("transaction_no")?.unwrap_or_default(),
                bank_code: r.try_get::<Option<String>, _>("bank_code")?.unwrap_or_default(),
                paid_at: opt_time(r, "gateway_paid_at")?,
            })
        })
        .transpose()?;
    Ok(PaymentRecord {
        id: PaymentId(r.try_get("id")?),
        attempt: PaymentAttempt {
            txn_ref: TxnRef::parse(&txn_ref).map_err(|_| StorageError::Corrupt(format!("txn_ref {txn_ref}")))?,
            dossier: DossierId(r.try_get("dossier_id")?),
            amount: Money::from_dong(r.try_get("amount")?),
            status: AttemptStatus::parse(&status)
                .ok_or_else(|| StorageError::Corrupt(format!("payment status {status}")))?,
            created_at: from_ms(r.try_get("created_at")?),
            pay_before: from_ms(r.try_get("pay_before")?),
            expires_at: from_ms(r.try_get("expires_at")?),
            settled_at: opt_time(r, "settled_at")?,
            receipt,
        },
        method: PaymentMethod::parse(&method)
            .ok_or_else(|| StorageError::Corrupt(format!("payment method {method}")))?,
        last_queried_at: opt_time(r, "last_queried_at")?,
        recorded_by: r.try_get::<Option<i64>, _>("recorded_by")?.map(UserId),
        receipt_no: r.try_get("receipt_no")?,
    })
}

impl Store {
    /// A dossier's attempts, oldest first.
    pub async fn payments_of(&self, dossier: DossierId) -> Result<Vec<PaymentRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM payment_attempts WHERE dossier_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(dossier.get())
            .fetch_all(&self.write)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The attempt with this order reference.
    pub async fn payment_by_txn_ref(&self, txn_ref: &TxnRef) -> Result<Option<PaymentRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM payment_attempts WHERE txn_ref = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(txn_ref.as_str())
            .fetch_optional(&self.write)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Online attempts still pending that the gateway should be asked about now: created
    /// before `created_before` and not asked since `queried_before` (oldest first).
    pub async fn payments_to_query(
        &self,
        created_before: OffsetDateTime,
        queried_before: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<PaymentRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM payment_attempts WHERE status = 'pending' AND method = 'vnpay' \
             AND created_at < $1 AND (last_queried_at IS NULL OR last_queried_at < $2) ORDER BY created_at, id LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(to_ms(created_before))
            .bind(to_ms(queried_before))
            .bind(limit)
            .fetch_all(&self.write)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Notes that the gateway was asked about an attempt.
    pub async fn mark_payment_queried(&self, id: PaymentId, at: OffsetDateTime) -> Result<()> {
        sqlx::query("UPDATE payment_attempts SET last_queried_at = $1 WHERE id = $2")
            .bind(to_ms(at))
            .bind(id.get())
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
