//! The in-memory catalogue: every procedure with the process in force for it, the
//! agencies, and the search index, as one immutable snapshot swapped whole on change.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use bytes::Bytes;

use motcua_domain::agency::Level;
use motcua_domain::dossier::Process;
use motcua_domain::ids::{AgencyId, ProcedureId};
use motcua_domain::procedure::{OnlineLevel, ProcedureInput};
use motcua_search::{CatalogueIndex, SearchDoc};
use motcua_storage::{Agency, Store, StoredProcedure};

use crate::error::{AppError, Result};

/// Slots of the rendered-page memo (one per portal language).
pub const PAGE_MEMO_SLOTS: usize = 2;

/// One procedure, the process its dossiers follow, and a memo of its public page as
/// rendered for anonymous readers (per language), dropped with the snapshot.
#[derive(Debug)]
pub struct ProcedureEntry {
    pub id: ProcedureId,
    pub version: i64,
    pub updated_at: i64,
    pub procedure: ProcedureInput,
    /// The process set for the procedure, or the standard one for its time limit: the one
    /// place where that choice is made.
    pub process: Process,
    page_memo: [OnceLock<Bytes>; PAGE_MEMO_SLOTS],
}

impl ProcedureEntry {
    pub fn new(stored: StoredProcedure, process: Option<Process>) -> Self {
        let process = process.unwrap_or_else(|| Process::standard(&stored.procedure.time_limit));
        Self {
            id: stored.id,
            version: stored.version,
            updated_at: stored.updated_at,
            procedure: stored.procedure,
            process,
            page_memo: Default::default(),
        }
    }

    /// The page every anonymous reader of one language gets, rendered once per snapshot.
    pub fn memo_page(&self, slot: usize, render: impl FnOnce() -> Bytes) -> Bytes {
        match self.page_memo.get(slot) {
            Some(cell) => cell.get_or_init(render).clone(),
            None => render(),
        }
    }
}

impl std::ops::Deref for ProcedureEntry {
    type Target = ProcedureInput;
    fn deref(&self) -> &ProcedureInput {
        &self.procedure
    }
}

pub struct CatalogueSnapshot {
    pub revision: i64,
    pub procedures: Vec<Arc<ProcedureEntry>>,
    by_code: HashMap<String, usize>,
    by_id: HashMap<ProcedureId, usize>,
    pub agencies: Vec<Agency>,
    pub fields: Vec<String>,
    index: CatalogueIndex,
}

/// Filters of the catalogue listing.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub q: String,
    pub agency: Option<String>,
    pub level: Option<Level>,
    pub field: Option<String>,
    pub online: Option<OnlineLevel>,
}

impl CatalogueSnapshot {
    /// Loads the catalogue and builds the snapshot on a blocking thread (indexing 6,500
    /// procedures takes a fraction of a second of CPU that must not stall requests).
    pub(crate) async fn load(store: &Store) -> Result<Self> {
        // Read the revision first: a change landing meanwhile makes the next poll reload.
        let revision = store.catalogue_revision().await?;
        let stored = store.load_catalogue().await?;
        let agencies = store.list_agencies().await?;
        let processes: HashMap<ProcedureId, Process> = store.procedure_processes().await?.into_iter().collect();
        tokio::task::spawn_blocking(move || Self::build(revision, stored, processes, agencies))
            .await
            .map_err(|e| AppError::Internal(format!("catalogue build: {e}")))?
    }

    /// Builds a snapshot (CPU-bound: call it off the async threads).
    pub fn build(
        revision: i64,
        stored: Vec<StoredProcedure>,
        mut processes: HashMap<ProcedureId, Process>,
        agencies: Vec<Agency>,
    ) -> Result<Self> {
        let procedures: Vec<Arc<ProcedureEntry>> = stored
            .into_iter()
            .map(|s| {
                let process = processes.remove(&s.id);
                Arc::new(ProcedureEntry::new(s, process))
            })
            .collect();
        let by_code = procedures
            .iter()
            .enumerate()
            .map(|(i, p)| (p.procedure.code.clone(), i))
            .collect();
        let by_id = procedures.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let mut fields: Vec<String> = procedures
            .iter()
            .map(|p| p.procedure.field.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Vietnamese order: "Đất đai" sorts with D, not after Z.
        fields.sort_by_cached_key(|f| motcua_domain::text::fold(f));
        let index = CatalogueIndex::build(
            procedures
                .iter()
                .enumerate()
                .map(|(i, e)| SearchDoc::for_procedure(i as u64, &e.procedure)),
        )
        .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Self {
            revision,
            procedures,
            by_code,
            by_id,
            agencies,
            fields,
            index,
        })
    }

    pub fn get(&self, code: &str) -> Option<&Arc<ProcedureEntry>> {
        self.by_code.get(code).map(|&i| &self.procedures[i])
    }

    /// A procedure by its id (dossiers refer to procedures by id).
    pub fn by_id(&self, id: ProcedureId) -> Option<&Arc<ProcedureEntry>> {
        self.by_id.get(&id).map(|&i| &self.procedures[i])
    }

    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.code == code)
    }

    pub fn agency_by_id(&self, id: AgencyId) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }

    /// Ids of the agencies a procedure names (unknown codes are left to validation).
    pub fn agency_ids(&self, p: &ProcedureInput) -> Vec<AgencyId> {
        p.agencies
            .iter()
            .filter_map(|c| self.agency(c.as_str()).map(|a| a.id))
            .collect()
    }

    /// Matching procedures: ranked by relevance when there is a query, by name otherwise.
    pub fn find(&self, f: &Filter) -> Result<Vec<&Arc<ProcedureEntry>>> {
        let keep = |e: &ProcedureEntry| {
            let p = &e.procedure;
            f.agency
                .as_ref()
                .is_none_or(|a| p.agencies.iter().any(|c| c.as_str() == a))
                && f.level.is_none_or(|l| p.levels.contains(&l))
                && f.field.as_ref().is_none_or(|x| &p.field == x)
                && f.online.is_none_or(|o| p.online_level == o)
        };
        if f.q.trim().is_empty() {
            let mut all: Vec<_> = self.procedures.iter().filter(|e| keep(e)).collect();
            all.sort_by_cached_key(|e| motcua_domain::text::fold(&e.procedure.name));
            return Ok(all);
        }
        let hits = self
            .index
            .search(&f.q, 1000)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(hits
            .iter()
            .filter_map(|h| self.procedures.get(usize::try_from(h.key).ok()?))
            .filter(|e| keep(e))
            .collect())
    }

    pub fn len(&self) -> usize {
        self.procedures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.procedures.is_empty()
    }
}
