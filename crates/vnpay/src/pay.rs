//! §1: the signed pay URL the payer's browser is sent to.

use std::net::IpAddr;

use motcua_domain::payment::{Money, PaymentAttempt, TxnRef};
use time::OffsetDateTime;

use crate::credentials::MerchantKeys;
use crate::error::VnpayError;
use crate::{VERSION, datetime, order_info, query};

/// Path of the pay page under the gateway's base URL.
pub const PAY_PATH: &str = "/paymentv2/vpcpay.html";

/// Language of the gateway's pages (`vnp_Locale`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    /// Vietnamese (`vn`).
    Vn,
    /// English (`en`).
    En,
}

impl Locale {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Vn => "vn",
            Locale::En => "en",
        }
    }

    /// Reads a wire value.
    pub fn parse(s: &str) -> Option<Locale> {
        match s {
            "vn" => Some(Locale::Vn),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

/// What a pay request says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayParams<'a> {
    pub txn_ref: &'a TxnRef,
    /// In đồng; sent ×100.
    pub amount: Money,
    /// Free text; sent folded to ASCII letters, digits and spaces.
    pub order_info: &'a str,
    /// VNPay's goods category, `other` for fees.
    pub order_type: &'a str,
    pub locale: Locale,
    /// The page the payer's browser comes back to.
    pub return_url: &'a str,
    /// The payer's address.
    pub ip_addr: IpAddr,
    pub create_date: OffsetDateTime,
    pub expire_date: Option<OffsetDateTime>,
    /// Preselects a bank or method at the gateway.
    pub bank_code: Option<&'a str>,
}

impl<'a> PayParams<'a> {
    /// The pay request of a payment attempt: its reference, its amount, created when it was,
    /// payable until its `pay_before`.
    pub fn for_attempt(
        attempt: &'a PaymentAttempt,
        order_info: &'a str,
        locale: Locale,
        return_url: &'a str,
        ip_addr: IpAddr,
    ) -> PayParams<'a> {
        PayParams {
            txn_ref: &attempt.txn_ref,
            amount: attempt.amount,
            order_info,
            order_type: "other",
            locale,
            return_url,
            ip_addr,
            create_date: attempt.created_at,
            expire_date: Some(attempt.pay_before),
            bank_code: None,
        }
    }
}

/// The merchant's side of the protocol: its keys and where the gateway is.
#[derive(Debug, Clone)]
pub struct Merchant {
    keys: MerchantKeys,
    gateway_url: String,
}

impl Merchant {
    /// A merchant talking to the gateway at `gateway_url` (its base, such as
    /// `https://sandbox.vnpayment.vn`, or the demo sandbox's mount point).
    pub fn new(keys: MerchantKeys, gateway_url: &str) -> Merchant {
        Merchant {
            keys,
            gateway_url: gateway_url.trim_end_matches('/').to_owned(),
        }
    }

    /// The terminal code and secret.
    pub fn keys(&self) -> &MerchantKeys {
        &self.keys
    }

    /// The gateway's base URL.
    pub fn gateway_url(&self) -> &str {
        &self.gateway_url
    }

    /// The URL to send the payer to: `{gateway}/paymentv2/vpcpay.html?{signed query}`.
    pub fn pay_url(&self, p: &PayParams<'_>) -> Result<String, VnpayError> {
        Ok(format!("{}{PAY_PATH}?{}", self.gateway_url, self.pay_query(p)?))
    }

    /// The signed query of a pay request.
    pub fn pay_query(&self, p: &PayParams<'_>) -> Result<String, VnpayError> {
        let amount = amount_x100(p.amount)?;
        let info = order_info::sanitise(p.order_info);
        if info.is_empty() {
            return Err(VnpayError::InvalidField("vnp_OrderInfo"));
        }
        if p.order_type.is_empty() || !p.order_type.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(VnpayError::InvalidField("vnp_OrderType"));
        }
        if !is_http_url(p.return_url) {
            return Err(VnpayError::InvalidField("vnp_ReturnUrl"));
        }
        let bank_code = p.bank_code.unwrap_or_default();
        if !bank_code.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(VnpayError::InvalidField("vnp_BankCode"));
        }
        let ip = p.ip_addr.to_string();
        let create = datetime::format(p.create_date);
        let expire = p.expire_date.map(datetime::format).unwrap_or_default();
        let params = [
            ("vnp_Version", VERSION),
            ("vnp_Command", "pay"),
            ("vnp_TmnCode", self.keys.tmn_code.as_str()),
            ("vnp_Amount", &amount),
            ("vnp_CurrCode", "VND"),
            ("vnp_TxnRef", p.txn_ref.as_str()),
            ("vnp_OrderInfo", &info),
            ("vnp_OrderType", p.order_type),
            ("vnp_Locale", p.locale.as_str()),
            ("vnp_ReturnUrl", p.return_url),
            ("vnp_IpAddr", &ip),
            ("vnp_CreateDate", &create),
            ("vnp_ExpireDate", &expire),
            ("vnp_BankCode", bank_code),
        ];
        Ok(query::signed_query(&self.keys.secret, &params))
    }
}

/// `vnp_Amount`: đồng × 100, positive.
pub(crate) fn amount_x100(amount: Money) -> Result<String, VnpayError> {
    match amount.dong().checked_mul(100) {
        Some(x) if x > 0 => Ok(x.to_string()),
        _ => Err(VnpayError::AmountOutOfRange),
    }
}

/// Reads `vnp_Amount` back into đồng: digits, a whole number of đồng.
pub(crate) fn parse_amount_x100(text: &str, field: &'static str) -> Result<Money, VnpayError> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(VnpayError::InvalidField(field));
    }
    let x100: i64 = text.parse().map_err(|_| VnpayError::InvalidField(field))?;
    if x100 % 100 != 0 {
        return Err(VnpayError::InvalidField(field));
    }
    Ok(Money::from_dong(x100 / 100))
}

pub(crate) fn is_http_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !url.chars().any(char::is_control))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_are_scaled_by_a_hundred_and_checked() {
        assert_eq!(amount_x100(Money::from_dong(200_000)), Ok("20000000".to_owned()));
        assert_eq!(amount_x100(Money::ZERO), Err(VnpayError::AmountOutOfRange));
        assert_eq!(amount_x100(Money::from_dong(-1)), Err(VnpayError::AmountOutOfRange));
        assert_eq!(
            amount_x100(Money::from_dong(i64::MAX / 100 + 1)),
            Err(VnpayError::AmountOutOfRange)
        );
        assert_eq!(parse_amount_x100("20000000", "a"), Ok(Money::from_dong(200_000)));
        for bad in ["", "-100", "+100", "1e5", "150", "20 000", "99999999999999999999"] {
            assert_eq!(
                parse_amount_x100(bad, "a"),
                Err(VnpayError::InvalidField("a")),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn return_urls_are_absolute_http() {
        assert!(is_http_url("https://dichvucong.vn/tra-ve"));
        assert!(is_http_url("http://localhost:8080"));
        for bad in [
            "",
            "https://",
            "ftp://x.vn",
            "/tra-ve",
            "https:///x",
            "javascript:alert(1)",
            "https://x.vn/\n",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
        assert!(!is_http_url("https://x.vn/\r\nSet-Cookie: a"));
    }

    proptest! {
        #[test]
        fn positive_amounts_round_trip(d in 1..=(i64::MAX / 100)) {
            let wire = amount_x100(Money::from_dong(d)).unwrap();
            prop_assert_eq!(parse_amount_x100(&wire, "a"), Ok(Money::from_dong(d)));
        }
    }
}
