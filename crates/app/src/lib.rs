//! The application layer of motcua: the use cases (filing and acting on dossiers, uploads,
//! who may read what, the public look-up, feedback, accounts and sessions, the catalogue
//! and the calendar) and the background jobs, shared by every entry point — the portal and
//! the API (`motcua-web`), the command line and workers (`motcua`). It knows nothing of
//! HTTP: its errors are `AppError`, which the web layer maps to problem+json and pages.
//!
//! A use case is a function taking the `App` (and the `Principal` acting): it checks the
//! domain's rules, calls storage, and returns domain or storage records.

pub mod accounts;
pub mod calendar;
pub mod catalogue;
pub mod documents;
pub mod dossiers;
mod error;
pub mod feedback;
pub mod index;
pub mod jobs;
pub mod notifications;
pub mod payments;
pub mod postal;
pub mod ratings;
pub mod results;
mod settings;
pub mod snapshots;

/// The stored records use cases return (read-only views for the layers above).
pub mod records {
    pub use motcua_storage::{
        Agency, Attachment, DossierRecord, FeedbackChannel, FeedbackDetail, FeedbackEvent, FeedbackFilter,
        FeedbackHistory, FeedbackOrder, FeedbackRecord, HandOverRow, HistoryEntry, ImportReport, Media, Open311Client,
        PaymentRecord, ResultRecord, StoredProcedure, Unit,
    };
    pub use motcua_storage::{
        ChannelPreferences, DeliveryChannel, DeliveryRecord, DeliveryState, InboxItem, PreferredLang,
    };
    pub use motcua_storage::{PostalRecord, RatingHandler, RatingRecord, StoredDocument};
}

use std::sync::Arc;

use motcua_storage::{Backend, FileStore, Store};

pub use error::{AppError, Result};
pub use settings::{FeedbackRules, PaymentSettings, Settings, SigningSettings};
pub use snapshots::{CalendarSnapshot, CatalogueSnapshot, FeedbackSetup, Filter, ProcedureEntry};

use accounts::ratelimit::LoginLimiter;
use snapshots::Slot;

/// A name for this process's leases: the process id and random bits (unique across hosts).
fn worker_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 6];
    rand::rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}", std::process::id())
}

/// The application: storage, files, settings and the current snapshots. Cheap to clone.
#[derive(Clone)]
pub struct App(Arc<Inner>);

struct Inner {
    store: Store,
    files: FileStore,
    settings: Settings,
    login_limiter: LoginLimiter,
    pdf_permits: tokio::sync::Semaphore,
    catalogue: Slot<CatalogueSnapshot>,
    calendar: Slot<CalendarSnapshot>,
    feedback_setup: Slot<FeedbackSetup>,
    /// Where notifications go (none until the command line sets them: inbox only).
    outlets: Slot<notifications::Outlets>,
    /// Names this process in the leases it takes on outbox events and deliveries.
    worker_id: String,
    /// Tells the background jobs to stop.
    stop: tokio::sync::watch::Sender<bool>,
}

impl App {
    /// Opens the application over a migrated store and a file store, with the first
    /// catalogue, calendar and feedback-setup snapshots.
    pub async fn new(store: Store, files: FileStore, settings: Settings) -> Result<App> {
        let catalogue = CatalogueSnapshot::load(&store).await?;
        let calendar = CalendarSnapshot::load(&store).await?;
        let feedback_setup = FeedbackSetup::load(&store).await?;
        Ok(App(Arc::new(Inner {
            login_limiter: LoginLimiter::new(settings.login_attempts_per_minute),
            pdf_permits: tokio::sync::Semaphore::new(settings.pdf_workers.max(1)),
            store,
            files,
            settings,
            catalogue: Slot::new(catalogue),
            calendar: Slot::new(calendar),
            feedback_setup: Slot::new(feedback_setup),
            outlets: Slot::new(notifications::Outlets::default()),
            worker_id: worker_id(),
            stop: tokio::sync::watch::Sender::new(false),
        })))
    }

    /// Sets where notifications go (the command line builds the senders from the
    /// configuration).
    pub fn set_outlets(&self, outlets: notifications::Outlets) {
        self.0.outlets.set(outlets);
    }

    /// Where notifications go.
    pub fn outlets(&self) -> Arc<notifications::Outlets> {
        self.0.outlets.get()
    }

    /// This process's name in the leases it takes.
    pub fn worker_id(&self) -> &str {
        &self.0.worker_id
    }

    /// Asks the background jobs to stop (they finish the round they are in).
    pub fn stop(&self) {
        self.0.stop.send_replace(true);
    }

    /// Becomes `true` when the jobs are asked to stop.
    pub fn stopping(&self) -> tokio::sync::watch::Receiver<bool> {
        self.0.stop.subscribe()
    }

    pub fn settings(&self) -> &Settings {
        &self.0.settings
    }

    /// The current catalogue snapshot (procedures and their processes, agencies, search).
    pub fn catalogue(&self) -> Arc<CatalogueSnapshot> {
        self.0.catalogue.get()
    }

    /// The current working-day calendar.
    pub fn calendar(&self) -> Arc<CalendarSnapshot> {
        self.0.calendar.get()
    }

    /// The current feedback setup.
    pub fn feedback_setup(&self) -> Arc<FeedbackSetup> {
        self.0.feedback_setup.get()
    }

    /// Reloads the catalogue (after a change here, or one seen on another node).
    pub async fn refresh_catalogue(&self) -> Result<()> {
        self.0.catalogue.set(CatalogueSnapshot::load(&self.0.store).await?);
        Ok(())
    }

    /// Rebuilds the calendar from storage.
    pub async fn refresh_calendar(&self) -> Result<()> {
        self.0.calendar.set(CalendarSnapshot::load(&self.0.store).await?);
        Ok(())
    }

    /// Reloads the feedback setup from storage.
    pub async fn refresh_feedback_setup(&self) -> Result<()> {
        self.0.feedback_setup.set(FeedbackSetup::load(&self.0.store).await?);
        Ok(())
    }

    /// Which database is behind the application.
    pub fn backend(&self) -> Backend {
        self.0.store.backend()
    }

    /// Which file store is behind the application (`local` or `s3`).
    pub fn files_label(&self) -> &'static str {
        self.0.files.label()
    }

    /// Readiness: the database and the file store answer.
    pub async fn ready(&self) -> Result<()> {
        self.0
            .store
            .ping()
            .await
            .map_err(|_| AppError::Internal("database unreachable".into()))?;
        self.0
            .files
            .check()
            .await
            .map_err(|_| AppError::Internal("file store unreachable".into()))
    }

    pub(crate) fn store(&self) -> &Store {
        &self.0.store
    }

    pub(crate) fn files(&self) -> &FileStore {
        &self.0.files
    }

    pub(crate) fn login_limiter(&self) -> &LoginLimiter {
        &self.0.login_limiter
    }

    /// Runs CPU-heavy work (a PDF) on a blocking thread, at most `pdf_workers` at once.
    pub(crate) async fn render<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let _permit = self
            .0
            .pdf_permits
            .acquire()
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AppError::Internal(format!("render: {e}")))
    }
}
