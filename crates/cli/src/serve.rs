use std::net::SocketAddr;

use anyhow::Context;
use motcua_app::App;
use motcua_storage::{Store, StoreOptions};
use motcua_web::AppState;

use crate::config::Config;

/// Opens (creating the data folder for SQLite) and migrates the database.
pub async fn open_store(cfg: &Config) -> anyhow::Result<Store> {
    let url = cfg.database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&cfg.data_dir).with_context(|| format!("creating {}", cfg.data_dir.display()))?;
    }
    let opts = StoreOptions {
        max_connections: cfg.database_max_connections,
        ..StoreOptions::default()
    };
    let store = Store::open(&url, &opts).await.context("opening the database")?;
    tracing::info!(backend = ?store.backend(), "database ready");
    Ok(store)
}

/// The application over an open store (files under `data_dir/files` or in the configured
/// S3-compatible bucket, which must answer).
pub async fn app(cfg: &Config, store: Store) -> anyhow::Result<App> {
    cfg.check_payments()?;
    cfg.check_proxies()?;
    let files = cfg.file_store()?;
    files
        .check()
        .await
        .with_context(|| format!("the {} file store does not answer", files.label()))?;
    tracing::info!(backend = files.label(), "file store ready");
    let mut settings = cfg.app_settings();
    let mut agencies: Vec<(String, String)> = store
        .list_agencies()
        .await
        .context("reading the agencies")?
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    if cfg.demo_ca {
        // The demo's agencies get certificates before the demo data is loaded.
        let doc: motcua_domain::catalogue::CatalogueDoc =
            serde_json::from_str(crate::demo::CATALOGUE).context("demo catalogue")?;
        for a in doc.agencies {
            let code = a.code.to_string();
            if !agencies.iter().any(|(c, _)| *c == code) {
                agencies.push((code, a.name));
            }
        }
    }
    settings.signing = cfg.signing_settings(&agencies)?;
    if let Some(s) = &settings.signing {
        tracing::info!(agencies = s.signers.len(), demo = s.demo, "result signers ready");
    }
    App::new(store, files, settings)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Opens the database and the application (the command line's subcommands start here).
pub async fn open(cfg: &Config) -> anyhow::Result<App> {
    app(cfg, open_store(cfg).await?).await
}

/// Serves until Ctrl-C or SIGTERM, then drains open requests.
pub async fn run(cfg: &Config) -> anyhow::Result<()> {
    serve(cfg, open(cfg).await?).await
}

/// How long stopping waits for the background jobs to record the sends they began.
const JOBS_GRACE: std::time::Duration = std::time::Duration::from_secs(40);

/// Sets where notifications go, from the configuration.
fn notifications(cfg: &Config, app: &App) -> anyhow::Result<()> {
    app.set_outlets(cfg.outlets()?);
    tracing::info!(outlets = %cfg.outlets_summary(), "notifications ready");
    Ok(())
}

/// Serves an application (with its background jobs) until Ctrl-C or SIGTERM.
pub async fn serve(cfg: &Config, app: App) -> anyhow::Result<()> {
    notifications(cfg, &app)?;
    let jobs = motcua_app::jobs::spawn(&app);
    let router = motcua_web::router(AppState::new(app.clone(), cfg.web_settings()));
    let listener = tokio::net::TcpListener::bind(&cfg.listen)
        .await
        .with_context(|| format!("binding {}", cfg.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "motcua listening");
    eprintln!("motcua: http://{addr}/");
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    motcua_app::jobs::stop(&app, jobs, JOBS_GRACE).await;
    Ok(())
}

/// Runs the background jobs without serving (`motcua worker`), until Ctrl-C or SIGTERM.
pub async fn worker(cfg: &Config) -> anyhow::Result<()> {
    let app = open(cfg).await?;
    notifications(cfg, &app)?;
    let jobs = motcua_app::jobs::spawn(&app);
    tracing::info!(jobs = jobs.len(), "motcua worker running");
    shutdown().await;
    motcua_app::jobs::stop(&app, jobs, JOBS_GRACE).await;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

/// Serves the sandbox payment gateway alone (`motcua gateway-sandbox`), for a merchant
/// whose IPN is at `ipn_url`, until Ctrl-C or SIGTERM.
pub async fn gateway_sandbox(listen: &str, keys: motcua_vnpay::MerchantKeys, ipn_url: String) -> anyhow::Result<()> {
    let settings = motcua_web::sandbox::SandboxSettings { keys, ipn_url };
    let router: axum::Router = motcua_web::sandbox::routes(&settings);
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("binding {listen}"))?;
    let addr = listener.local_addr()?;
    eprintln!(
        "motcua gateway-sandbox: http://{addr}{} (set payment_gateway_url to this)",
        motcua_web::sandbox::PREFIX
    );
    axum::serve(listener, router).with_graceful_shutdown(shutdown()).await?;
    Ok(())
}
