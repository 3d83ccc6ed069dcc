//! HTTP layer of motcua: the public portal (server-rendered HTML, Vietnamese first), the JSON
//! API under `/api/v1`, sessions, CSRF and security headers. Handlers stay thin: they parse,
//! ask the domain and storage, and render.

pub mod api;
pub mod auth;
mod catalogue;
pub mod channels;
pub mod dossiers;
mod error;
pub mod feedback;
mod i18n;
mod middleware;
mod open311;
mod portal;
mod problem;
mod router;
mod settings;
mod state;

pub use auth::password;
pub use catalogue::{CatalogueSnapshot, ProcedureEntry, export_document};
pub use error::ApiError;
pub use router::router;
pub use settings::{ChannelSettings, FeedbackSettings, MapSettings, Open311Settings, Settings};
pub use state::AppState;
