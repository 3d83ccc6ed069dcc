//! `motcua open311-key add|revoke` (API keys for Open311 clients: shown once, stored hashed) and
//! `motcua feedback-setup FILE` (categories, areas and routing rules, checked whole).

use std::path::Path;

use anyhow::Context;
use clap::Subcommand;
use motcua_domain::feedback::Setup;
use motcua_storage::Store;
use motcua_web::auth::token::{hash_token, random_token};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Create a key for an Open311 client; prints the key once (only its hash is stored).
    Add {
        /// Who the key is for (an application, a partner).
        #[arg(long)]
        name: String,
    },
    /// Revoke a key by the number `add` printed; clients using it are refused from now on.
    Revoke { id: i64 },
}

pub async fn run_key(store: &Store, cmd: KeyCommand) -> anyhow::Result<()> {
    let name = match cmd {
        KeyCommand::Add { name } => name,
        KeyCommand::Revoke { id } => {
            store
                .revoke_open311_key(id, time::OffsetDateTime::now_utc())
                .await
                .map_err(|e| anyhow::anyhow!("key {id}: {e}"))?;
            eprintln!("Open311 key {id} revoked.");
            return Ok(());
        }
    };
    anyhow::ensure!(!name.trim().is_empty(), "--name is required");
    let key = random_token();
    let id = store
        .add_open311_key(name.trim(), &hash_token(&key), time::OffsetDateTime::now_utc())
        .await?;
    eprintln!(
        "Open311 key {id} for {}: store it now, it is not shown again.",
        name.trim()
    );
    println!("{key}");
    Ok(())
}

/// Replaces the feedback setup with the file's, if every reference in it is valid.
pub async fn import_setup(store: &Store, file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let setup: Setup =
        serde_json::from_str(&text).with_context(|| format!("{} is not a feedback setup", file.display()))?;
    let agencies = store.list_agencies().await?;
    let errors = setup
        .validate(&|code| agencies.iter().any(|a| a.code == code))
        .into_errors();
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("{}: {}", e.field, e.code);
        }
        anyhow::bail!("{} errors; nothing was written", errors.len());
    }
    let current = store.feedback_setup().await?.map(|(_, v)| v);
    let v = store
        .save_feedback_setup(&setup, current, None, time::OffsetDateTime::now_utc())
        .await?;
    eprintln!(
        "feedback setup version {v}: {} categories, {} routes",
        setup.categories.len(),
        setup.routes.len()
    );
    Ok(())
}
