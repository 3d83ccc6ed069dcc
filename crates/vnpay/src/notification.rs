//! §2: what the gateway reports on the return page and in the IPN call (the same
//! parameters, signed the same way).

use motcua_domain::payment::{GatewayReceipt, GatewayReport, Money, TxnRef};
use time::OffsetDateTime;

use crate::error::VnpayError;
use crate::pay::{Merchant, amount_x100, parse_amount_x100};
use crate::query::{self, VerifiedQuery};
use crate::{credentials::MerchantKeys, datetime};

/// A verified return or IPN notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub tmn_code: String,
    pub txn_ref: TxnRef,
    /// In đồng (the wire value divided by 100).
    pub amount: Money,
    pub bank_code: String,
    pub bank_tran_no: String,
    pub card_type: String,
    pub pay_date: Option<OffsetDateTime>,
    pub order_info: String,
    pub transaction_no: String,
    /// `vnp_ResponseCode`: `00` success, `24` cancelled, `51` insufficient funds, …
    pub response_code: String,
    /// `vnp_TransactionStatus`: `00` success, otherwise not (yet) paid.
    pub transaction_status: String,
}

impl Notification {
    /// Paid iff both the response code and the transaction status are `00`.
    pub fn is_paid(&self) -> bool {
        self.response_code == "00" && self.transaction_status == "00"
    }

    /// The gateway-neutral report the payment attempt records.
    pub fn to_report(&self) -> GatewayReport {
        GatewayReport {
            txn_ref: self.txn_ref.clone(),
            amount: self.amount,
            paid: self.is_paid(),
            receipt: GatewayReceipt {
                response_code: self.response_code.clone(),
                transaction_no: self.transaction_no.clone(),
                bank_code: self.bank_code.clone(),
                paid_at: if self.is_paid() { self.pay_date } else { None },
            },
        }
    }

    /// Reads the fields of an already verified query.
    pub fn from_verified(q: &VerifiedQuery) -> Result<Notification, VnpayError> {
        let text = |k: &str| q.get(k).unwrap_or_default().to_owned();
        let pay_date = match q.get("vnp_PayDate") {
            None => None,
            Some(d) => Some(datetime::parse(d).ok_or(VnpayError::InvalidField("vnp_PayDate"))?),
        };
        let two_digits = |k: &'static str| -> Result<String, VnpayError> {
            let v = q.require(k)?;
            if v.len() == 2 && v.bytes().all(|b| b.is_ascii_digit()) {
                Ok(v.to_owned())
            } else {
                Err(VnpayError::InvalidField(k))
            }
        };
        Ok(Notification {
            tmn_code: q.require("vnp_TmnCode")?.to_owned(),
            txn_ref: TxnRef::parse(q.require("vnp_TxnRef")?).map_err(|_| VnpayError::InvalidField("vnp_TxnRef"))?,
            amount: parse_amount_x100(q.require("vnp_Amount")?, "vnp_Amount")?,
            bank_code: text("vnp_BankCode"),
            bank_tran_no: text("vnp_BankTranNo"),
            card_type: text("vnp_CardType"),
            pay_date,
            order_info: text("vnp_OrderInfo"),
            transaction_no: text("vnp_TransactionNo"),
            response_code: two_digits("vnp_ResponseCode")?,
            transaction_status: two_digits("vnp_TransactionStatus")?,
        })
    }

    /// The signed query the gateway sends (used by the sandbox).
    pub fn signed_query(&self, keys: &MerchantKeys) -> Result<String, VnpayError> {
        let amount = amount_x100(self.amount)?;
        let pay_date = self.pay_date.map(datetime::format).unwrap_or_default();
        let params = [
            ("vnp_Amount", amount.as_str()),
            ("vnp_BankCode", &self.bank_code),
            ("vnp_BankTranNo", &self.bank_tran_no),
            ("vnp_CardType", &self.card_type),
            ("vnp_OrderInfo", &self.order_info),
            ("vnp_PayDate", &pay_date),
            ("vnp_ResponseCode", &self.response_code),
            ("vnp_TmnCode", &self.tmn_code),
            ("vnp_TransactionNo", &self.transaction_no),
            ("vnp_TransactionStatus", &self.transaction_status),
            ("vnp_TxnRef", self.txn_ref.as_str()),
        ];
        Ok(query::signed_query(&keys.secret, &params))
    }
}

impl Merchant {
    /// Verifies a return-page or IPN query string and reads it: signature first (every
    /// non-empty `vnp_*` except the hash fields, as sent), then this merchant's terminal,
    /// then the fields. The return page only shows the result; only the IPN (or a
    /// reconciliation query) records it.
    pub fn verify_notification(&self, raw_query: &str) -> Result<Notification, VnpayError> {
        let q = query::verify_query(&self.keys().secret, raw_query)?;
        if q.get("vnp_TmnCode") != Some(self.keys().tmn_code.as_str()) {
            return Err(VnpayError::WrongTerminal);
        }
        Notification::from_verified(&q)
    }
}
