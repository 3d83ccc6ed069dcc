//! Check your answers, then file.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{MatchedPath, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use motcua_app::AppError;
use motcua_app::dossiers::{self, Filing as NewFiling};
use motcua_app::records::Attachment;
use motcua_domain::FieldError;
use motcua_domain::procedure::Channel;
use serde::Deserialize;

use super::page::answer_text;
use super::{Filing, Mode};
use crate::i18n::Tr;
use crate::portal::citizen::address::{self, AddressFields, AddressForm};
use crate::portal::view::{Ctx, FormErrors, Page, PageError};
use crate::state::AppState;

pub struct Section {
    title: String,
    rows: Vec<Row>,
    change: String,
}

/// One answer: its label, its lines (a document may have several files) and whether nothing
/// was given (shown as "Không cung cấp" rather than an empty row).
pub struct Row {
    label: String,
    lines: Vec<String>,
    /// What an empty answer says.
    empty: &'static str,
    /// ` lang="vi"` on a label from the catalogue shown on a page in another language.
    lang: &'static str,
}

impl Row {
    fn one(label: impl Into<String>, value: String) -> Self {
        let lines = if value.trim().is_empty() {
            Vec::new()
        } else {
            vec![value]
        };
        Row {
            label: label.into(),
            lines,
            empty: "filing.not_given",
            lang: "",
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "filing_check.html")]
pub struct CheckPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    /// How the result is returned (online filings): the address fields, and whether the
    /// post is chosen.
    postal: Option<AddressForm>,
    by_post: bool,
    procedure_name: String,
    sections: Vec<Section>,
    action: String,
    journey: super::page::Journey,
}

/// The check page's own fields: how the result is returned, and the delivery address.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReturnForm {
    return_method: String,
    recipient: String,
    phone: String,
    street: String,
    commune: String,
}

impl ReturnForm {
    fn by_post(&self) -> bool {
        self.return_method == "post"
    }

    fn address(&self) -> AddressFields {
        AddressFields {
            recipient: self.recipient.clone(),
            phone: self.phone.clone(),
            street: self.street.clone(),
            commune: self.commune.clone(),
        }
    }
}

fn check_page(
    state: &AppState,
    f: &Filing,
    files: &[Attachment],
    page: Page,
    errors: FormErrors,
    typed: Option<(&ReturnForm, &[FieldError])>,
) -> CheckPage {
    let (postal, by_post) = if f.mode == Mode::Online {
        let a = &f.draft.applicant;
        let (fields, errs, by_post) = match typed {
            Some((r, errs)) => (r.address(), errs, r.by_post()),
            None => (
                AddressFields {
                    recipient: a.full_name.clone(),
                    phone: a.phone.clone(),
                    ..AddressFields::default()
                },
                &[][..],
                false,
            ),
        };
        let form = AddressForm::new(f.t, &fields, &motcua_app::postal::communes(state), errs);
        (Some(form), by_post)
    } else {
        (None, false)
    };
    let t = f.t;
    let p = &f.entry.procedure;
    let a = &f.draft.applicant;
    let agency = state
        .catalogue()
        .agency(&f.draft.agency)
        .map_or_else(|| f.draft.agency.clone(), |x| x.name.clone());
    let sections = vec![
        Section {
            title: t.t("filing.agency").into(),
            rows: vec![Row {
                lang: t.vi(),
                ..Row::one(t.t("proc.agency"), agency)
            }],
            change: f.url("co-quan"),
        },
        Section {
            title: t.t("filing.applicant").into(),
            rows: vec![
                Row::one(t.t("register.full_name"), a.full_name.clone()),
                Row::one(t.t("filing.id_number"), a.id_number.clone()),
                Row::one(t.t("filing.address"), a.address.clone()),
                Row::one(t.t("filing.phone"), a.phone.clone()),
                Row::one(t.t("filing.email"), a.email.clone()),
            ],
            change: f.url("nguoi-nop"),
        },
        Section {
            title: t.t("filing.form").into(),
            rows: p
                .form
                .iter()
                .map(|field| Row::one(field.label.clone(), answer_text(t, field, f.draft.data.get(&field.key))))
                .collect(),
            change: f.url("to-khai"),
        },
        Section {
            title: t.t("filing.documents").into(),
            rows: p
                .components
                .iter()
                .map(|comp| {
                    let names: Vec<_> = files
                        .iter()
                        .filter(|a| a.component == comp.code)
                        .map(|a| a.file_name.clone())
                        .collect();
                    Row {
                        label: comp.name.clone(),
                        lines: names,
                        empty: "filing.not_provided",
                        lang: t.vi(),
                    }
                })
                .collect(),
            change: f.url("giay-to"),
        },
    ];
    let mut sections = sections;
    if let Ok(Some(fee)) = motcua_app::payments::quote_for(p, &f.draft.data) {
        let mut rows: Vec<Row> = fee
            .quote
            .get("lines")
            .and_then(|l| l.as_array())
            .map(|lines| {
                lines
                    .iter()
                    .map(|l| Row {
                        lang: t.vi(),
                        ..Row::one(
                            l["description"].as_str().unwrap_or(""),
                            motcua_domain::payment::format_vnd(l["total_vnd"].as_i64().unwrap_or(0)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        rows.push(Row::one(
            t.t("pay.total"),
            format!(
                "{} ({})",
                motcua_domain::payment::format_vnd(fee.amount.dong()),
                t.t(&format!("pay.due.{}", fee.due.as_str()))
            ),
        ));
        sections.push(Section {
            title: t.t("pay.fee_title").into(),
            rows,
            change: f.url("to-khai"),
        });
    }
    CheckPage {
        t,
        page,
        errors,
        postal,
        by_post,
        procedure_name: p.name.clone(),
        sections,
        action: f.url("kiem-tra"),
        journey: f.journey(5),
    }
}

pub async fn check(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: MatchedPath,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let files = f.files(&state).await?;
    let next = f.next_page(&files);
    if next != f.url("kiem-tra") {
        return Ok(Redirect::to(&next).into_response());
    }
    let (page, jar) = ctx.form_page(&state, jar).await?;
    Ok((jar, check_page(&state, &f, &files, page, FormErrors::default(), None)).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    matched: MatchedPath,
    Form(ret): Form<ReturnForm>,
) -> Result<Response, PageError> {
    let f = Filing::load(&state, &ctx, &code, &matched).await?;
    let files = f.files(&state).await?;
    let next = f.next_page(&files);
    if next != f.url("kiem-tra") {
        return Ok(Redirect::to(&next).into_response());
    }
    // Return by post is checked before anything is filed.
    let by_post = f.mode == Mode::Online && ret.by_post();
    if by_post && let Err(errs) = ret.address().input().validate(&motcua_app::postal::communes(&state)) {
        let shown = FormErrors::from_fields(f.t, &errs).labelled(address::labels(f.t));
        let body = check_page(&state, &f, &files, ctx.page(), shown, Some((&ret, &errs)));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    }
    let filing = NewFiling {
        procedure: code.clone(),
        agency: f.draft.agency.clone(),
        applicant: f.draft.applicant.clone(),
        data: f.draft.data.clone(),
        channel: Some(if f.mode == Mode::Counter {
            Channel::InPerson
        } else {
            Channel::Online
        }),
    };
    match dossiers::file(&state, &f.who, filing).await {
        Ok(d) => {
            dossiers::delete_draft(&state, &f.who, f.entry.id).await?;
            if by_post && let Err(e) = motcua_app::postal::choose(&state, &f.who, &d.code, &ret.address().input()).await
            {
                // The dossier is filed; the post can still be chosen on its page.
                tracing::warn!(error = %e, dossier = %d.code, "recording the choice of the post failed");
            }
            let done = if f.mode == Mode::Counter {
                format!("/ho-so/{}", d.code)
            } else {
                format!("/ho-so/{}/da-nop", d.code)
            };
            Ok(Redirect::to(&done).into_response())
        }
        Err(AppError::Validation(errs)) => {
            let body = check_page(
                &state,
                &f,
                &files,
                ctx.page(),
                FormErrors::from_fields(f.t, &errs),
                Some((&ret, &[])),
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
