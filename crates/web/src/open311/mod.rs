//! Open311 GeoReport v2 at `/open311/v2/`: discovery, services and their definitions (the
//! feedback categories and their questions), requests (list with every filter, single,
//! POST with an API key, urlencoded or multipart with photos), tokens, the public photos
//! of public reports, and mySociety's `servicerequestupdates` (`updates.rs`). XML and JSON
//! from one value tree (`format.rs`); errors in `errors.rs`, also for unknown paths, format
//! suffixes and methods anywhere under the root. The contract is `docs/API.md` § Open311
//! GeoReport v2.

mod body;
mod discovery;
mod errors;
mod format;
mod media;
mod params;
mod post;
mod query;
mod requests;
mod services;
mod tokens;
mod updates;
mod view;

use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Query, Request};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use axum::routing::{MethodRouter, any, get};
use axum::{Extension, Router};

use crate::state::AppState;
use errors::Open311Error;
use format::{Format, Val};
use params::Params;

/// The API root.
pub const ROOT: &str = "/open311/v2";

/// Largest POST body: a few photos (each also checked against `max_upload_bytes`).
const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

/// How to answer: format and language.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    pub fmt: Format,
    pub lang: crate::i18n::Lang,
}

type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

impl Call {
    fn new(fmt: Format, headers: &HeaderMap) -> Call {
        Call {
            fmt,
            lang: params::lang(headers),
        }
    }

    /// Renders a document (`root` names the XML root element) or the error.
    fn answer(self, result: Result<(&'static str, Val), Open311Error>) -> Response {
        match result {
            Ok((root, v)) => format::render(self.fmt, StatusCode::OK, root, &v),
            Err(e) => e.render(self.fmt, self.lang),
        }
    }
}

/// The query's parameters, `jurisdiction_id` checked.
fn read_query(state: &AppState, q: QueryPairs) -> Result<Params, Open311Error> {
    let pairs = q.map_err(|_| Open311Error::bad("", "invalid_query"))?;
    let params = Params::new(pairs.0);
    params::check_jurisdiction(state, &params)?;
    Ok(params)
}

/// `name.xml` and `name.json`, the format handed to the handler as an extension.
fn both(r: Router<AppState>, path: &str, m: impl Fn() -> MethodRouter<AppState>) -> Router<AppState> {
    r.route(&format!("{ROOT}/{path}.xml"), m().layer(Extension(Format::Xml)))
        .route(&format!("{ROOT}/{path}.json"), m().layer(Extension(Format::Json)))
}

pub fn routes() -> Router<AppState> {
    let r = Router::new();
    let r = both(r, "discovery", || get(discovery::show));
    let r = both(r, "services", || get(services::list));
    let r = both(r, "requests", || {
        get(requests::list)
            .post(post::create)
            .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
    });
    let r = both(r, "servicerequestupdates", || {
        get(updates::list)
            .post(updates::create)
            .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
    });
    r.route(&format!("{ROOT}/services/{{file}}"), get(services::definition))
        .route(&format!("{ROOT}/requests/{{file}}"), get(requests::single))
        .route(&format!("{ROOT}/tokens/{{file}}"), get(tokens::show))
        .route(&format!("{ROOT}/media/{{request}}/{{media}}"), get(media::photo))
        // Anything else under the root is an Open311 404, never the portal's page.
        .route(ROOT, any(unknown_path))
        .route(&format!("{ROOT}/"), any(unknown_path))
        .route(&format!("{ROOT}/{{*rest}}"), any(unknown_path))
        .layer(from_fn(method_not_allowed))
}

/// The format a path asks for: its last segment's suffix, XML when it has none we know.
fn format_of(path: &str) -> Format {
    let last = path.rsplit('/').next().unwrap_or("");
    Format::split(last).map_or(Format::Xml, |(_, fmt)| fmt)
}

/// An unknown path or format suffix under the root.
async fn unknown_path(uri: Uri, headers: HeaderMap) -> Response {
    Open311Error::not_found().render(format_of(uri.path()), params::lang(&headers))
}

/// A known resource asked with a method it does not answer: an Open311 error document
/// (405, with the `Allow` header the router gave).
async fn method_not_allowed(req: Request, next: Next) -> Response {
    let fmt = format_of(req.uri().path());
    let lang = params::lang(req.headers());
    let res = next.run(req).await;
    if res.status() != StatusCode::METHOD_NOT_ALLOWED {
        return res;
    }
    let mut doc = Open311Error::method_not_allowed().render(fmt, lang);
    if let Some(allow) = res.headers().get(header::ALLOW) {
        doc.headers_mut().insert(header::ALLOW, allow.clone());
    }
    doc
}

/// Splits `name.fmt`; an unknown suffix is an unknown resource (answered in XML).
fn split(file: &str, headers: &HeaderMap) -> Option<(String, Call)> {
    Format::split(file).map(|(name, fmt)| (name.to_owned(), Call::new(fmt, headers)))
}

/// The reply to a file name without a known suffix.
fn unknown_suffix(headers: &HeaderMap) -> Response {
    Open311Error::not_found().render(Format::Xml, params::lang(headers))
}
