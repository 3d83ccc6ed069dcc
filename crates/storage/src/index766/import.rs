//! Dossiers imported from older systems: the dossier rows and their history lines with the
//! original times, many rows per statement, all in one transaction (nothing is written unless
//! the whole file is). The history trigger marks them pending for the index.

use std::collections::HashMap;

use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use motcua_domain::dossier::{Applicant, HistoryAction, HistoryDetail, Status};
use motcua_domain::ids::{AgencyId, ProcedureId};
use motcua_domain::procedure::Channel;

use super::opt_ms;
use crate::dossiers::{search_text, stored};
use crate::{Result, StorageError, Store, to_ms};

/// Dossiers per multi-row statement.
const DOSSIERS_PER_STATEMENT: usize = 200;
/// History lines per multi-row statement.
const LINES_PER_STATEMENT: usize = 500;

/// One history line of an imported dossier.
#[derive(Debug, Clone)]
pub struct ImportedLine {
    pub at: OffsetDateTime,
    pub action: HistoryAction,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub detail: HistoryDetail,
}

/// One imported dossier, checked.
#[derive(Debug, Clone)]
pub struct ImportedDossier {
    pub code: String,
    /// The look-up secret (random).
    pub secret: String,
    pub procedure_id: ProcedureId,
    pub form_version: i64,
    pub agency_id: AgencyId,
    pub channel: Channel,
    pub status: Status,
    pub applicant: Applicant,
    pub data: serde_json::Value,
    pub received_at: OffsetDateTime,
    pub due_at: Option<OffsetDateTime>,
    pub supplements_requested: i64,
    pub extensions: i64,
    pub finished_at: Option<OffsetDateTime>,
    /// The instant of the last line (or the receipt).
    pub updated_at: OffsetDateTime,
    /// SHA-256 of the line it came from: the same line imported again is recognised.
    pub hash: String,
    pub synced_national: Option<bool>,
    pub history: Vec<ImportedLine>,
}

/// An import under way, committed by [`DossierImport::commit`]. On PostgreSQL it is one
/// transaction (dropped without `commit`, nothing is written). On SQLite, whose writers take
/// turns, each batch is committed as it is written, so that a server running meanwhile waits
/// for one batch at most, never for the whole file; an import cut short leaves whole
/// dossiers only, and running it again completes it (dossiers already stored are skipped).
pub struct DossierImport {
    store: Store,
    /// None only between a batch's commit and the next transaction (SQLite).
    tx: Option<Transaction<'static, Any>>,
    imported_at: i64,
    count: u64,
}

impl Store {
    /// The stored dossiers among `codes`: for each, the hash of the line it was imported from
    /// (None: filed here, not imported).
    pub async fn dossier_import_hashes(&self, codes: &[String]) -> Result<HashMap<String, Option<String>>> {
        let mut out = HashMap::new();
        for chunk in codes.chunks(500) {
            let marks = super::read_placeholders(chunk.len());
            let sql = format!("SELECT code, import_hash FROM dossiers WHERE code IN ({marks})");
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for c in chunk {
                q = q.bind(c.as_str());
            }
            for r in q.fetch_all(&self.read).await? {
                out.insert(r.try_get("code")?, r.try_get("import_hash")?);
            }
        }
        Ok(out)
    }

    /// Starts an import.
    pub async fn begin_dossier_import(&self, now: OffsetDateTime) -> Result<DossierImport> {
        Ok(DossierImport {
            store: self.clone(),
            tx: Some(self.write.begin().await?),
            imported_at: to_ms(now),
            count: 0,
        })
    }
}

impl DossierImport {
    fn tx(&mut self) -> Result<&mut Transaction<'static, Any>> {
        self.tx
            .as_mut()
            .ok_or_else(|| StorageError::Corrupt("import transaction closed".into()))
    }

    /// Writes `batch` (dossiers whose codes are not stored yet) with their history lines.
    pub async fn write(&mut self, batch: &[ImportedDossier]) -> Result<()> {
        for chunk in batch.chunks(DOSSIERS_PER_STATEMENT) {
            let ids = self.insert_dossiers(chunk).await?;
            let mut lines: Vec<(i64, &ImportedDossier, &ImportedLine)> = Vec::new();
            for d in chunk {
                let id = *ids
                    .get(&d.code)
                    .ok_or_else(|| StorageError::Corrupt(format!("imported dossier {} has no id", d.code)))?;
                lines.extend(d.history.iter().map(|l| (id, d, l)));
            }
            for part in lines.chunks(LINES_PER_STATEMENT) {
                self.insert_lines(part).await?;
            }
        }
        self.count += u64::try_from(batch.len()).unwrap_or(0);
        if self.store.backend() == crate::Backend::Sqlite {
            // One write connection: commit before taking it again.
            if let Some(tx) = self.tx.take() {
                tx.commit().await?;
            }
            self.tx = Some(self.store.write.begin().await?);
        }
        Ok(())
    }

    async fn insert_dossiers(&mut self, chunk: &[ImportedDossier]) -> Result<HashMap<String, i64>> {
        const COLUMNS: usize = 22;
        let sql = format!(
            "INSERT INTO dossiers (code, secret, procedure_id, form_version, receiving_agency_id, agency_id, channel, \
             status, step, applicant, data, submitted_at, received_at, due_at, supplements_requested, extensions, \
             finished_at, version, updated_at, search_text, imported_at, import_hash, synced_national, \
             overdue_recorded_at, documents_kept_at) VALUES {} RETURNING id, code",
            (0..chunk.len())
                .map(|r| {
                    let n = |c: usize| format!("${}", r * COLUMNS + c);
                    format!(
                        "({}, {}, {}, {}, {}, {}, {}, {}, 0, {}, {}, {}, {}, {}, {}, {}, {}, 1, {}, {}, {}, {}, {}, {}, {})",
                        n(1),
                        n(2),
                        n(3),
                        n(4),
                        n(5),
                        n(5),
                        n(6),
                        n(7),
                        n(8),
                        n(9),
                        n(10),
                        n(11),
                        n(12),
                        n(13),
                        n(14),
                        n(15),
                        n(16),
                        n(17),
                        n(18),
                        n(19),
                        n(20),
                        n(21),
                        n(22)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for d in chunk {
            q = q
                .bind(d.code.as_str())
                .bind(d.secret.as_str())
                .bind(d.procedure_id.get())
                .bind(d.form_version)
                .bind(d.agency_id.get())
                .bind(d.channel.as_str())
                .bind(stored::status(d.status))
                .bind(serde_json::to_string(&d.applicant)?)
                .bind(d.data.to_string())
                .bind(to_ms(d.received_at))
                .bind(to_ms(d.received_at))
                .bind(opt_ms(d.due_at))
                .bind(d.supplements_requested)
                .bind(d.extensions)
                .bind(opt_ms(d.finished_at))
                .bind(to_ms(d.updated_at))
                .bind(search_text(&d.code, &d.applicant))
                .bind(self.imported_at)
                .bind(d.hash.as_str())
                .bind(d.synced_national.map(i64::from))
                .bind(self.imported_at)
                .bind(self.imported_at);
        }
        let rows = q
            .fetch_all(&mut **self.tx()?)
            .await
            .map_err(StorageError::unique("code"))?;
        rows.iter()
            .map(|r| Ok((r.try_get::<String, _>("code")?, r.try_get::<i64, _>("id")?)))
            .collect()
    }

    async fn insert_lines(&mut self, part: &[(i64, &ImportedDossier, &ImportedLine)]) -> Result<()> {
        const COLUMNS: usize = 7;
        let sql = format!(
            "INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, \
             agency_id, detail) VALUES {}",
            (0..part.len())
                .map(|r| {
                    let n = |c: usize| format!("${}", r * COLUMNS + c);
                    format!(
                        "({}, {}, CAST(NULL AS BIGINT), {}, {}, {}, CAST(NULL AS BIGINT), 0, {}, {})",
                        n(1),
                        n(2),
                        n(3),
                        n(4),
                        n(5),
                        n(6),
                        n(7)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, d, l) in part {
            q = q
                .bind(*id)
                .bind(to_ms(l.at))
                .bind(stored::action(l.action))
                .bind(l.from_status.map(stored::status))
                .bind(stored::status(l.to_status))
                .bind(d.agency_id.get())
                .bind(stored::detail(l.action, &l.detail));
        }
        q.execute(&mut **self.tx()?).await?;
        Ok(())
    }

    /// Commits everything written, with one audit record (the count and the file's hash).
    pub async fn commit(mut self, file_hash: &str) -> Result<u64> {
        let count = self.count;
        crate::audit::record(
            self.tx()?,
            None,
            "dossiers.imported",
            ("import", file_hash),
            serde_json::json!({"dossiers": count}),
        )
        .await?;
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        Ok(self.count)
    }
}
