//! `motcua import-dossiers FILE`: dossiers from older systems, one JSON object per line.
//!
//! Two passes over the file. The first checks every line (against the catalogue, the other
//! lines and the stored dossiers) and keeps only each code's hash; if any line is bad, every
//! bad line is reported with its number and reason and nothing is written. The second writes
//! the new dossiers with their history, many rows per statement: in one transaction on
//! PostgreSQL, one per batch on SQLite (see `motcua_storage::DossierImport`). A line
//! whose code is stored already with the same content (or repeated identically in the file)
//! is skipped: importing a file again changes nothing. Then the index counters are brought up
//! to date.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use motcua_domain::ids::ProcedureId;
use motcua_storage::ImportedDossier;

use super::line::{LineError, Parsed, parse};
use crate::dossiers::new_secret;
use crate::{App, AppError, Result};

/// Dossiers written per call to storage.
const BATCH: usize = 1000;
/// Codes looked up in the store at once.
const LOOKUP: usize = 500;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Non-blank lines read.
    pub lines: usize,
    /// Dossiers written.
    pub imported: u64,
    /// Lines skipped: the same dossier is stored already (or repeated in the file).
    pub unchanged: usize,
    /// Dossiers brought into the index counters afterwards.
    pub indexed: usize,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn lines_of(path: &Path) -> Result<impl Iterator<Item = Result<(usize, String)>>> {
    let file = std::fs::File::open(path).map_err(|e| AppError::Internal(format!("reading {}: {e}", path.display())))?;
    Ok(BufReader::new(file).lines().enumerate().map(|(i, l)| {
        l.map(|text| (i + 1, text))
            .map_err(|e| AppError::Internal(format!("reading line {}: {e}", i + 1)))
    }))
}

/// Imports the dossiers of the JSON Lines file at `path` (all or nothing).
pub async fn import_dossiers(app: &App, path: &Path) -> Result<ImportSummary> {
    let catalogue = app.catalogue();
    let now = OffsetDateTime::now_utc();
    let mut summary = ImportSummary::default();
    let mut errors: Vec<LineError> = Vec::new();
    let mut seen: HashMap<String, ([u8; 32], usize)> = HashMap::new();
    let mut skip: HashSet<usize> = HashSet::new();
    let mut to_look_up: Vec<(String, [u8; 32], usize)> = Vec::new();
    let mut file_hash = Sha256::new();
    for item in lines_of(path)? {
        let (n, text) = item?;
        if text.trim().is_empty() {
            continue;
        }
        summary.lines += 1;
        file_hash.update(text.as_bytes());
        file_hash.update(b"\n");
        let p = match parse(&text, n, &catalogue, now) {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match seen.get(&p.code) {
            Some((hash, _)) if *hash == p.hash => {
                skip.insert(n);
            }
            Some((_, first)) => errors.push(LineError {
                line: n,
                code: "duplicate_code",
                detail: format!("{}: line {first} has the same code with other content", p.code),
            }),
            None => {
                seen.insert(p.code.clone(), (p.hash, n));
                to_look_up.push((p.code, p.hash, n));
            }
        }
        if to_look_up.len() >= LOOKUP {
            look_up(app, &mut to_look_up, &mut skip, &mut errors).await?;
        }
    }
    look_up(app, &mut to_look_up, &mut skip, &mut errors).await?;
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(AppError::InvalidImport(errors));
    }
    summary.unchanged = skip.len();
    if summary.lines > skip.len() {
        summary.imported = write(app, path, &skip, now)
            .await?
            .commit(&hex(&file_hash.finalize()))
            .await?;
    }
    summary.indexed = super::refresh_all(app).await?;
    Ok(summary)
}

/// Checks codes against the stored dossiers: the same content is skipped, other content (or a
/// dossier filed here) is a duplicate.
async fn look_up(
    app: &App,
    batch: &mut Vec<(String, [u8; 32], usize)>,
    skip: &mut HashSet<usize>,
    errors: &mut Vec<LineError>,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let codes: Vec<String> = batch.iter().map(|b| b.0.clone()).collect();
    let stored = app.store().dossier_import_hashes(&codes).await?;
    for (code, hash, n) in batch.drain(..) {
        match stored.get(&code) {
            None => {}
            Some(Some(h)) if *h == hex(&hash) => {
                skip.insert(n);
            }
            Some(Some(_)) => errors.push(LineError {
                line: n,
                code: "duplicate_code",
                detail: format!("{code}: imported before with other content"),
            }),
            Some(None) => errors.push(LineError {
                line: n,
                code: "duplicate_code",
                detail: format!("{code}: a dossier filed here has this code"),
            }),
        }
    }
    Ok(())
}

/// The second pass: every line not skipped, written in batches inside one transaction.
async fn write(
    app: &App,
    path: &Path,
    skip: &HashSet<usize>,
    now: OffsetDateTime,
) -> Result<motcua_storage::DossierImport> {
    let catalogue = app.catalogue();
    let mut import = app.store().begin_dossier_import(now).await?;
    let mut versions: HashMap<ProcedureId, i64> = HashMap::new();
    let mut batch: Vec<ImportedDossier> = Vec::with_capacity(BATCH);
    for item in lines_of(path)? {
        let (n, text) = item?;
        if text.trim().is_empty() || skip.contains(&n) {
            continue;
        }
        // Checked in the first pass; a file changed in between is refused.
        let p = parse(&text, n, &catalogue, now).map_err(|e| AppError::InvalidImport(vec![e]))?;
        let form_version = match versions.get(&p.procedure_id) {
            Some(v) => *v,
            None => {
                let v = app
                    .store()
                    .form_versions(p.procedure_id)
                    .await?
                    .last()
                    .map_or(1, |v| v.0);
                versions.insert(p.procedure_id, v);
                v
            }
        };
        batch.push(dossier(p, form_version));
        if batch.len() >= BATCH {
            import.write(&batch).await?;
            batch.clear();
        }
    }
    import.write(&batch).await?;
    Ok(import)
}

fn dossier(p: Parsed, form_version: i64) -> ImportedDossier {
    let s = p.shape();
    ImportedDossier {
        secret: new_secret(),
        procedure_id: p.procedure_id,
        form_version,
        agency_id: p.agency_id,
        channel: p.channel,
        status: s.status,
        received_at: p.received_at,
        due_at: s.due_at,
        supplements_requested: s.supplements_requested,
        extensions: s.extensions,
        finished_at: s.finished_at,
        updated_at: s.updated_at,
        hash: hex(&p.hash),
        synced_national: p.synced_national,
        history: s.history,
        code: p.code,
        applicant: p.applicant,
        data: p.data,
    }
}
