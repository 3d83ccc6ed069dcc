use std::sync::{Arc, RwLock};

use motcua_storage::Store;

use crate::auth::ratelimit::LoginLimiter;
use crate::catalogue::CatalogueSnapshot;
use crate::error::ApiError;
use crate::settings::Settings;

/// Shared application state; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Store,
    pub settings: Settings,
    pub login_limiter: LoginLimiter,
    catalogue: RwLock<Arc<CatalogueSnapshot>>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// Builds the state and the first catalogue snapshot.
    pub async fn new(store: Store, settings: Settings) -> Result<AppState, ApiError> {
        let snapshot = CatalogueSnapshot::load(&store).await?;
        let login_limiter = LoginLimiter::new(settings.login_attempts_per_minute);
        Ok(AppState(Arc::new(Inner {
            store,
            settings,
            login_limiter,
            catalogue: RwLock::new(Arc::new(snapshot)),
        })))
    }

    /// The current catalogue snapshot (procedures, agencies, search index).
    pub fn catalogue(&self) -> Arc<CatalogueSnapshot> {
        match self.catalogue.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Reloads the snapshot from storage (after a change here, or one seen on another node).
    pub async fn refresh_catalogue(&self) -> Result<(), ApiError> {
        let snapshot = Arc::new(CatalogueSnapshot::load(&self.store).await?);
        match self.catalogue.write() {
            Ok(mut g) => *g = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
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

    /// Polls for catalogue changes made by other nodes, forever.
    pub fn spawn_catalogue_watch(&self) {
        let state = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(state.settings.catalogue_poll);
            loop {
                tick.tick().await;
                if let Err(e) = state.refresh_catalogue_if_changed().await {
                    tracing::warn!(error = %e, "catalogue refresh failed");
                }
                if let Err(e) = state.store.purge_expired_sessions().await {
                    tracing::warn!(error = %e, "session purge failed");
                }
            }
        });
    }
}
