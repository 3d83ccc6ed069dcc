//! `motcua-bench ipn`: payment notifications (IPN) per second through HTTP. N dossiers of
//! the demo's birth registration (a fee of 8.000 đ per copy, due at filing) each get one
//! pending online attempt; clients then send the gateway's signed notifications to
//! `GET /thanh-toan/vnpay/ipn`: first with a broken signature (answered `97` after the
//! signature check alone: the baseline), then genuine ones, each verified and settled (the
//! attempt paid, the dossier marked paid, outbox and audit written in one transaction).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use motcua_app::App;
use motcua_domain::account::{AccountKind, LoginId};
use motcua_domain::dossier::Applicant;
use motcua_domain::payment::{Money, TxnRef};
use motcua_storage::{FileStore, NewUser, Store, StoreOptions};
use motcua_vnpay::{HashSecret, Locale, MerchantKeys, Notification, TmnCode};

use crate::percentile;

fn keys() -> anyhow::Result<MerchantKeys> {
    Ok(MerchantKeys {
        tmn_code: TmnCode::parse("MOTCUA01").map_err(|e| anyhow::anyhow!("{}", e.code()))?,
        secret: HashSecret::new("bench-hash-secret").map_err(|e| anyhow::anyhow!("{}", e.code()))?,
    })
}

/// Files `n` dossiers and opens one online attempt for each; returns their references.
async fn attempts(app: &App, store: &Store, n: usize) -> anyhow::Result<Vec<TxnRef>> {
    let hash = motcua_app::accounts::password::hash("bench-password").map_err(|e| anyhow::anyhow!("{e}"))?;
    let login = LoginId::parse("ipn-bench@example.vn").ok_or_else(|| anyhow::anyhow!("login"))?;
    let user = store
        .create_user(
            None,
            &NewUser {
                kind: AccountKind::Citizen,
                full_name: "Người thử tải".into(),
                login,
                password_hash: hash,
            },
        )
        .await?;
    let who = store
        .principal(user)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no principal"))?;
    let mut refs = Vec::with_capacity(n);
    for _ in 0..n {
        let d = motcua_app::dossiers::file(app, &who, filing()?)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let s = motcua_app::payments::start_online(app, &who, &d.code, IpAddr::V4(Ipv4Addr::LOCALHOST), Locale::Vn)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        refs.push(s.txn_ref);
    }
    Ok(refs)
}

fn filing() -> anyhow::Result<motcua_app::dossiers::Filing> {
    let data = serde_json::json!({
        "ho_ten_tre": "Nguyễn Văn Bình", "ngay_sinh_tre": "2026-01-05", "gioi_tinh": "Nam",
        "noi_sinh": "Bệnh viện Đa khoa tỉnh", "ho_ten_me": "Trần Thị Hoa", "so_dinh_danh_me": "066190001234",
        "so_ban_sao": "1", "so_dien_thoai": "0912345678"
    });
    Ok(motcua_app::dossiers::Filing {
        procedure: "1.001193".into(),
        agency: "H15.50".into(),
        applicant: Applicant {
            full_name: "Trần Thị Hoa".into(),
            id_number: "066190001234".into(),
            address: "12 Lê Duẩn".into(),
            phone: "0912345678".into(),
            ..Applicant::default()
        },
        data: data.as_object().cloned().ok_or_else(|| anyhow::anyhow!("data"))?,
        channel: None,
    })
}

fn notification(txn_ref: &TxnRef) -> Notification {
    Notification {
        tmn_code: "MOTCUA01".into(),
        txn_ref: txn_ref.clone(),
        amount: Money::from_dong(8_000),
        bank_code: "NCB".into(),
        bank_tran_no: "VNP14000001".into(),
        card_type: "ATM".into(),
        pay_date: Some(time::OffsetDateTime::now_utc()),
        order_info: "Thanh toan phi ho so".into(),
        transaction_no: "14000001".into(),
        response_code: "00".into(),
        transaction_status: "00".into(),
    }
}

/// Sends every URL once from `clients` concurrent clients; returns latencies (sorted, ms),
/// the wall time in seconds and how many answers had `want` as `RspCode`.
async fn send_all(urls: Vec<String>, clients: usize, want: &str) -> anyhow::Result<(Vec<f64>, f64, usize)> {
    let client: Client<_, Empty<bytes::Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let urls = Arc::new(urls);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, urls, next, want) = (
            client.clone(),
            urls.clone(),
            next.clone(),
            format!("\"RspCode\":\"{want}\""),
        );
        tasks.push(tokio::spawn(async move {
            let (mut samples, mut matched) = (Vec::new(), 0usize);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let t = Instant::now();
                let res = client.get(url.parse()?).await?;
                let body = res.into_body().collect().await?.to_bytes();
                samples.push(t.elapsed().as_secs_f64() * 1e3);
                if String::from_utf8_lossy(&body).contains(&want) {
                    matched += 1;
                }
            }
            Ok::<_, anyhow::Error>((samples, matched))
        }));
    }
    let (mut all, mut matched) = (Vec::new(), 0);
    for t in tasks {
        let (s, m) = t.await??;
        all.extend(s);
        matched += m;
    }
    let secs = start.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Ok((all, secs, matched))
}

pub async fn run(db: Option<String>, n: usize, clients: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = db.unwrap_or_else(|| format!("sqlite://{}", dir.path().join("ipn.sqlite3").display()));
    let store = Store::open(&url, &StoreOptions::default()).await?;
    let backend = format!("{:?}", store.backend());
    let files = FileStore::local(&dir.path().join("files"))?;
    let settings = motcua_app::Settings {
        payments: Some(motcua_app::PaymentSettings {
            gateway_url: "http://127.0.0.1:9/cong-thanh-toan-thu".into(),
            keys: keys()?,
            expiry: motcua_domain::payment::ExpiryPolicy::default(),
        }),
        ..motcua_app::Settings::default()
    };
    let app = App::new(store.clone(), files, settings)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let doc: motcua_domain::catalogue::CatalogueDoc = serde_json::from_str(crate::DEMO)?;
    motcua_app::catalogue::import_document(&app, None, &doc, &Default::default())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    app.refresh_catalogue().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    eprintln!("== filing {n} dossiers with a pending payment ({backend})");
    let refs = attempts(&app, &store, n).await?;
    let web = motcua_web::WebSettings {
        secure_cookies: false,
        ..motcua_web::WebSettings::default()
    };
    let router = motcua_web::router(motcua_web::AppState::new(app.clone(), web));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(
        async move { axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await },
    );
    let k = keys()?;
    let signed: Vec<String> = refs
        .iter()
        .map(|r| {
            notification(r)
                .signed_query(&k)
                .map_err(|e| anyhow::anyhow!("{}", e.code()))
        })
        .collect::<anyhow::Result<_>>()?;
    let base = format!("http://{addr}/thanh-toan/vnpay/ipn?");
    let broken: Vec<String> = signed
        .iter()
        .map(|q| format!("{base}{}", q.replace("vnp_Amount=800000", "vnp_Amount=800100")))
        .collect();
    let genuine: Vec<String> = signed.iter().map(|q| format!("{base}{q}")).collect();
    let mut rows = Vec::new();
    for (case, urls, want) in [
        ("signature check only (answer 97): baseline", broken, "97"),
        ("verified and settled (answer 00)", genuine, "00"),
    ] {
        eprintln!("== {case}");
        let (s, secs, matched) = send_all(urls, clients, want).await?;
        rows.push(serde_json::json!({
            "case": case,
            "requests": s.len(),
            "answered_as_expected": matched,
            "per_second": s.len() as f64 / secs,
            "p50_ms": percentile(&s, 0.5),
            "p99_ms": percentile(&s, 0.99),
        }));
    }
    println!(
        "{}",
        serde_json::json!({"backend": backend, "attempts": n, "clients": clients, "cases": rows})
    );
    Ok(())
}
