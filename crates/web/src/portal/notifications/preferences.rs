//! The account's choice of channels: e-mail, SMS, Zalo (each offered only when the portal
//! delivers it and the account has an address for it) and the messages' language. Errors
//! are shown next to the field, with a summary above the form.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;

use motcua_app::AppError;
use motcua_app::notifications::{self, ChannelChoice, PreferencesView};
use motcua_app::records::PreferredLang;

use crate::i18n::Tr;
use crate::portal::view::{Ctx, FormErrors, Page, PageError};
use crate::state::AppState;

/// One channel's checkbox.
pub struct ChannelBox {
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    checked: bool,
    /// Why it cannot be chosen, if it cannot.
    unavailable: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications_preferences.html")]
pub struct PreferencesPage {
    t: Tr,
    page: Page,
    boxes: Vec<ChannelBox>,
    english: bool,
    errors: FormErrors,
    saved: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SavedQuery {
    #[serde(rename = "da-luu")]
    da_luu: Option<String>,
}

/// The submitted form: a ticked box sends its name, an unticked one nothing.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChoiceForm {
    email: Option<String>,
    sms: Option<String>,
    zns: Option<String>,
    lang: String,
}

impl ChoiceForm {
    fn choice(&self) -> ChannelChoice {
        ChannelChoice {
            email: self.email.is_some(),
            sms: self.sms.is_some(),
            zns: self.zns.is_some(),
            lang: if self.lang == "en" {
                PreferredLang::En
            } else {
                PreferredLang::Vi
            },
        }
    }
}

fn boxes(t: Tr, v: &PreferencesView, choice: &ChannelChoice) -> Vec<ChannelBox> {
    let why = |offered: bool, has_address: bool, missing: &str| {
        if !offered {
            Some(t.t("nt.prefs.unavailable"))
        } else if !has_address {
            Some(t.t(missing))
        } else {
            None
        }
    };
    let channel = |name, checked, unavailable: Option<&'static str>| ChannelBox {
        name,
        label: t.t(&format!("nt.prefs.{name}")),
        hint: t.t(&format!("nt.prefs.{name}_hint")),
        checked: checked && unavailable.is_none(),
        unavailable,
    };
    vec![
        channel(
            "email",
            choice.email,
            why(v.email_offered, v.has_email, "nt.prefs.no_email"),
        ),
        channel("sms", choice.sms, why(v.sms_offered, v.has_phone, "nt.prefs.no_phone")),
        channel("zns", choice.zns, why(v.zns_offered, v.has_phone, "nt.prefs.no_phone")),
    ]
}

fn signed_in(ctx: &Ctx) -> Result<motcua_domain::account::Principal, PageError> {
    ctx.principal()
        .cloned()
        .ok_or_else(|| PageError::sign_in("/tai-khoan/thong-bao".into()))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Query(q): Query<SavedQuery>,
) -> Result<Response, PageError> {
    let who = signed_in(&ctx)?;
    let view = notifications::preferences(&state, &who).await?;
    let c = view.chosen;
    let choice = ChannelChoice {
        email: c.email,
        sms: c.sms,
        zns: c.zns,
        lang: c.lang,
    };
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let body = PreferencesPage {
        t: ctx.t,
        page,
        boxes: boxes(ctx.t, &view, &choice),
        english: choice.lang == PreferredLang::En,
        errors: FormErrors::default(),
        saved: q.da_luu.is_some(),
    };
    Ok((jar, body).into_response())
}

pub async fn save(State(state): State<AppState>, ctx: Ctx, Form(f): Form<ChoiceForm>) -> Result<Response, PageError> {
    let who = signed_in(&ctx)?;
    let choice = f.choice();
    match notifications::set_preferences(&state, &who, choice).await {
        Ok(()) => Ok(Redirect::to("/tai-khoan/thong-bao?da-luu=1").into_response()),
        Err(AppError::Validation(errs)) => {
            let t = ctx.t;
            let view = notifications::preferences(&state, &who).await?;
            let mut boxes = boxes(t, &view, &choice);
            // What was ticked stays ticked, so the reader sees what was refused.
            for b in &mut boxes {
                b.checked = match b.name {
                    "email" => choice.email,
                    "sms" => choice.sms,
                    _ => choice.zns,
                };
            }
            let errors = FormErrors::from_fields(t, &errs).labelled(
                boxes
                    .iter()
                    .map(|b| (b.name, b.label, format!("channel-{}", b.name)))
                    .collect::<Vec<_>>(),
            );
            let body = PreferencesPage {
                t,
                page: ctx.page(),
                boxes,
                english: choice.lang == PreferredLang::En,
                errors,
                saved: false,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
