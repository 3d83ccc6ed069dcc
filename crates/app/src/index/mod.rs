//! The Decision-766 service index (issue 13, first part): dossiers imported from older
//! systems, the counters kept up to date from every dossier's history, the index of an agency
//! for a period, and the drill-down list of the dossiers that cost points.
//!
//! - `import.rs` and `line.rs`: `motcua import-dossiers FILE` (JSON Lines, checked whole before
//!   anything is written, idempotent by code);
//! - `refresh.rs`: brings the counters up to date (the job, and before every reading, so a
//!   transition written by any process shows at once);
//! - `compute.rs`: the index of an agency for a period (a province counts every agency below
//!   it, any other agency only its own dossiers);
//! - `drilldown.rs`: the dossiers that cost points, for officers of the agency or above it and
//!   administrators.

mod compute;
mod drilldown;
mod import;
mod line;
mod refresh;

use std::collections::BTreeMap;

use motcua_domain::ids::AgencyId;
use motcua_domain::index766::{Period, Scope, agencies_in_scope};
use motcua_storage::Agency;

pub use compute::{IndexView, index};
pub use drilldown::{DrillItem, drilldown};
pub use import::{ImportSummary, import_dossiers};
pub use line::LineError;
pub use refresh::{refresh, refresh_all};

use crate::{App, AppError, Result};

/// Why an index question cannot be answered; each has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexQueryError {
    #[error("invalid period {0:?}")]
    InvalidPeriod(String),
    #[error("unknown agency {0:?}")]
    UnknownAgency(String),
    #[error("unknown indicator {0:?}")]
    UnknownIndicator(String),
}

impl IndexQueryError {
    pub fn code(&self) -> &'static str {
        match self {
            IndexQueryError::InvalidPeriod(_) => "invalid_period",
            IndexQueryError::UnknownAgency(_) => "unknown_agency",
            IndexQueryError::UnknownIndicator(_) => "unknown_indicator",
        }
    }
}

pub(crate) fn period_of(text: &str) -> Result<Period> {
    Period::parse(text).map_err(|_| AppError::Index(IndexQueryError::InvalidPeriod(text.to_owned())))
}

pub(crate) fn agency_of(app: &App, code: &str) -> Result<Agency> {
    app.catalogue()
        .agency(code)
        .cloned()
        .ok_or_else(|| AppError::Index(IndexQueryError::UnknownAgency(code.to_owned())))
}

/// The agencies an agency's index counts: a province (an agency at the top, without a parent)
/// every agency below it; any other agency (a department, a commune) only itself.
pub(crate) fn scope_of(app: &App, agency: &Agency) -> Vec<AgencyId> {
    let catalogue = app.catalogue();
    let parents: BTreeMap<AgencyId, AgencyId> = catalogue
        .agencies
        .iter()
        .filter_map(|a| a.parent_id.map(|p| (a.id, p)))
        .collect();
    let scope = if agency.parent_id.is_none() {
        Scope::WithDescendants
    } else {
        Scope::OwnOnly
    };
    agencies_in_scope(agency.id, scope, &parents).into_iter().collect()
}
