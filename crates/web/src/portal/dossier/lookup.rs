//! The public look-up by code and secret: status and timeline, never personal data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use serde::Deserialize;

use motcua_app::dossiers;

use super::{due_text, local, status_label};
use crate::i18n::Tr;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

pub struct LookupResult {
    procedure: String,
    status: String,
    submitted: String,
    due: String,
    timeline: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "lookup.html")]
pub struct LookupPage {
    t: Tr,
    page: Page,
    code: String,
    secret: String,
    not_found: bool,
    result: Option<LookupResult>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LookupQuery {
    ma: String,
    #[serde(rename = "bi-mat")]
    secret: String,
}

pub async fn lookup(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LookupQuery>,
) -> Result<LookupPage, PageError> {
    let t = ctx.t;
    let (code, secret) = (q.ma.trim().to_owned(), q.secret.trim().to_owned());
    let mut page = LookupPage {
        t,
        page: ctx.page(),
        code: code.clone(),
        secret: secret.clone(),
        not_found: false,
        result: None,
    };
    if code.is_empty() {
        return Ok(page);
    }
    let Some(found) = dossiers::lookup(&state, &code, &secret).await? else {
        page.not_found = true;
        return Ok(page);
    };
    let d = &found.dossier;
    page.result = Some(LookupResult {
        procedure: found.procedure.clone(),
        status: status_label(t, d.state.status.as_str()),
        submitted: local(d.submitted_at),
        due: due_text(t, &d.state),
        timeline: found
            .history
            .iter()
            .map(|h| {
                (
                    local(h.at),
                    format!(
                        "{} → {}",
                        t.t(&format!("action.{}", h.action.as_str())),
                        status_label(t, h.to_status.as_str())
                    ),
                )
            })
            .collect(),
    });
    Ok(page)
}
