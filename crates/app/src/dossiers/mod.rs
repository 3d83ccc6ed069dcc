//! Dossier use cases: filing (online or at the counter) with the draft and its files,
//! acting on a dossier, who may read it and what they may do, officers' queues and search,
//! "my dossiers", the public look-up, and the standard forms as PDF.

mod acting;
mod drafts;
mod filing;
pub mod forms;
mod lists;
mod lookup;
pub mod qr;
pub(crate) mod reading;
mod timeline;
mod uploads;

pub use acting::act;
pub use drafts::{Draft, delete_draft, load_draft, save_draft};
pub use filing::{Filing, counter_agencies, file};
pub use lists::{QueueKind, mine, queue, search, workspace_agencies, workspace_agency};
pub use lookup::{Lookup, lookup, new_secret};
pub use reading::{DossierView, available_actions, readable, view};
pub use timeline::{ActedBy, TimelineLine, timeline};
pub(crate) use uploads::clean_name as clean_file_name;
pub use uploads::{UploadError, delete_draft_file, dossier_file, draft_files, missing_components, upload};
