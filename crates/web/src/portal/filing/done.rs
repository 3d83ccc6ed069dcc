//! The confirmation page: the dossier code, the look-up secret and its QR code.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};

use motcua_app::dossiers::{self, qr};

use crate::error::ApiError;
use crate::i18n::Tr;
use crate::portal::view::{Ctx, Page, PageError};
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "filing_done.html")]
pub struct DonePage {
    t: Tr,
    page: Page,
    code: String,
    secret: String,
    /// Inline SVG of the look-up QR code.
    qr: String,
    /// The look-up link (the secret in the fragment).
    lookup: String,
    /// The fee to pay now (due at filing), formatted.
    payment_due: Option<String>,
    /// Online payment is set up.
    online_payment: bool,
}

pub async fn done(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>) -> Result<DonePage, PageError> {
    let who = ctx.who()?;
    let d = dossiers::readable(&state, &who, &code).await?;
    if d.state.applicant_id != Some(who.user_id) {
        return Err(ApiError::NotFound.into());
    }
    Ok(DonePage {
        t: ctx.t,
        page: ctx.page(),
        qr: qr::svg_of(&qr::lookup_url(&state.settings().public_url, &d.code, &d.secret)),
        lookup: format!("/tra-cuu/{}#{}", d.code, d.secret),
        payment_due: d
            .state
            .payment_due_now()
            .map(|m| motcua_domain::payment::format_vnd(m.dong())),
        online_payment: state.settings().payments.is_some(),
        secret: motcua_domain::dossier::secret::display(&d.secret),
        code: d.code,
    })
}
