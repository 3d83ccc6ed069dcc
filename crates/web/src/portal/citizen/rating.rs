//! The rating section of a dossier's page and `POST /ho-so/{code}/danh-gia`: once the
//! dossier has ended its applicant rates it (and may change the rating for seven days);
//! officers who read the dossier see the rating.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use time::OffsetDateTime;

use motcua_app::AppError;
use motcua_app::dossiers::DossierView;
use motcua_app::ratings;
use motcua_domain::FieldError;
use motcua_domain::account::Principal;
use motcua_domain::rating::{Criterion, RatingInput, editable_until, is_finished, may_rate};

use super::Forms;
use crate::i18n::Tr;
use crate::portal::dossier::{Banner, draw, local};
use crate::portal::view::{Ctx, FormErrors, PageError};
use crate::state::AppState;

/// The rating form as posted: `yes`, `no` or nothing for each answer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RatingFields {
    pub satisfied: String,
    pub time: String,
    pub attitude: String,
    pub clarity: String,
    pub comment: String,
    pub version: String,
}

fn yes_no(s: &str) -> Option<bool> {
    match s {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn word(b: Option<bool>) -> String {
    match b {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => String::new(),
    }
}

impl RatingFields {
    fn input(&self) -> RatingInput {
        RatingInput {
            satisfied: yes_no(&self.satisfied),
            time: yes_no(&self.time),
            attitude: yes_no(&self.attitude),
            clarity: yes_no(&self.clarity),
            comment: self.comment.clone(),
        }
    }
}

/// One criterion on the form: its name, label and the answer chosen.
pub struct CriterionRow {
    pub name: &'static str,
    pub label: String,
    pub value: String,
}

/// The rating given, as the page shows it.
pub struct GivenRating {
    pub satisfied: bool,
    /// (label, answer) of the criteria answered.
    pub criteria: Vec<(String, String)>,
    pub comment: String,
    pub at: String,
}

/// The rating section.
pub struct RatingView {
    pub given: Option<GivenRating>,
    /// The form, when the applicant may rate now.
    pub form: Option<RatingForm>,
    /// Until when the applicant may change the rating given.
    pub until: String,
}

/// The rating form's values and errors.
pub struct RatingForm {
    pub satisfied: String,
    pub criteria: Vec<CriterionRow>,
    pub comment: String,
    pub version: i64,
    pub errors: FormErrors,
}

impl RatingForm {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

fn answer(t: Tr, b: bool) -> String {
    t.t(if b { "rate.yes" } else { "rate.no" }).to_owned()
}

/// The section for `who` on dossier `v`: none before the dossier ends.
pub(super) async fn view(
    state: &AppState,
    t: Tr,
    who: &Principal,
    v: &DossierView,
    typed: Option<(RatingFields, Vec<FieldError>)>,
    summary: &mut FormErrors,
) -> Result<Option<RatingView>, PageError> {
    let d = &v.dossier;
    if !is_finished(d.state.status) {
        return Ok(None);
    }
    let record = ratings::rating(state, who, &d.code).await?;
    let now = OffsetDateTime::now_utc();
    let may = may_rate(who, &d.state, record.as_ref().map(|r| r.rated_at), now).is_ok();
    if record.is_none() && !may {
        return Ok(None);
    }
    let given = record.as_ref().map(|r| GivenRating {
        satisfied: r.rating.satisfied,
        criteria: Criterion::ALL
            .into_iter()
            .filter_map(|c| {
                let b = r.rating.criterion(c)?;
                Some((t.t(&format!("rate.criterion.{}", c.as_str())).to_owned(), answer(t, b)))
            })
            .collect(),
        comment: r.rating.comment.clone(),
        at: local(r.updated_at),
    });
    let form = may.then(|| {
        let (fields, errors) = typed.unwrap_or_else(|| {
            let f = record.as_ref().map_or_else(RatingFields::default, |r| RatingFields {
                satisfied: word(Some(r.rating.satisfied)),
                time: word(r.rating.time),
                attitude: word(r.rating.attitude),
                clarity: word(r.rating.clarity),
                comment: r.rating.comment.clone(),
                version: r.version.to_string(),
            });
            (f, Vec::new())
        });
        let errors = FormErrors::from_fields(t, &errors).labelled([
            ("satisfied", t.t("rate.satisfied_q"), "rate-satisfied-yes".to_owned()),
            ("comment", t.t("rate.comment"), "rate-comment".to_owned()),
        ]);
        summary.items.extend(errors.items.iter().cloned());
        RatingForm {
            criteria: Criterion::ALL
                .into_iter()
                .map(|c| CriterionRow {
                    name: c.as_str(),
                    label: t.t(&format!("rate.criterion.{}", c.as_str())).to_owned(),
                    value: match c {
                        Criterion::Time => fields.time.clone(),
                        Criterion::Attitude => fields.attitude.clone(),
                        Criterion::Clarity => fields.clarity.clone(),
                    },
                })
                .collect(),
            satisfied: fields.satisfied,
            comment: fields.comment,
            version: record.as_ref().map_or(0, |r| r.version),
            errors,
        }
    });
    let until = record
        .as_ref()
        .filter(|_| may)
        .map(|r| local(editable_until(r.rated_at)))
        .unwrap_or_default();
    Ok(Some(RatingView { given, form, until }))
}

/// `POST /ho-so/{code}/danh-gia`: the applicant's rating.
pub async fn rate(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    Path(code): Path<String>,
    Form(f): Form<RatingFields>,
) -> Result<Response, PageError> {
    let who = ctx.who()?;
    let version = f.version.trim().parse::<i64>().ok().filter(|v| *v > 0);
    match ratings::rate(&state, &who, &code, &f.input(), version).await {
        Ok(_) => Ok(Redirect::to(&format!("/ho-so/{code}?xong=rated")).into_response()),
        Err(AppError::Validation(errs)) => {
            let forms = Forms {
                rating: Some((f, errs)),
                ..Forms::default()
            };
            draw(&state, &ctx, jar, &code, Banner::None, forms).await
        }
        Err(AppError::Rating(e)) => {
            let status = match e {
                motcua_domain::rating::RatingError::NotTheApplicant => StatusCode::FORBIDDEN,
                _ => StatusCode::CONFLICT,
            };
            let forms = Forms {
                refused: Some(status),
                ..Forms::default()
            };
            let message = ctx.t.field(e.code(), &None);
            draw(&state, &ctx, jar, &code, Banner::Refused(message), forms).await
        }
        Err(AppError::Conflict("version")) => {
            let forms = Forms {
                refused: Some(StatusCode::CONFLICT),
                ..Forms::default()
            };
            let message = ctx.t.t("rate.changed_meanwhile").to_owned();
            draw(&state, &ctx, jar, &code, Banner::Refused(message), forms).await
        }
        Err(e) => Err(e.into()),
    }
}
