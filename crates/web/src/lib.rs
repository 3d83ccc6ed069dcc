//! HTTP layer of motcua: the public portal (server-rendered HTML, Vietnamese first), the JSON
//! API under `/api/v1`, Open311, the signed chat webhook, sessions, CSRF and security headers.
//! It holds routing, extraction and rendering only: every rule and every read or write goes
//! through the use cases of `motcua-app`, whose errors map to problem+json and to pages here.

pub mod api;
pub mod auth;
pub mod channels;
mod error;
mod i18n;
mod middleware;
mod open311;
mod portal;
mod problem;
mod router;
pub mod sandbox;
mod settings;
mod state;

pub use auth::forwarded::ProxyNet;
pub use error::ApiError;
pub use router::{router, router_with};
pub use settings::{ChannelSettings, FeedbackSettings, MapSettings, Open311Settings, WebSettings};
pub use state::AppState;
