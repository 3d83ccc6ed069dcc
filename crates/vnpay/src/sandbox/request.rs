//! A pay request as the gateway reads it (§1), after its signature is verified.

use std::net::IpAddr;

use motcua_domain::payment::{Money, TxnRef};
use time::OffsetDateTime;

use crate::VERSION;
use crate::datetime;
use crate::error::VnpayError;
use crate::pay::{Locale, is_http_url, parse_amount_x100};
use crate::query::VerifiedQuery;

/// A verified pay request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayRequest {
    pub txn_ref: TxnRef,
    pub amount: Money,
    pub order_info: String,
    pub order_type: String,
    pub locale: Locale,
    pub return_url: String,
    pub ip_addr: IpAddr,
    pub create_date: OffsetDateTime,
    pub expire_date: Option<OffsetDateTime>,
    pub bank_code: Option<String>,
}

impl PayRequest {
    /// Reads the fields of a verified query, checking version, command and currency.
    pub(crate) fn from_verified(q: &VerifiedQuery) -> Result<PayRequest, VnpayError> {
        let exactly = |key: &'static str, value: &str| {
            if q.require(key)? == value {
                Ok(())
            } else {
                Err(VnpayError::InvalidField(key))
            }
        };
        exactly("vnp_Version", VERSION)?;
        exactly("vnp_Command", "pay")?;
        exactly("vnp_CurrCode", "VND")?;
        let amount = parse_amount_x100(q.require("vnp_Amount")?, "vnp_Amount")?;
        if amount <= Money::ZERO {
            return Err(VnpayError::InvalidField("vnp_Amount"));
        }
        let return_url = q.require("vnp_ReturnUrl")?;
        if !is_http_url(return_url) {
            return Err(VnpayError::InvalidField("vnp_ReturnUrl"));
        }
        let date = |key: &'static str| datetime::parse(q.require(key)?).ok_or(VnpayError::InvalidField(key));
        Ok(PayRequest {
            txn_ref: TxnRef::parse(q.require("vnp_TxnRef")?).map_err(|_| VnpayError::InvalidField("vnp_TxnRef"))?,
            amount,
            order_info: q.require("vnp_OrderInfo")?.to_owned(),
            order_type: q.require("vnp_OrderType")?.to_owned(),
            locale: Locale::parse(q.require("vnp_Locale")?).ok_or(VnpayError::InvalidField("vnp_Locale"))?,
            return_url: return_url.to_owned(),
            ip_addr: q
                .require("vnp_IpAddr")?
                .parse()
                .map_err(|_| VnpayError::InvalidField("vnp_IpAddr"))?,
            create_date: date("vnp_CreateDate")?,
            expire_date: match q.get("vnp_ExpireDate") {
                None => None,
                Some(_) => Some(date("vnp_ExpireDate")?),
            },
            bank_code: q.get("vnp_BankCode").map(str::to_owned),
        })
    }

    /// The return URL with a signed query appended (before any `#fragment`).
    pub(crate) fn return_url_with(&self, query: &str) -> String {
        let (base, fragment) = match self.return_url.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (self.return_url.as_str(), None),
        };
        let separator = if base.contains('?') { '&' } else { '?' };
        match fragment {
            Some(f) => format!("{base}{separator}{query}#{f}"),
            None => format!("{base}{separator}{query}"),
        }
    }
}
