use std::sync::{Arc, RwLock};

use motcua_domain::calendar::WorkingCalendar;
use motcua_domain::feedback::Setup;
use motcua_storage::{FileStore, Store};

use crate::auth::ratelimit::LoginLimiter;
use crate::catalogue::CatalogueSnapshot;
use crate::error::ApiError;
use crate::settings::Settings;

/// Shared application state; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub files: FileStore,
    pub settings: Settings,
    pub login_limiter: LoginLimiter,
    catalogue: RwLock<Arc<CatalogueSnapshot>>,
    calendar: RwLock<Arc<CalendarSnapshot>>,
    feedback_setup: RwLock<Arc<FeedbackSetup>>,
}

/// The feedback setup (categories, areas, routes) as of a stored version (0: none yet).
pub struct FeedbackSetup {
    pub version: i64,
    pub setup: Setup,
}

impl std::ops::Deref for FeedbackSetup {
    type Target = Setup;
    fn deref(&self) -> &Setup {
        &self.setup
    }
}

impl FeedbackSetup {
    async fn load(store: &Store) -> Result<Self, ApiError> {
        Ok(match store.feedback_setup().await? {
            Some((setup, version)) => Self { version, setup },
            None => Self {
                version: 0,
                setup: Setup::default(),
            },
        })
    }
}

/// The working-day calendar as of a calendar revision.
pub struct CalendarSnapshot {
    pub revision: i64,
    pub calendar: WorkingCalendar,
}

impl CalendarSnapshot {
    async fn load(store: &Store) -> Result<Self, ApiError> {
        let revision = store.calendar_revision().await?;
        let calendar = WorkingCalendar::new(store.calendar_overrides().await?, store.office_hours().await?);
        Ok(Self { revision, calendar })
    }
}

fn read<T>(lock: &RwLock<Arc<T>>) -> Arc<T> {
    match lock.read() {
        Ok(g) => g.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

fn replace<T>(lock: &RwLock<Arc<T>>, value: T) {
    match lock.write() {
        Ok(mut g) => *g = Arc::new(value),
        Err(poisoned) => *poisoned.into_inner() = Arc::new(value),
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Builds the state with the first catalogue and calendar snapshots.
    pub async fn new(store: Store, files: FileStore, settings: Settings) -> Result<AppState, ApiError> {
        let snapshot = CatalogueSnapshot::load(&store).await?;
        let calendar = CalendarSnapshot::load(&store).await?;
        let feedback_setup = FeedbackSetup::load(&store).await?;
        let login_limiter = LoginLimiter::new(settings.login_attempts_per_minute);
        Ok(AppState(Arc::new(Inner {
            store,
            files,
            settings,
            login_limiter,
            catalogue: RwLock::new(Arc::new(snapshot)),
            calendar: RwLock::new(Arc::new(calendar)),
            feedback_setup: RwLock::new(Arc::new(feedback_setup)),
        })))
    }

    /// The current catalogue snapshot (procedures, agencies, search index).
    pub fn catalogue(&self) -> Arc<CatalogueSnapshot> {
        read(&self.catalogue)
    }

    /// The current working-day calendar.
    pub fn calendar(&self) -> Arc<CalendarSnapshot> {
        read(&self.calendar)
    }

    /// The current feedback setup.
    pub fn feedback_setup(&self) -> Arc<FeedbackSetup> {
        read(&self.feedback_setup)
    }

    /// Reloads the feedback setup from storage.
    pub async fn refresh_feedback_setup(&self) -> Result<(), ApiError> {
        replace(&self.feedback_setup, FeedbackSetup::load(&self.store).await?);
        Ok(())
    }

    /// Rebuilds the calendar from storage (after a change here, or one seen on another node).
    pub async fn refresh_calendar(&self) -> Result<(), ApiError> {
        replace(&self.calendar, CalendarSnapshot::load(&self.store).await?);
        Ok(())
    }

    /// Reloads the snapshot from storage (after a change here, or one seen on another node).
    pub async fn refresh_catalogue(&self) -> Result<(), ApiError> {
        replace(&self.catalogue, CatalogueSnapshot::load(&self.store).await?);
        Ok(())
    }

    /// Reloads when the catalogue revision moved since the snapshot was taken.
    pub async fn refresh_catalogue_if_changed(&self) -> Result<bool, ApiError> {
        let rev = self.store.catalogue_revision().await?;
        if rev != self.catalogue().revision {
            self.refresh_catalogue().await?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Background jobs, forever: catalogue and calendar changes made by other nodes, expired
    /// sessions, and the overdue scan (every `overdue_scan`).
    pub fn spawn_background_jobs(&self) {
        let scanner = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(scanner.settings.overdue_scan);
            loop {
                tick.tick().await;
                match scanner.store.record_overdue(time::OffsetDateTime::now_utc(), 500).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(dossiers = n, "recorded overdue dossiers"),
                    Err(e) => tracing::warn!(error = %e, "overdue scan failed"),
                }
            }
        });
        let state = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(state.settings.catalogue_poll);
            loop {
                tick.tick().await;
                if let Err(e) = state.refresh_catalogue_if_changed().await {
                    tracing::warn!(error = %e, "catalogue refresh failed");
                }
                match state.store.calendar_revision().await {
                    Ok(rev) if rev != state.calendar().revision => {
                        if let Err(e) = state.refresh_calendar().await {
                            tracing::warn!(error = %e, "calendar refresh failed");
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "calendar revision check failed"),
                }
                match state.store.feedback_setup().await {
                    Ok(Some((_, v))) if v != state.feedback_setup().version => {
                        if let Err(e) = state.refresh_feedback_setup().await {
                            tracing::warn!(error = %e, "feedback setup refresh failed");
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "feedback setup check failed"),
                }
                if let Err(e) = state.store.purge_expired_sessions().await {
                    tracing::warn!(error = %e, "session purge failed");
                }
            }
        });
    }
}
