use std::net::SocketAddr;

use anyhow::Context;
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

/// The application state over an open store (files under `data_dir/files` or in the
/// configured S3-compatible bucket, which must answer).
pub async fn state(cfg: &Config, store: Store) -> anyhow::Result<AppState> {
    let files = cfg.file_store()?;
    files
        .check()
        .await
        .with_context(|| format!("the {} file store does not answer", files.label()))?;
    tracing::info!(backend = files.label(), "file store ready");
    AppState::new(store, files, cfg.web_settings())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Serves until Ctrl-C or SIGTERM, then drains open requests.
pub async fn run(cfg: &Config, store: Store) -> anyhow::Result<()> {
    serve(cfg, state(cfg, store).await?).await
}

/// Serves a prepared state until Ctrl-C or SIGTERM, then drains open requests.
pub async fn serve(cfg: &Config, state: AppState) -> anyhow::Result<()> {
    state.spawn_background_jobs();
    let app = motcua_web::router(state);
    let listener = tokio::net::TcpListener::bind(&cfg.listen)
        .await
        .with_context(|| format!("binding {}", cfg.listen))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "motcua listening");
    eprintln!("motcua: http://{addr}/");
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
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
