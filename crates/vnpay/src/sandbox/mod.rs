//! The gateway's side of the protocol, as the sandbox of `motcua demo`: it verifies pay
//! requests, keeps an order book, and for the outcome the payer picks (paid with a bank,
//! cancelled, failed) produces the signed return redirect and the signed IPN call; it also
//! answers `querydr`. It signs and verifies through the same functions as the merchant side.
//!
//! The application mounts it as HTTP routes: `GET {base}/paymentv2/vpcpay.html` →
//! [`SandboxGateway::accept_pay`] then its own bank-choice page; the page's buttons →
//! [`SandboxGateway::complete`] → call `ipn_url` (GET), redirect the browser to
//! `return_url`; `POST {base}/merchant_webapi/api/transaction` →
//! [`SandboxGateway::answer_querydr`].

mod order_book;
mod querydr;
mod request;

use std::sync::atomic::{AtomicU64, Ordering};

pub use order_book::{MemoryOrderBook, OrderBook, SandboxOrder};
pub use request::PayRequest;
use time::OffsetDateTime;

use crate::credentials::MerchantKeys;
use crate::error::VnpayError;
use crate::notification::Notification;
use crate::query;

/// The outcome the payer picks on the sandbox's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SandboxOutcome {
    /// Paid with this bank (`NCB`, `VCB`, …): response `00`, status `00`.
    Paid { bank_code: String },
    /// Cancelled by the payer: response `24`.
    Cancelled,
    /// Refused with this response code (`51` insufficient funds, `65` limit, `75`
    /// maintenance, …; not `00`).
    Failed { bank_code: String, response_code: String },
}

/// What to do once an outcome is picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// Where to redirect the payer's browser: the merchant's return URL with the signed
    /// result appended.
    pub return_url: String,
    /// The merchant's IPN URL with the same signed result: call it with GET.
    pub ipn_url: String,
    /// What was reported.
    pub notification: Notification,
}

/// The sandbox gateway for one merchant terminal.
pub struct SandboxGateway<B: OrderBook = MemoryOrderBook> {
    keys: MerchantKeys,
    ipn_url: String,
    book: B,
    next_transaction_no: AtomicU64,
}

impl<B: OrderBook> std::fmt::Debug for SandboxGateway<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxGateway")
            .field("keys", &self.keys)
            .field("ipn_url", &self.ipn_url)
            .finish_non_exhaustive()
    }
}

impl<B: OrderBook> SandboxGateway<B> {
    /// A sandbox for the terminal in `keys`, calling the merchant's `ipn_url` (registered
    /// with the gateway, not sent in requests).
    pub fn new(keys: MerchantKeys, ipn_url: &str, book: B) -> SandboxGateway<B> {
        SandboxGateway {
            keys,
            ipn_url: ipn_url.to_owned(),
            book,
            next_transaction_no: AtomicU64::new(14_000_001),
        }
    }

    /// The order book.
    pub fn book(&self) -> &B {
        &self.book
    }

    /// Verifies an incoming pay request (signature, terminal, fields, not expired) and
    /// records the order.
    pub fn accept_pay(&self, raw_query: &str, now: OffsetDateTime) -> Result<PayRequest, VnpayError> {
        let q = query::verify_query(&self.keys.secret, raw_query)?;
        if q.get("vnp_TmnCode") != Some(self.keys.tmn_code.as_str()) {
            return Err(VnpayError::WrongTerminal);
        }
        let request = PayRequest::from_verified(&q)?;
        if request.expire_date.is_some_and(|e| e < now) {
            return Err(VnpayError::OrderExpired);
        }
        self.book.insert(SandboxOrder {
            request: request.clone(),
            accepted_at: now,
            completion: None,
        })?;
        Ok(request)
    }

    /// The order with this reference, for the sandbox's pages.
    pub fn order(&self, txn_ref: &str) -> Option<SandboxOrder> {
        self.book.get(txn_ref)
    }

    /// Completes an open order with the payer's choice. After the request's expiry date
    /// the outcome is a time-out (`11`) whatever was picked.
    pub fn complete(
        &self,
        txn_ref: &str,
        outcome: SandboxOutcome,
        now: OffsetDateTime,
    ) -> Result<Completion, VnpayError> {
        let order = self.book.get(txn_ref).ok_or(VnpayError::UnknownOrder)?;
        if order.completion.is_some() {
            return Err(VnpayError::OrderCompleted);
        }
        let request = &order.request;
        let expired = request.expire_date.is_some_and(|e| e < now);
        let outcome = if expired {
            SandboxOutcome::Failed {
                bank_code: "VNPAY".into(),
                response_code: "11".into(),
            }
        } else {
            outcome
        };
        let transaction_no = self.next_transaction_no.fetch_add(1, Ordering::Relaxed);
        let (response_code, status, bank_code, bank_tran_no, card_type, transaction_no) = match outcome {
            SandboxOutcome::Paid { bank_code } => {
                bank_or_field(&bank_code)?;
                let no = transaction_no.to_string();
                ("00".to_owned(), "00", bank_code, format!("VNP{no}"), "ATM", no)
            }
            SandboxOutcome::Cancelled => (
                "24".to_owned(),
                "02",
                "VNPAY".to_owned(),
                String::new(),
                "",
                "0".to_owned(),
            ),
            SandboxOutcome::Failed {
                bank_code,
                response_code,
            } => {
                bank_or_field(&bank_code)?;
                if response_code.len() != 2
                    || !response_code.bytes().all(|b| b.is_ascii_digit())
                    || response_code == "00"
                {
                    return Err(VnpayError::InvalidField("vnp_ResponseCode"));
                }
                (
                    response_code,
                    "02",
                    bank_code,
                    String::new(),
                    "ATM",
                    transaction_no.to_string(),
                )
            }
        };
        let notification = Notification {
            tmn_code: self.keys.tmn_code.as_str().to_owned(),
            txn_ref: request.txn_ref.clone(),
            amount: request.amount,
            bank_code,
            bank_tran_no,
            card_type: card_type.to_owned(),
            pay_date: Some(now),
            order_info: request.order_info.clone(),
            transaction_no,
            response_code,
            transaction_status: status.to_owned(),
        };
        let signed = notification.signed_query(&self.keys)?;
        let order = self.book.complete(txn_ref, notification.clone())?;
        let separator = if self.ipn_url.contains('?') { '&' } else { '?' };
        Ok(Completion {
            return_url: order.request.return_url_with(&signed),
            ipn_url: format!("{}{separator}{signed}", self.ipn_url),
            notification,
        })
    }
}

fn bank_or_field(bank_code: &str) -> Result<(), VnpayError> {
    if bank_code.is_empty() || !bank_code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(VnpayError::InvalidField("vnp_BankCode"));
    }
    Ok(())
}
