//! `/xac-thuc/{id}`: a result's public page, reached from its QR code. Public by design: it
//! shows no personal data (what the document is, who issued it and when, its fingerprint,
//! whether its signature is valid, whether it was revoked or replaced and why), and lets
//! anyone check that a copy is the very same file.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use motcua_app::AppError;
use motcua_app::results::{self, Comparison, Verification};

use super::read_form;
use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    t: Tr,
    page: Page,
    id: String,
    title: String,
    number: String,
    procedure: String,
    agency: String,
    signed_at: String,
    sha256: String,
    /// `valid`, `invalid` or `unreadable`.
    signature: &'static str,
    signer: String,
    problems: Vec<String>,
    status: &'static str,
    closed_at: String,
    closed_reason: String,
    replaced_by: Option<String>,
    demo: bool,
    /// After an upload: whether it is the same file, and its fingerprint.
    comparison: Option<(bool, String)>,
    upload_error: Option<String>,
}

fn view(t: Tr, page: Page, v: Verification) -> VerifyPage {
    let r = &v.result;
    VerifyPage {
        t,
        page,
        id: r.public_id.clone(),
        title: r.title.clone(),
        number: r.number.clone(),
        procedure: v.procedure,
        agency: v.agency,
        signed_at: r.signed_at.map(local).unwrap_or_default(),
        sha256: r.sha256.clone(),
        signature: match v.signature_valid {
            Some(true) => "valid",
            Some(false) => "invalid",
            None => "unreadable",
        },
        signer: v.signer.unwrap_or_default(),
        problems: v.problems,
        status: r.status.as_str(),
        closed_at: r.closed_at.map(local).unwrap_or_default(),
        closed_reason: r.closed_reason.clone().unwrap_or_default(),
        replaced_by: v.replaced_by,
        demo: v.demo,
        comparison: None,
        upload_error: None,
    }
}

fn private(page: VerifyPage, jar: CookieJar, status: StatusCode) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], jar, page).into_response()
}

pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let v = results::verification(&state, &id).await?;
    let (page, jar) = ctx.form_page(&state, jar).await?;
    Ok(private(view(ctx.t, page, v), jar, StatusCode::OK))
}

pub async fn compare(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let v = results::verification(&state, &id).await?;
    let t = ctx.t;
    let mut p = view(t, ctx.page(), v);
    let file = read_form(multipart).await.ok().and_then(|(_, f)| f).unwrap_or_default();
    let status = match results::compare(&state, &id, file).await {
        Ok(Comparison { same, sha256, .. }) => {
            p.comparison = Some((same, sha256));
            StatusCode::OK
        }
        Err(AppError::Validation(errs)) => {
            p.upload_error = errs.first().map(|e| t.field(e.code, &e.detail));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(e.into()),
    };
    Ok(private(p, jar, status))
}

/// `/xac-thuc/chung-thu-goc.pem`: the roots results are signed under, for third parties'
/// verifiers (public: certificates are public by nature).
pub async fn roots(State(state): State<AppState>) -> Result<Response, PageError> {
    let pem = results::trusted_roots_pem(&state)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-pem-file"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"chung-thu-goc.pem\"",
            ),
        ],
        pem,
    )
        .into_response())
}
