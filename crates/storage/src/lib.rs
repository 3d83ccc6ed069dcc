//! Storage adapter: one code path over SQLite (embedded default) and PostgreSQL, through
//! sqlx's `Any` driver. Only bool/int/float/text/blob cross the driver, so instants are unix
//! milliseconds, booleans 0/1 and structured parts JSON text.
//!
//! Writes go through `Store::write`; on SQLite that pool has one connection, so writers
//! queue instead of failing with SQLITE_BUSY, while readers use WAL snapshots in parallel.

mod audit;
mod calendar;
mod catalogue;
mod commit;
mod db;
mod deliveries;
mod documents;
mod dossiers;
mod drafts;
mod error;
mod feedback;
mod files;
mod index766;
mod instant;
mod organisation;
mod payments;
mod photos;
mod postal;
mod procedures;
mod ratings;
mod results;
mod sessions;
mod users;

#[cfg(feature = "test-support")]
pub mod testing;

pub use audit::AuditEntry;
pub use catalogue::ImportReport;
pub use db::{Backend, Store, StoreOptions};
pub use deliveries::{
    ChannelPreferences, ClaimedDelivery, DeliveryChannel, DeliveryRecord, DeliveryState, FanOutCount, InboxItem,
    NewDelivery, NewInboxItem, OutboxEvent, PreferredLang, UserContact,
};
pub use documents::{AcceptedComponent, DossierToKeep, NewDocument, ReuseCount, StoredDocument};
pub use dossiers::{DossierRecord, HandOverRow, HistoryEntry, NewDossier, NewFee, Queue, Transition};
pub use error::StorageError;
pub use feedback::{
    Channel as FeedbackChannel, FeedbackComment, FeedbackDetail, FeedbackEvent, FeedbackFilter, FeedbackHistory,
    FeedbackOrder, FeedbackRecord, FeedbackTransition, FeedbackUpdate, KeptPhoto, Media, NewFeedback, NewKeptPhoto,
    NewMedia, Open311Client, UpdateFilter,
};
pub use files::{Attachment, FileStore, NewAttachment, S3Config, mime_of, sniff};
pub use index766::{DossierImport, ImportedDossier, ImportedLine, IndexSource, IndexedDossier};
pub use instant::{from_ms, now_ms, to_ms};
pub use organisation::{Agency, Unit};
pub use payments::{NewPayment, PaymentRecord, Settlement};
pub use photos::{CleanPhoto, PhotoError, clean_photo};
pub use postal::{PostalChoice, PostalRecord, PostalStep};
pub use procedures::{SaveOutcome, StoredProcedure};
pub use ratings::{NewRating, RatingChange, RatingFilter, RatingHandler, RatingRecord};
pub use results::{NewResult, ResultRecord, Signed};
pub use sessions::SessionRecord;
pub use users::{NewUser, UserRecord};

/// Result of a storage call.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;
