//! Filing, first page (GET forms, answers carried in the query from page to page): the
//! category, grouped, with the national classification explained.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{OriginalUri, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use motcua_domain::feedback::Category;

use super::{category_label, url_with};
use crate::auth::CurrentSession;
use crate::i18n::Tr;
use crate::portal::view::{Ctx, FormErrors, Page, enc};
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
    s.principal().is_none().then(|| {
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

pub async fn category(State(state): State<AppState>, ctx: Ctx, uri: OriginalUri, Query(q): Query<Carry>) -> Response {
    if let Some(r) = sign_in_first(&ctx.session, &uri) {
        return r;
    }
    let t = ctx.t;
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
        page: ctx.page(),
        errors,
        groups: groups(t, &setup.categories, &q.category),
    }
    .into_response()
}
