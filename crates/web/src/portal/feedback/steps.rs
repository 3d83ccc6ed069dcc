//! Filing, first pages (GET forms, answers carried in the query): the category, the
//! location (map, coordinates, address or commune), then "has this already been reported?".

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{OriginalUri, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use motcua_domain::feedback::{Category, NewReport, Point};
use motcua_storage::{FeedbackFilter, FeedbackRecord};

use super::map::{MapView, with_tiles_csp};
use super::{category_label, category_name, enc, fail, shown, status_label, url_with};
use crate::auth::CurrentSession;
use crate::i18n::Tr;
use crate::portal::view::{FormErrors, Page, PageError, SelectOption, lang_of};
use crate::state::AppState;

/// The answers of the earlier pages, carried from page to page.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct Carry {
    pub category: String,
    pub lat: String,
    pub long: String,
    pub address: String,
    pub area: String,
    /// Set by the page's own submit button.
    pub tiep: String,
}

impl Carry {
    pub fn url(&self, base: &str) -> String {
        url_with(
            base,
            &[
                ("category", &self.category),
                ("lat", &self.lat),
                ("long", &self.long),
                ("address", &self.address),
                ("area", &self.area),
            ],
        )
    }
}

/// Filing needs an account: anyone else is sent to sign in and brought back.
pub fn sign_in_first(s: &CurrentSession, uri: &OriginalUri) -> Option<Response> {
    s.principal.is_none().then(|| {
        let back = uri.0.path_and_query().map_or("/phan-anh/gui", |p| p.as_str());
        Redirect::to(&format!("/dang-nhap?next={}", enc(back))).into_response()
    })
}

pub struct Group {
    pub name: String,
    pub items: Vec<(String, String, String, String, bool)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_category.html")]
pub struct CategoryPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    groups: Vec<Group>,
}

fn groups(t: Tr, categories: &[Category], chosen: &str) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for c in categories {
        let item = (
            c.code.clone(),
            category_label(t, c),
            c.description.clone(),
            t.t(&format!("fb.class.{}", c.classification.as_str())).to_owned(),
            c.code == chosen,
        );
        match out.iter_mut().find(|g| g.name == c.group) {
            Some(g) => g.items.push(item),
            None => out.push(Group {
                name: c.group.clone(),
                items: vec![item],
            }),
        }
    }
    out
}

pub async fn category(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Query<Carry>,
) -> Response {
    if let Some(r) = sign_in_first(&s, &uri) {
        return r;
    }
    let t = Tr(lang_of(&headers));
    let setup = state.feedback_setup();
    let mut errors = FormErrors::default();
    if !q.tiep.is_empty() {
        if setup.category(&q.category).is_some() {
            return Redirect::to(&q.url("/phan-anh/gui/vi-tri")).into_response();
        }
        errors.add("category", t.field("unknown_category", &None));
    }
    CategoryPage {
        t,
        page: Page::plain(&s),
        errors,
        groups: groups(t, &setup.categories, &q.category),
    }
    .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_location.html")]
pub struct LocationPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    carry: Carry,
    category_name: String,
    areas: Vec<SelectOption>,
    map: MapView,
}

const LOCATION_FIELDS: [&str; 5] = ["lat", "long", "location", "address", "area"];

/// Only the location's errors, checked by the domain's own rules.
fn location_errors(state: &AppState, t: Tr, q: &Carry) -> FormErrors {
    let setup = state.feedback_setup();
    let report = NewReport {
        category: q.category.clone(),
        description: "-".into(),
        lat: q.lat.clone(),
        lon: q.long.clone(),
        address: q.address.clone(),
        area: q.area.clone(),
        ..NewReport::default()
    };
    let mut errs: Vec<_> = report
        .validate(setup.category(&q.category))
        .err()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| LOCATION_FIELDS.contains(&e.field.as_str()))
        .collect();
    if !q.area.trim().is_empty() && setup.area(q.area.trim()).is_none() {
        errs.push(motcua_domain::FieldError {
            field: "area".into(),
            code: "unknown_area",
            detail: None,
        });
    }
    shown(t, &errs)
}

pub async fn location(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Query<Carry>,
) -> Response {
    if let Some(r) = sign_in_first(&s, &uri) {
        return r;
    }
    let t = Tr(lang_of(&headers));
    let setup = state.feedback_setup();
    if setup.category(&q.category).is_none() {
        return Redirect::to("/phan-anh/gui").into_response();
    }
    let mut errors = FormErrors::default();
    if !q.tiep.is_empty() {
        errors = location_errors(&state, t, &q);
        if errors.is_empty() {
            return Redirect::to(&q.url("/phan-anh/gui/da-co")).into_response();
        }
    }
    let areas = setup
        .areas
        .iter()
        .map(|a| SelectOption {
            value: a.code.clone(),
            label: a.name.clone(),
            selected: a.code == q.area,
        })
        .collect();
    let page = LocationPage {
        t,
        page: Page::plain(&s),
        errors,
        category_name: category_name(&state, t, &q.category),
        carry: q,
        areas,
        map: MapView::of(&state, "pick"),
    };
    with_tiles_csp(&state, page.into_response())
}

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
    continue_url: String,
    back_url: String,
}

/// Public reports of the category near the point, or else in the chosen commune.
async fn candidates(state: &AppState, q: &Carry) -> Result<Vec<(FeedbackRecord, Option<f64>)>, crate::error::ApiError> {
    if let Ok(p) = Point::parse(&q.lat, &q.long) {
        let radius = state.settings.feedback.nearby_radius_m;
        let found = state.store.nearby_feedback(&q.category, p, radius, 5).await?;
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
    Ok(state
        .store
        .list_feedback(&f)
        .await?
        .into_iter()
        .map(|r| (r, None))
        .collect())
}

pub async fn nearby(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Query<Carry>,
) -> Result<Response, PageError> {
    if let Some(r) = sign_in_first(&s, &uri) {
        return Ok(r);
    }
    let t = Tr(lang_of(&headers));
    let continue_url = q.url("/phan-anh/gui/noi-dung");
    let found = candidates(&state, &q).await.map_err(fail(t))?;
    if found.is_empty() {
        return Ok(Redirect::to(&continue_url).into_response());
    }
    let items = found
        .into_iter()
        .map(|(r, d)| Nearby {
            id: r.id,
            category: category_name(&state, t, &r.category_code),
            status: status_label(t, r.state.status.as_str()),
            excerpt: r.description.chars().take(200).collect(),
            // Whole metres are precise enough to read.
            #[allow(clippy::cast_possible_truncation)]
            distance: d.map(|m| m.round() as i64),
        })
        .collect();
    Ok(NearbyPage {
        t,
        page: Page::plain(&s),
        items,
        continue_url,
        back_url: q.url("/phan-anh/gui/vi-tri"),
    }
    .into_response())
}
