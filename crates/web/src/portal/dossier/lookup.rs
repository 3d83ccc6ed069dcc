//! The public look-up by code and secret: status and timeline, never personal data.
//!
//! The secret stays out of addresses: the form posts it, and the QR code on the receipt
//! carries it in the fragment (`/tra-cuu/{code}#{secret}`), which browsers never send; the
//! page's script moves it into the form and posts it. Links printed before this change
//! (`/tra-cuu?ma=…&bi-mat=…`) still answer.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
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
    not_found: bool,
    missing_code: bool,
    missing_secret: bool,
    result: Option<LookupResult>,
}

/// What the form (or an old printed link) sends.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LookupInput {
    ma: String,
    #[serde(rename = "bi-mat")]
    secret: String,
}

fn empty(t: Tr, page: Page, code: String) -> LookupPage {
    LookupPage {
        t,
        page,
        code,
        not_found: false,
        missing_code: false,
        missing_secret: false,
        result: None,
    }
}

/// Pages with a result are never cached, and their address never goes to another site.
fn private(page: LookupPage, jar: CookieJar) -> Response {
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            // Not `no-referrer`: that makes browsers send `Origin: null` with the form, which
            // the CSRF check refuses. Addresses here carry no secret (it is posted).
            (header::REFERRER_POLICY, "same-origin"),
        ],
        jar,
        page,
    )
        .into_response()
}

async fn answer(state: &AppState, mut page: LookupPage, input: &LookupInput) -> Result<LookupPage, PageError> {
    let t = page.t;
    page.missing_code = input.ma.trim().is_empty();
    page.missing_secret = input.secret.trim().is_empty();
    if page.missing_code || page.missing_secret {
        return Ok(page);
    }
    let Some(found) = dossiers::lookup(state, &input.ma, &input.secret).await? else {
        page.not_found = true;
        return Ok(page);
    };
    let d = &found.dossier;
    page.code = d.code.clone();
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

/// `GET /tra-cuu`: the form; with `?ma=&bi-mat=` (links printed before the secret moved out
/// of addresses) the answer as well.
pub async fn lookup(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Query(q): Query<LookupInput>,
) -> Result<Response, PageError> {
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let page = empty(ctx.t, page, q.ma.trim().to_owned());
    if q.ma.trim().is_empty() && q.secret.trim().is_empty() {
        return Ok((jar, page).into_response());
    }
    Ok(private(answer(&state, page, &q).await?, jar))
}

/// `GET /tra-cuu/{code}`: the QR code's address; the secret follows in the fragment.
pub async fn lookup_code(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let (page, jar) = ctx.form_page(&state, jar).await?;
    Ok(private(empty(ctx.t, page, code.trim().to_owned()), jar))
}

/// `POST /tra-cuu`: the form's answer.
pub async fn lookup_post(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Form(input): Form<LookupInput>,
) -> Result<Response, PageError> {
    let page = empty(ctx.t, ctx.page(), input.ma.trim().to_owned());
    Ok(private(answer(&state, page, &input).await?, jar))
}
