//! The in-memory catalogue: every procedure, the agencies, and the search index, as one
//! immutable snapshot swapped whole on change. Catalogue pages and search read only this.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use axum::body::Bytes;

use motcua_domain::agency::Level;
use motcua_domain::procedure::{OnlineLevel, ProcedureInput};
use motcua_search::{CatalogueIndex, SearchDoc};
use motcua_storage::{Agency, Store, StoredProcedure};

use crate::error::ApiError;
use crate::i18n::Lang;

/// One procedure, and its public page as rendered for anonymous readers (per language),
/// filled on first view and dropped with the snapshot when the catalogue changes.
#[derive(Debug)]
pub struct ProcedureEntry {
    pub id: i64,
    pub version: i64,
    pub updated_at: i64,
    pub procedure: ProcedureInput,
    anonymous_page: [OnceLock<Bytes>; 2],
}

impl ProcedureEntry {
    pub fn new(id: i64, version: i64, updated_at: i64, procedure: ProcedureInput) -> Self {
        Self {
            id,
            version,
            updated_at,
            procedure,
            anonymous_page: Default::default(),
        }
    }

    /// The page every anonymous reader of `lang` gets, rendered once.
    pub fn anonymous_page(&self, lang: Lang, render: impl FnOnce() -> Bytes) -> Bytes {
        self.anonymous_page[lang as usize].get_or_init(render).clone()
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
    by_id: HashMap<i64, usize>,
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
    pub async fn load(store: &Store) -> Result<Self, ApiError> {
        // Read the revision first: a change landing meanwhile makes the next poll reload.
        let revision = store.catalogue_revision().await?;
        let stored = store.load_catalogue().await?;
        let agencies = store.list_agencies().await?;
        Self::build(revision, stored, agencies)
    }

    pub fn build(revision: i64, stored: Vec<StoredProcedure>, agencies: Vec<Agency>) -> Result<Self, ApiError> {
        let procedures: Vec<Arc<ProcedureEntry>> = stored
            .into_iter()
            .map(|s| Arc::new(ProcedureEntry::new(s.id, s.version, s.updated_at, s.procedure)))
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
                .map(|(i, e)| SearchDoc::for_procedure(i as u64, e)),
        )
        .map_err(|e| ApiError::Internal(e.to_string()))?;
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

    /// A procedure by its database id (dossiers refer to procedures by id).
    pub fn by_id(&self, id: i64) -> Option<&Arc<ProcedureEntry>> {
        self.by_id.get(&id).map(|&i| &self.procedures[i])
    }

    pub fn agency(&self, code: &str) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.code == code)
    }

    /// Matching procedures: ranked by relevance when there is a query, by name otherwise.
    pub fn find(&self, f: &Filter) -> Result<Vec<&Arc<ProcedureEntry>>, ApiError> {
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
            .map_err(|e| ApiError::Internal(e.to_string()))?;
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

/// The catalogue as one importable document: agencies (parents first), units, procedures.
pub async fn export_document(store: &Store) -> Result<motcua_domain::catalogue::CatalogueDoc, ApiError> {
    use motcua_domain::agency::{AgencyCode, AgencyInput, UnitInput};
    let agencies = store.list_agencies().await?;
    let code_of = |id: i64| {
        agencies
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| AgencyCode::parse(&a.code).ok())
    };
    let mut doc = motcua_domain::catalogue::CatalogueDoc::default();
    for a in &agencies {
        let code = AgencyCode::parse(&a.code).map_err(|e| ApiError::Internal(e.to_string()))?;
        doc.agencies.push(AgencyInput {
            code: code.clone(),
            name: a.name.clone(),
            level: a.level,
            parent: a.parent_id.and_then(code_of),
            valid_from: a.valid_from.clone(),
            valid_to: a.valid_to.clone(),
            address: a.address.clone(),
            phone: a.phone.clone(),
        });
        for u in store.list_units(a.id).await? {
            doc.units.push(UnitInput {
                agency: code.clone(),
                code: u.code,
                name: u.name,
                kind: u.kind,
            });
        }
    }
    doc.agencies = parents_first(std::mem::take(&mut doc.agencies));
    doc.procedures = store.load_catalogue().await?.into_iter().map(|s| s.procedure).collect();
    Ok(doc)
}

/// Orders agencies so every parent comes before its children (import needs that).
fn parents_first(mut rest: Vec<motcua_domain::agency::AgencyInput>) -> Vec<motcua_domain::agency::AgencyInput> {
    let mut out: Vec<motcua_domain::agency::AgencyInput> = Vec::with_capacity(rest.len());
    while !rest.is_empty() {
        let before = rest.len();
        let (ready, wait): (Vec<_>, Vec<_>) = rest
            .into_iter()
            .partition(|a| a.parent.as_ref().is_none_or(|p| out.iter().any(|o| &o.code == p)));
        out.extend(ready);
        rest = wait;
        if rest.len() == before {
            out.append(&mut rest); // a cycle cannot be stored; keep whatever is left
        }
    }
    out
}
