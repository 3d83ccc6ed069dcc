//! `motcua import-dossiers FILE`: dossiers from older systems (JSON Lines), all or nothing.

use std::path::Path;

use motcua_app::{App, AppError};

/// Imports the file and prints what was done, or every bad line (nothing is then written).
pub async fn run(app: &App, file: &Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    match motcua_app::index::import_dossiers(app, file).await {
        Ok(s) => {
            println!(
                "{} lines: {} dossiers imported, {} unchanged; {} dossiers brought into the index ({:.1} s)",
                s.lines,
                s.imported,
                s.unchanged,
                s.indexed,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(AppError::InvalidImport(lines)) => {
            for l in &lines {
                eprintln!("{}:{}: {}: {}", file.display(), l.line, l.code, l.detail);
            }
            anyhow::bail!("{} bad lines; nothing was written", lines.len())
        }
        Err(e) => Err(e.into()),
    }
}
