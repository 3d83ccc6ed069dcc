//! Filing, second page: where the problem is — a point picked on the map (which only fills
//! the coordinate inputs), typed coordinates, an address, or the commune from a list.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{OriginalUri, Query, State};
use axum::response::{IntoResponse, Redirect, Response};

use motcua_domain::feedback::NewReport;

use super::map::{MapView, with_tiles_csp};
use super::steps::{Carry, sign_in_first};
use super::{category_name, shown};
use crate::i18n::Tr;
use crate::portal::view::{Ctx, FormErrors, Page, SelectOption};
use crate::state::AppState;

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

pub async fn location(State(state): State<AppState>, ctx: Ctx, uri: OriginalUri, Query(q): Query<Carry>) -> Response {
    if let Some(r) = sign_in_first(&ctx.session, &uri) {
        return r;
    }
    let t = ctx.t;
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
        page: ctx.page(),
        errors,
        category_name: category_name(&state, t, &q.category),
        carry: q,
        areas,
        map: MapView::of(&state, "pick"),
    };
    with_tiles_csp(&state, page.into_response())
}
