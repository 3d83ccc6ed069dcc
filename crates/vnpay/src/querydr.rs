//! §3: `querydr`, asking the gateway about a transaction (reconciliation). The request is
//! JSON POSTed to `{gateway}/merchant_webapi/api/transaction`, signed over its values
//! joined by `|` in a fixed order; the response is signed the same way over its own order.

use std::net::IpAddr;

use motcua_domain::payment::{GatewayReceipt, GatewayReport, Money, TxnRef};
use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;

use crate::error::VnpayError;
use crate::pay::{Merchant, parse_amount_x100};
use crate::{VERSION, datetime, order_info, signature};

/// Path of the transaction API under the gateway's base URL.
pub const QUERY_PATH: &str = "/merchant_webapi/api/transaction";

/// What to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryParams<'a> {
    /// Unique per request: 1 to 32 ASCII letters and digits.
    pub request_id: &'a str,
    pub txn_ref: &'a TxnRef,
    /// The pay request's `vnp_CreateDate` (the attempt's creation).
    pub transaction_date: OffsetDateTime,
    /// Now.
    pub create_date: OffsetDateTime,
    /// This server's address.
    pub ip_addr: IpAddr,
    pub order_info: &'a str,
}

/// A request ready to send: POST `body` (`application/json`) to `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRequest {
    pub url: String,
    pub body: String,
}

/// The request's JSON body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RequestBody {
    #[serde(rename = "vnp_RequestId")]
    pub request_id: String,
    #[serde(rename = "vnp_Version")]
    pub version: String,
    #[serde(rename = "vnp_Command")]
    pub command: String,
    #[serde(rename = "vnp_TmnCode")]
    pub tmn_code: String,
    #[serde(rename = "vnp_TxnRef")]
    pub txn_ref: String,
    #[serde(rename = "vnp_OrderInfo")]
    pub order_info: String,
    #[serde(rename = "vnp_TransactionDate")]
    pub transaction_date: String,
    #[serde(rename = "vnp_CreateDate")]
    pub create_date: String,
    #[serde(rename = "vnp_IpAddr")]
    pub ip_addr: String,
    #[serde(rename = "vnp_SecureHash")]
    pub secure_hash: String,
}

impl RequestBody {
    /// `RequestId|Version|Command|TmnCode|TxnRef|TransactionDate|CreateDate|IpAddr|OrderInfo`.
    pub fn hash_data(&self) -> String {
        [
            &self.request_id,
            &self.version,
            &self.command,
            &self.tmn_code,
            &self.txn_ref,
            &self.transaction_date,
            &self.create_date,
            &self.ip_addr,
            &self.order_info,
        ]
        .map(String::as_str)
        .join("|")
    }
}

/// The response's JSON body. Values are text; numbers are accepted and read as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct ResponseBody {
    #[serde(rename = "vnp_ResponseId", deserialize_with = "text")]
    pub response_id: String,
    #[serde(rename = "vnp_Command", deserialize_with = "text")]
    pub command: String,
    #[serde(rename = "vnp_ResponseCode", deserialize_with = "text")]
    pub response_code: String,
    #[serde(rename = "vnp_Message", deserialize_with = "text")]
    pub message: String,
    #[serde(rename = "vnp_TmnCode", deserialize_with = "text")]
    pub tmn_code: String,
    #[serde(rename = "vnp_TxnRef", deserialize_with = "text")]
    pub txn_ref: String,
    #[serde(rename = "vnp_Amount", deserialize_with = "text")]
    pub amount: String,
    #[serde(rename = "vnp_BankCode", deserialize_with = "text")]
    pub bank_code: String,
    #[serde(rename = "vnp_PayDate", deserialize_with = "text")]
    pub pay_date: String,
    #[serde(rename = "vnp_TransactionNo", deserialize_with = "text")]
    pub transaction_no: String,
    #[serde(rename = "vnp_TransactionType", deserialize_with = "text")]
    pub transaction_type: String,
    #[serde(rename = "vnp_TransactionStatus", deserialize_with = "text")]
    pub transaction_status: String,
    #[serde(rename = "vnp_OrderInfo", deserialize_with = "text")]
    pub order_info: String,
    #[serde(rename = "vnp_PromotionCode", deserialize_with = "text")]
    pub promotion_code: String,
    #[serde(rename = "vnp_PromotionAmount", deserialize_with = "text")]
    pub promotion_amount: String,
    #[serde(rename = "vnp_SecureHash", deserialize_with = "text")]
    pub secure_hash: String,
}

impl ResponseBody {
    /// `ResponseId|Command|ResponseCode|Message|TmnCode|TxnRef|Amount|BankCode|PayDate|
    /// TransactionNo|TransactionType|TransactionStatus|OrderInfo|PromotionCode|PromotionAmount`.
    pub fn hash_data(&self) -> String {
        [
            &self.response_id,
            &self.command,
            &self.response_code,
            &self.message,
            &self.tmn_code,
            &self.txn_ref,
            &self.amount,
            &self.bank_code,
            &self.pay_date,
            &self.transaction_no,
            &self.transaction_type,
            &self.transaction_status,
            &self.order_info,
            &self.promotion_code,
            &self.promotion_amount,
        ]
        .map(String::as_str)
        .join("|")
    }
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => String::new(),
    })
}

/// A verified `querydr` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    /// `00` found; `02` merchant invalid; `03` malformed request; `91` not found; `94`
    /// duplicate request; `97` bad signature; `99` other.
    pub response_code: String,
    pub message: String,
    pub txn_ref: String,
    pub amount: Option<Money>,
    pub bank_code: String,
    pub pay_date: Option<OffsetDateTime>,
    pub transaction_no: String,
    pub transaction_type: String,
    /// `00` paid, `01` not completed yet, `02` failed, other values (reversal, refund,
    /// suspected fraud) need a person.
    pub transaction_status: String,
    pub order_info: String,
}

impl QueryResult {
    /// The gateway found the transaction.
    pub fn is_found(&self) -> bool {
        self.response_code == "00"
    }

    /// The report to record: paid (`00`) or failed (`02`). `None` while the transaction is
    /// not completed, when it was not found, and for statuses that need a person.
    pub fn to_report(&self) -> Option<GatewayReport> {
        if !self.is_found() {
            return None;
        }
        let paid = match self.transaction_status.as_str() {
            "00" => true,
            "02" => false,
            _ => return None,
        };
        Some(GatewayReport {
            txn_ref: TxnRef::parse(&self.txn_ref).ok()?,
            amount: self.amount?,
            paid,
            receipt: GatewayReceipt {
                response_code: self.transaction_status.clone(),
                transaction_no: self.transaction_no.clone(),
                bank_code: self.bank_code.clone(),
                paid_at: if paid { self.pay_date } else { None },
            },
        })
    }
}

impl Merchant {
    /// The signed `querydr` request.
    pub fn querydr_request(&self, p: &QueryParams<'_>) -> Result<QueryRequest, VnpayError> {
        if p.request_id.is_empty()
            || p.request_id.len() > 32
            || !p.request_id.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(VnpayError::InvalidField("vnp_RequestId"));
        }
        let info = order_info::sanitise(p.order_info);
        if info.is_empty() {
            return Err(VnpayError::InvalidField("vnp_OrderInfo"));
        }
        let mut body = RequestBody {
            request_id: p.request_id.to_owned(),
            version: VERSION.to_owned(),
            command: "querydr".to_owned(),
            tmn_code: self.keys().tmn_code.as_str().to_owned(),
            txn_ref: p.txn_ref.as_str().to_owned(),
            order_info: info,
            transaction_date: datetime::format(p.transaction_date),
            create_date: datetime::format(p.create_date),
            ip_addr: p.ip_addr.to_string(),
            secure_hash: String::new(),
        };
        body.secure_hash = signature::sign(&self.keys().secret, &body.hash_data());
        Ok(QueryRequest {
            url: format!("{}{QUERY_PATH}", self.gateway_url()),
            body: serde_json::to_string(&body).map_err(|e| VnpayError::MalformedJson(e.to_string()))?,
        })
    }

    /// Verifies and reads a `querydr` response body. The signature is checked before
    /// anything in it is trusted; a found transaction must be this terminal's.
    pub fn verify_querydr_response(&self, body: &str) -> Result<QueryResult, VnpayError> {
        let r: ResponseBody = serde_json::from_str(body).map_err(|e| VnpayError::MalformedJson(e.to_string()))?;
        signature::verify(&self.keys().secret, &r.hash_data(), &r.secure_hash)?;
        if r.response_code == "00" && r.tmn_code != self.keys().tmn_code.as_str() {
            return Err(VnpayError::WrongTerminal);
        }
        let amount = match r.amount.as_str() {
            "" => None,
            a => Some(parse_amount_x100(a, "vnp_Amount")?),
        };
        let pay_date = match r.pay_date.as_str() {
            "" => None,
            d => Some(datetime::parse(d).ok_or(VnpayError::InvalidField("vnp_PayDate"))?),
        };
        Ok(QueryResult {
            response_code: r.response_code,
            message: r.message,
            txn_ref: r.txn_ref,
            amount,
            bank_code: r.bank_code,
            pay_date,
            transaction_no: r.transaction_no,
            transaction_type: r.transaction_type,
            transaction_status: r.transaction_status,
            order_info: r.order_info,
        })
    }
}
