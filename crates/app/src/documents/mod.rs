//! The citizen's document store (kho dữ liệu): a citizen's own documents (list, download,
//! add, delete), the accepted components of their received dossiers kept for them, files an
//! officer pushes to them or results they upload for them, and reusing a kept
//! document for a component of a new dossier instead of an upload. Only the owner reads or
//! deletes a document; everyone else gets `NotFound`.

mod accepted;
mod own;
mod push;
mod reuse;

pub use accepted::{keep_accepted, keep_pending};
pub use own::{StoreFile, add, delete, file, mine};
pub use push::{ResultFile, keep_result, push_file, push_result};
pub use reuse::{Holding, holdings, reuse};

/// Today in Vietnam (issue dates are judged against it).
pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(motcua_domain::calendar::VIETNAM)
        .date()
}
