//! Static assets embedded in the binary (no CDN: government networks are often closed).
//! Leaflet 1.9.4 (BSD-2-Clause, `static/vendor/leaflet/LICENSE`) is bundled for the
//! feedback map.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("../../static/motcua.css");
const LEAFLET_JS: &str = include_str!("../../static/vendor/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("../../static/vendor/leaflet/leaflet.css");
const LEAFLET_LICENSE: &str = include_str!("../../static/vendor/leaflet/LICENSE");
const FEEDBACK_MAP_JS: &str = include_str!("../../static/feedback-map.js");
const LOOKUP_JS: &str = include_str!("../../static/lookup.js");

const FAVICON_SVG: &str = include_str!("../../static/favicon.svg");
const FAVICON_ICO: &[u8] = include_bytes!("../../static/favicon.ico");

const JS: &str = "text/javascript; charset=utf-8";
const STYLE: &str = "text/css; charset=utf-8";

fn asset(file: &str) -> Option<(&'static str, &'static str)> {
    Some(match file {
        "motcua.css" => (STYLE, CSS),
        "leaflet.js" => (JS, LEAFLET_JS),
        "leaflet.css" => (STYLE, LEAFLET_CSS),
        "leaflet-LICENSE.txt" => ("text/plain; charset=utf-8", LEAFLET_LICENSE),
        "feedback-map.js" => (JS, FEEDBACK_MAP_JS),
        "lookup.js" => (JS, LOOKUP_JS),
        "favicon.svg" => ("image/svg+xml", FAVICON_SVG),
        _ => return None,
    })
}

pub async fn serve(Path(file): Path<String>) -> Response {
    match asset(&file) {
        Some((content_type, body)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `/favicon.ico`: browsers ask for it on every site whatever the page links (a door: một cửa).
pub async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/x-icon"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON_ICO,
    )
        .into_response()
}
