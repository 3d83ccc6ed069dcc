//! Filing, third page: "has this already been reported?" — public reports of the same
//! category near the point (or in the chosen commune), shown before the details.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{OriginalUri, Query, State};
use axum::response::{IntoResponse, Redirect, Response};

use motcua_app::records::{FeedbackFilter, FeedbackRecord};
use motcua_domain::feedback::Point;

use super::steps::{Carry, sign_in_first};
use super::{category_name, status_label};
use crate::i18n::Tr;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

pub struct Nearby {
    pub id: i64,
    pub category: String,
    pub status: String,
    pub excerpt: String,
    pub distance: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_nearby.html")]
pub struct NearbyPage {
    t: Tr,
    page: Page,
    items: Vec<Nearby>,
    /// What "nearby" means here: within the radius shown, or in the chosen commune.
    lead: String,
    continue_url: String,
    back_url: String,
}

/// Public reports of the category near the point, or else in the chosen commune.
async fn candidates(state: &AppState, q: &Carry) -> Result<Vec<(FeedbackRecord, Option<f64>)>, crate::error::ApiError> {
    if let Ok(p) = Point::parse(&q.lat, &q.long) {
        let found = motcua_app::feedback::nearby(state, &q.category, p, 5).await?;
        return Ok(found.into_iter().map(|(r, d)| (r, Some(d))).collect());
    }
    if q.area.trim().is_empty() {
        return Ok(Vec::new());
    }
    let f = FeedbackFilter {
        public_only: true,
        categories: vec![q.category.clone()],
        area: Some(q.area.trim().to_owned()),
        limit: 5,
        ..FeedbackFilter::default()
    };
    Ok(motcua_app::feedback::list(state, &f)
        .await?
        .into_iter()
        .map(|r| (r, None))
        .collect())
}

pub async fn nearby(
    State(state): State<AppState>,
    ctx: Ctx,
    uri: OriginalUri,
    Query(q): Query<Carry>,
) -> Result<Response, PageError> {
    if let Some(r) = sign_in_first(&ctx.session, &uri) {
        return Ok(r);
    }
    let t = ctx.t;
    let continue_url = q.url("/phan-anh/gui/noi-dung");
    let found = candidates(&state, &q).await?;
    let by_distance = found.iter().any(|(_, d)| d.is_some());
    // The radius is a setting in whole metres (200 by default).
    #[allow(clippy::cast_possible_truncation)]
    let radius = state.settings().feedback.nearby_radius_m.round() as i64;
    let lead = if by_distance {
        t.t("fb.nearby.lead_radius").replace("{m}", &radius.to_string())
    } else {
        t.t("fb.nearby.lead_area").to_owned()
    };
    if found.is_empty() {
        return Ok(Redirect::to(&continue_url).into_response());
    }
    let items = found
        .into_iter()
        .map(|(r, d)| Nearby {
            id: r.id.get(),
            category: category_name(&state, t, &r.category_code),
            status: status_label(t, r.state.status),
            excerpt: r.description.chars().take(200).collect(),
            // Whole metres are precise enough to read.
            #[allow(clippy::cast_possible_truncation)]
            distance: d.map(|m| m.round() as i64),
        })
        .collect();
    Ok(NearbyPage {
        t,
        page: ctx.page(),
        items,
        lead,
        continue_url,
        back_url: q.url("/phan-anh/gui/vi-tri"),
    }
    .into_response())
}
