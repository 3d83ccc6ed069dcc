//! `motcua open311-key add|revoke` (API keys for Open311 clients: shown once, stored hashed) and
//! `motcua feedback-setup FILE` (categories, areas and routing rules, checked whole).

use std::path::Path;

use anyhow::Context;
use clap::Subcommand;
use motcua_app::{App, AppError, feedback};
use motcua_domain::feedback::Setup;

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

pub async fn run_key(app: &App, cmd: KeyCommand) -> anyhow::Result<()> {
    let name = match cmd {
        KeyCommand::Add { name } => name,
        KeyCommand::Revoke { id } => {
            feedback::revoke_open311_key(app, id)
                .await
                .map_err(|e| anyhow::anyhow!("key {id}: {e}"))?;
            eprintln!("Open311 key {id} revoked.");
            return Ok(());
        }
    };
    anyhow::ensure!(!name.trim().is_empty(), "--name is required");
    let (id, key) = feedback::add_open311_key(app, &name).await?;
    eprintln!(
        "Open311 key {id} for {}: store it now, it is not shown again.",
        name.trim()
    );
    println!("{key}");
    Ok(())
}

/// Replaces the feedback setup with the file's, if every reference in it is valid.
pub async fn import_setup(app: &App, file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let setup: Setup =
        serde_json::from_str(&text).with_context(|| format!("{} is not a feedback setup", file.display()))?;
    let v = match feedback::save_setup(app, None, &setup, None).await {
        Ok(v) => v,
        Err(AppError::Validation(errors)) => {
            for e in &errors {
                eprintln!("{}: {}", e.field, e.code);
            }
            anyhow::bail!("{} errors; nothing was written", errors.len());
        }
        Err(e) => return Err(e.into()),
    };
    eprintln!(
        "feedback setup version {v}: {} categories, {} routes",
        setup.categories.len(),
        setup.routes.len()
    );
    Ok(())
}
