//! Immutable snapshots read by every request: the catalogue (procedures with their process,
//! agencies, the search index), the working-day calendar and the feedback setup. Each is
//! rebuilt off the async threads and swapped whole.

mod calendar;
mod catalogue;
mod feedback_setup;

pub use calendar::CalendarSnapshot;
pub use catalogue::{CatalogueSnapshot, Filter, ProcedureEntry};
pub use feedback_setup::FeedbackSetup;

use std::sync::{Arc, RwLock};

/// A value swapped whole; readers keep the `Arc` they got.
pub(crate) struct Slot<T>(RwLock<Arc<T>>);

impl<T> Slot<T> {
    pub(crate) fn new(value: T) -> Self {
        Slot(RwLock::new(Arc::new(value)))
    }

    pub(crate) fn get(&self) -> Arc<T> {
        match self.0.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub(crate) fn set(&self, value: T) {
        match self.0.write() {
            Ok(mut g) => *g = Arc::new(value),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(value),
        }
    }
}
