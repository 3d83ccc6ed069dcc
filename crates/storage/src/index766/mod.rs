//! The Decision-766 index's storage: the facts and contribution of each dossier
//! (`index_dossiers`), the per-agency per-month counters (`index_counters`), the dossiers whose
//! history changed since (`index_pending`, filled by a trigger on `dossier_history` in the
//! writer's own transaction), and dossiers imported from older systems.
//!
//! - `refresh.rs`: claims pending dossiers and moves their contribution in the counters, one
//!   transaction per batch (several processes may refresh at once: a dossier is claimed by
//!   deleting its pending row, which only one transaction can do);
//! - `read.rs`: counters of a set of agencies, open dossiers past their deadline, the facts of
//!   the dossiers of a period (drill-down);
//! - `import.rs`: dossiers and their history written from an import file, in one transaction.
//!
//! Stored formats: facts and contributions are the domain's serde JSON (`DossierFacts`,
//! `Contribution`); months are `YearMonth::ordinal`.

mod import;
mod read;
mod refresh;

use time::OffsetDateTime;

use motcua_domain::ids::{AgencyId, DossierId, ProcedureId};
use motcua_domain::index766::DossierEvent;
use motcua_domain::procedure::Channel;

pub use import::{DossierImport, ImportedDossier, ImportedLine};
pub use read::IndexedDossier;

/// What the index needs of a dossier to derive its facts: who received it, how, under which
/// procedure, and its history as events (appointments taken from the history lines, or from
/// the dossier's appointment for the last one set when older lines did not record it).
#[derive(Debug, Clone)]
pub struct IndexSource {
    pub dossier_id: DossierId,
    pub procedure_id: ProcedureId,
    pub agency_id: AgencyId,
    pub channel: Channel,
    pub events: Vec<DossierEvent>,
}

/// An integer list for `IN (…)`: integers only, safe to write into a statement.
pub(crate) fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

pub(crate) fn opt_ms(t: Option<OffsetDateTime>) -> Option<i64> {
    t.map(crate::to_ms)
}

/// `$1, $2, …, $n`.
pub(crate) fn read_placeholders(n: usize) -> String {
    (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}
