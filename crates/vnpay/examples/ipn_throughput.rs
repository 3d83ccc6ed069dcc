//! IPN callbacks handled per second by one core, without I/O: verify the signature, read
//! the notification, decide against the stored attempt. Run with
//! `cargo run --release -p motcua-vnpay --example ipn_throughput [N]`.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

use motcua_domain::ids::DossierId;
use motcua_domain::payment::{ExpiryPolicy, Money, PaymentAttempt, TxnRef, open_attempt};
use motcua_vnpay::sandbox::{MemoryOrderBook, SandboxGateway, SandboxOutcome};
use motcua_vnpay::{HashSecret, Locale, Merchant, MerchantKeys, PayParams, TmnCode, ipn};
use time::OffsetDateTime;

fn main() {
    let n: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let keys = MerchantKeys {
        tmn_code: TmnCode::parse("MOTCUA01").expect("valid terminal"),
        secret: HashSecret::new("DEMOSECRETDEMOSECRETDEMOSECRET12").expect("non-empty secret"),
    };
    let merchant = Merchant::new(keys.clone(), "http://127.0.0.1:8080/sandbox-vnpay");
    let gateway = SandboxGateway::new(keys, "http://127.0.0.1:8080/ipn", MemoryOrderBook::new());
    let now = OffsetDateTime::now_utc();
    let payer = IpAddr::V4(Ipv4Addr::LOCALHOST);

    let mut attempts: HashMap<TxnRef, PaymentAttempt> = HashMap::new();
    let mut queries = Vec::with_capacity(n as usize);
    for i in 1..=n {
        let dossier = DossierId(i64::from(i));
        let attempt = open_attempt(
            dossier,
            TxnRef::for_attempt(dossier, 1),
            Money::from_dong(200_000),
            &[],
            now,
            &ExpiryPolicy::default(),
        )
        .expect("a fresh attempt");
        let params = PayParams::for_attempt(&attempt, "Le phi ho so", Locale::Vn, "https://example.vn/tra-ve", payer);
        let url = merchant.pay_url(&params).expect("a valid pay request");
        let query = url.split_once('?').expect("a query").1;
        gateway.accept_pay(query, now).expect("accepted");
        let done = gateway
            .complete(
                attempt.txn_ref.as_str(),
                SandboxOutcome::Paid {
                    bank_code: "NCB".into(),
                },
                now,
            )
            .expect("completed");
        queries.push(done.ipn_url.split_once('?').expect("a query").1.to_owned());
        attempts.insert(attempt.txn_ref.clone(), attempt);
    }

    let start = Instant::now();
    let mut confirmed = 0u32;
    for q in &queries {
        let outcome = ipn::handle(
            &merchant,
            q,
            |r| attempts.get(r).map(|a| (a.clone(), vec![a.clone()])),
            now,
        );
        if outcome.answer.rsp_code() == "00" && outcome.update.is_some() {
            confirmed += 1;
        }
    }
    let elapsed = start.elapsed();
    println!(
        "{confirmed}/{n} IPN callbacks confirmed in {:.3} s: {:.0} per second on one core",
        elapsed.as_secs_f64(),
        f64::from(n) / elapsed.as_secs_f64()
    );
}
