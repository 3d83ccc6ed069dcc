//! The procedure catalogue and the organisation: editing procedures and their processes,
//! agencies and units, importing and exporting the whole catalogue. Every change refreshes
//! the snapshot; other nodes see it through the revision counter (the refresh job).

mod organisation;
mod procedures;
mod transfer;

pub use organisation::{agencies, create_agency, create_unit, unit_by_code, units, units_of};
pub use procedures::{create_procedure, may_edit, set_process, update_procedure};
pub use transfer::{export_document, import_document, stored_procedure};
