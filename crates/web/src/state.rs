//! The HTTP layer's state: the application (use cases, snapshots) and the web settings.

use std::sync::Arc;

use motcua_app::App;

use crate::settings::WebSettings;

/// Shared state of every handler; cheap to clone. Derefs to the application, so handlers
/// read snapshots (`state.catalogue()`) and call use cases (`dossiers::file(&state, …)`)
/// directly; storage is only reachable through the use cases.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub app: App,
    pub web: WebSettings,
}

impl AppState {
    pub fn new(app: App, web: WebSettings) -> AppState {
        AppState(Arc::new(Inner { app, web }))
    }

    /// The web settings.
    pub fn web(&self) -> &WebSettings {
        &self.0.web
    }

    pub fn app(&self) -> &App {
        &self.0.app
    }
}

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0.app
    }
}
