//! The sandbox payment gateway of `motcua demo` and `motcua gateway-sandbox`: it speaks the
//! VNPay 2.1.0 protocol from the gateway's side (through `motcua_vnpay::sandbox`, the same
//! signing and verifying code as the merchant side) with its own pages, so the demo pays
//! offline end to end. Never mounted unless configured.
//!
//! Routes under [`PREFIX`]: the pay page (`/paymentv2/vpcpay.html`), the payer's choice
//! (`POST /thanh-toan`: pay with a bank, cancel, or fail), and the transaction API
//! (`POST /merchant_webapi/api/transaction`, `querydr`). The gateway is another party:
//! its routes take no portal session; the pay form carries a token signed with the
//! terminal's secret instead of the portal's CSRF token.

mod pages;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use motcua_vnpay::MerchantKeys;
use motcua_vnpay::sandbox::{MemoryOrderBook, SandboxGateway};

/// Where the sandbox is mounted on the portal (and served alone by `gateway-sandbox`).
pub const PREFIX: &str = "/cong-thanh-toan-thu";

/// The sandbox's settings.
#[derive(Debug, Clone)]
pub struct SandboxSettings {
    /// The merchant terminal it accepts (the demo's `MOTCUA01`).
    pub keys: MerchantKeys,
    /// The merchant's IPN address the sandbox calls (registered with a real gateway, not
    /// sent in requests).
    pub ipn_url: String,
}

/// The sandbox's state: the gateway side of the protocol and an HTTP client for IPN calls.
pub struct Sandbox {
    gateway: SandboxGateway<MemoryOrderBook>,
    keys: MerchantKeys,
    http: reqwest::Client,
}

/// The sandbox's routes, ready to merge into any router.
pub fn routes<S: Clone + Send + Sync + 'static>(settings: &SandboxSettings) -> Router<S> {
    let state = Arc::new(Sandbox {
        gateway: SandboxGateway::new(settings.keys.clone(), &settings.ipn_url, MemoryOrderBook::new()),
        keys: settings.keys.clone(),
        http: reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .unwrap_or_default(),
    });
    Router::new()
        .route(&format!("{PREFIX}/paymentv2/vpcpay.html"), get(pages::pay_page))
        .route(&format!("{PREFIX}/thanh-toan"), post(pages::complete))
        .route(
            &format!("{PREFIX}/merchant_webapi/api/transaction"),
            post(pages::querydr),
        )
        .route(&format!("{PREFIX}/sandbox.css"), get(pages::css))
        .with_state(state)
}
