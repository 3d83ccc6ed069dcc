//! The VNPay 2.1.0 payment gateway protocol, both sides, without I/O.
//!
//! Merchant side ([`Merchant`]): the signed pay URL the payer's browser is sent to
//! ([`Merchant::pay_url`]), verification of the return and IPN query strings
//! ([`Merchant::verify_notification`]), the IPN decision and its JSON answer ([`ipn`]), and
//! the `querydr` reconciliation request and the verification of its response ([`querydr`]).
//!
//! Gateway side ([`sandbox::SandboxGateway`]): what `motcua demo` mounts as a stand-in for
//! the real gateway: it verifies incoming pay requests, keeps an order book, produces the
//! signed return redirect and IPN call for an outcome, and answers `querydr`. Both sides
//! sign and verify through the same functions ([`signature`], [`query`]).
//!
//! The crate makes no HTTP calls: it builds requests (URL, body) and reads responses (text);
//! the application sends them with its own client.

pub mod credentials;
pub mod datetime;
pub mod error;
pub mod ipn;
pub mod notification;
pub mod order_info;
pub mod pay;
pub mod query;
pub mod querydr;
pub mod response_code;
pub mod sandbox;
pub mod signature;

pub use credentials::{HashSecret, MerchantKeys, TmnCode};
pub use error::VnpayError;
pub use ipn::{IpnAnswer, IpnCode, IpnOutcome};
pub use notification::Notification;
pub use pay::{Locale, Merchant, PayParams};
pub use querydr::{QueryParams, QueryRequest, QueryResult};

/// The protocol version spoken (`vnp_Version`).
pub const VERSION: &str = "2.1.0";
