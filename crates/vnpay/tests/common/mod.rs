//! Shared fixtures: one merchant terminal, its sandbox, payment attempts.
#![allow(dead_code, clippy::unwrap_used)] // helpers of the test-suite

use std::net::{IpAddr, Ipv4Addr};

use motcua_domain::ids::DossierId;
use motcua_domain::payment::{ExpiryPolicy, Money, PaymentAttempt, TxnRef, open_attempt};
use motcua_vnpay::sandbox::{MemoryOrderBook, SandboxGateway};
use motcua_vnpay::{HashSecret, Locale, Merchant, MerchantKeys, PayParams, TmnCode};
use time::OffsetDateTime;
use time::macros::datetime;

pub const SECRET: &str = "DEMOSECRETDEMOSECRETDEMOSECRET12";
pub const TMN: &str = "MOTCUA01";
pub const NOW: OffsetDateTime = datetime!(2026-03-02 09:00 +7);
pub const RETURN_URL: &str = "https://dichvucong.daklak.gov.vn/thanh-toan/ket-qua";
pub const IPN_URL: &str = "https://dichvucong.daklak.gov.vn/api/v1/payments/vnpay/ipn";

pub fn keys() -> MerchantKeys {
    MerchantKeys {
        tmn_code: TmnCode::parse(TMN).unwrap(),
        secret: HashSecret::new(SECRET).unwrap(),
    }
}

pub fn merchant() -> Merchant {
    Merchant::new(keys(), "http://127.0.0.1:8080/sandbox-vnpay/")
}

pub fn sandbox() -> SandboxGateway {
    SandboxGateway::new(keys(), IPN_URL, MemoryOrderBook::new())
}

pub fn payer() -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7))
}

pub const DOSSIER: DossierId = DossierId(42);

/// The `n`-th attempt of the dossier, 200.000 đ, opened now.
pub fn attempt(n: u32, existing: &[PaymentAttempt]) -> PaymentAttempt {
    open_attempt(
        DOSSIER,
        TxnRef::for_attempt(DOSSIER, n),
        Money::from_dong(200_000),
        existing,
        NOW,
        &ExpiryPolicy::default(),
    )
    .unwrap()
}

pub fn pay_params<'a>(a: &'a PaymentAttempt, return_url: &'a str) -> PayParams<'a> {
    PayParams::for_attempt(a, "Lệ phí hồ sơ H15.50-260302-0001", Locale::Vn, return_url, payer())
}

/// The query part of a URL.
pub fn query_of(url: &str) -> &str {
    url.split_once('?').map(|(_, q)| q).unwrap().split('#').next().unwrap()
}
