//! The map of public reports: Leaflet (bundled) over the province's own tile server, or a
//! plain background when none is configured; markers come from a JSON endpoint that only
//! ever holds public reports. The list pages never need the map.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use motcua_app::records::FeedbackFilter;
use motcua_domain::feedback::BBox;

use super::{category_name, status_label};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::view::{Ctx, Page, lang_of};
use crate::state::AppState;

/// What the map script reads from the page (data attributes).
pub struct MapView {
    pub mode: &'static str,
    pub tiles: String,
    pub attribution: String,
    pub lat: f64,
    pub lon: f64,
    pub zoom: u8,
}

impl MapView {
    pub fn of(state: &AppState, mode: &'static str) -> MapView {
        let m = &state.web().feedback.map;
        MapView {
            mode,
            tiles: m.tile_url.clone().unwrap_or_default(),
            attribution: m.attribution.clone(),
            lat: m.center.0,
            lon: m.center.1,
            zoom: m.zoom,
        }
    }
}

/// The page's policy when tiles come from another server: images from it too, nothing else.
pub fn with_tiles_csp(state: &AppState, mut res: Response) -> Response {
    let Some(url) = state.web().feedback.map.tile_url.as_deref() else {
        return res;
    };
    let Some((scheme, rest)) = url.split_once("://") else {
        return res;
    };
    let host = rest.split('/').next().unwrap_or("").replace("{s}.", "*.");
    let clean = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:*".contains(c));
    if !clean || !(scheme == "https" || scheme == "http") {
        return res;
    }
    let csp = format!(
        "default-src 'self'; img-src 'self' data: {scheme}://{host}; style-src 'self'; script-src 'self'; \
         font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_map.html")]
pub struct MapPage {
    t: Tr,
    page: Page,
    map: MapView,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Response {
    let t = ctx.t;
    let p = MapPage {
        t,
        page: ctx.page(),
        map: MapView::of(&state, "browse"),
    };
    with_tiles_csp(&state, p.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MapQuery {
    bbox: String,
}

/// A marker: public data only.
#[derive(Serialize)]
pub struct Marker {
    id: i64,
    category: String,
    category_name: String,
    status: &'static str,
    status_label: String,
    lat: f64,
    lon: f64,
}

/// `GET /phan-anh/ban-do.json?bbox=south,west,north,east`: public reports in the box.
pub async fn json(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<MapQuery>,
) -> Result<Json<Vec<Marker>>, ApiError> {
    let t = Tr(lang_of(&headers));
    let bbox = if q.bbox.trim().is_empty() {
        None
    } else {
        Some(
            BBox::parse(q.bbox.trim())
                .map_err(|_| ApiError::from(motcua_app::AppError::invalid("bbox", "invalid_bbox")))?,
        )
    };
    let f = FeedbackFilter {
        public_only: true,
        bbox,
        limit: 500,
        ..FeedbackFilter::default()
    };
    let list = motcua_app::feedback::list(&state, &f).await?;
    let markers = list
        .into_iter()
        .filter(|r| r.public)
        .filter_map(|r| {
            let p = r.point?;
            Some(Marker {
                id: r.id.get(),
                category_name: category_name(&state, t, &r.category_code),
                status: r.state.status.as_str(),
                status_label: status_label(t, r.state.status),
                category: r.category_code,
                lat: p.lat,
                lon: p.lon,
            })
        })
        .collect();
    Ok(Json(markers))
}
