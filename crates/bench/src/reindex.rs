//! `motcua-bench reindex`: does a catalogue re-index stall the pages? Serves the portal with
//! a catalogue of N procedures (default 6,500) on loopback and measures the latency of the
//! procedure page through HTTP from a few concurrent clients, (a) at rest, (b) while the
//! catalogue is rebuilt again and again the way `motcua` does it (on a blocking thread),
//! and (c) the same rebuild run on the async worker threads (what the server did before),
//! as the baseline that shows what the blocking thread saves.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use motcua_app::{App, CatalogueSnapshot};
use motcua_storage::{FileStore, Store, StoreOptions};

use crate::percentile;

/// How the catalogue is rebuilt during a run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rebuild {
    None,
    Blocking,
    OnAsyncThreads,
}

async fn measure(
    url: &str,
    clients: usize,
    secs: u64,
    rebuild: Rebuild,
    app: &App,
    store: &Store,
) -> anyhow::Result<Vec<f64>> {
    let stop = Arc::new(AtomicBool::new(false));
    let rebuilder = {
        let (app, store, stop) = (app.clone(), store.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0u32;
            while !stop.load(Ordering::Relaxed) {
                match rebuild {
                    Rebuild::None => tokio::time::sleep(Duration::from_millis(50)).await,
                    Rebuild::Blocking => {
                        app.refresh_catalogue().await?;
                        n += 1;
                    }
                    Rebuild::OnAsyncThreads => {
                        let stored = store.load_catalogue().await?;
                        let agencies = store.list_agencies().await?;
                        // The whole build on this async worker thread, as before the change.
                        let snap = CatalogueSnapshot::build(0, stored, HashMap::new(), agencies)?;
                        std::hint::black_box(snap.len());
                        n += 1;
                        tokio::task::yield_now().await;
                    }
                }
            }
            Ok::<u32, anyhow::Error>(n)
        })
    };
    let client: Client<_, Empty<bytes::Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, url) = (client.clone(), url.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let res = client.get(url.parse()?).await?;
                let status = res.status();
                let body = res.into_body().collect().await?.to_bytes();
                anyhow::ensure!(status.is_success() && !body.is_empty(), "page answered {status}");
                samples.push(t.elapsed().as_secs_f64() * 1e3);
            }
            Ok::<Vec<f64>, anyhow::Error>(samples)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    stop.store(true, Ordering::Relaxed);
    let rebuilds = rebuilder.await??;
    eprintln!("  {} requests, {rebuilds} rebuilds", all.len());
    all.sort_by(f64::total_cmp);
    Ok(all)
}

pub async fn run(count: usize, secs: u64) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("bench.sqlite3").display());
    let store = Store::open(&url, &StoreOptions::default()).await?;
    let files = FileStore::local(&dir.path().join("files"))?;
    let app = App::new(store.clone(), files, motcua_app::Settings::default())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let doc = crate::generate(count)?;
    motcua_app::catalogue::import_document(&app, None, &doc, &Default::default())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = Instant::now();
    app.refresh_catalogue().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let rebuild_ms = t.elapsed().as_secs_f64() * 1e3;
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
    // A page that is rendered per request (a search), so every request does real work.
    let page = format!("http://{addr}/thu-tuc?q=dang%20ky%20ket%20hon");
    let clients = 8;
    let mut rows = Vec::new();
    for (name, mode) in [
        ("at rest", Rebuild::None),
        ("while re-indexing on a blocking thread (motcua)", Rebuild::Blocking),
        (
            "while re-indexing on the async threads (before)",
            Rebuild::OnAsyncThreads,
        ),
    ] {
        eprintln!("== {name}");
        let s = measure(&page, clients, secs, mode, &app, &store).await?;
        rows.push(serde_json::json!({
            "case": name,
            "requests": s.len(),
            "p50_ms": percentile(&s, 0.5),
            "p99_ms": percentile(&s, 0.99),
            "max_ms": s.last().copied().unwrap_or(0.0),
        }));
    }
    println!(
        "{}",
        serde_json::json!({"procedures": count, "rebuild_ms": rebuild_ms, "clients": clients, "cases": rows})
    );
    Ok(())
}
