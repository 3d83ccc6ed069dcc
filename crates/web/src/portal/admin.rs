//! Administrators add and edit procedures in the portal. The nested parts (components,
//! fees, form fields) are edited as one line per item, `|`-separated, which officials can
//! paste from the published catalogue; every bad line is reported with its number.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::{CookieJar, Form};
use serde::Deserialize;

use motcua_domain::FieldError;
use motcua_domain::account::Principal;
use motcua_domain::agency::{AgencyCode, Level};
use motcua_domain::procedure::{
    Channel, Component, Fee, FieldKind, FormField, OnlineLevel, ProcedureInput, TimeLimit, TimeUnit,
};
use motcua_storage::StorageError;

use super::view::{FormErrors, Page, PageError, SelectOption, lang_of};
use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::state::AppState;

/// The edit form exactly as typed, so a failed save shows it back unchanged.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EditForm {
    pub version: String,
    pub code: String,
    pub name: String,
    pub field: String,
    pub steps: String,
    pub channels: Vec<String>,
    pub components: String,
    pub time_value: String,
    pub time_unit: String,
    pub time_note: String,
    pub applicants: String,
    pub handling_agency: String,
    pub agencies: Vec<String>,
    pub levels: Vec<String>,
    pub fees: String,
    pub legal_basis: String,
    pub result_document: String,
    pub conditions: String,
    pub online_level: String,
    pub full_process_eligible: Option<String>,
    pub any_location: Option<String>,
    pub form: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "procedure_edit.html")]
struct EditPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    editing: bool,
    stale: bool,
    action: String,
    f: EditView,
    channels: Vec<SelectOption>,
    agencies: Vec<SelectOption>,
    levels: Vec<SelectOption>,
    units: Vec<SelectOption>,
    onlines: Vec<SelectOption>,
}

/// What the template reads (checkbox states already resolved).
struct EditView {
    version: String,
    code: String,
    name: String,
    field: String,
    steps: String,
    components: String,
    time_value: String,
    time_note: String,
    applicants: String,
    handling_agency: String,
    fees: String,
    legal_basis: String,
    result_document: String,
    conditions: String,
    full_process_eligible: bool,
    any_location: bool,
    form: String,
}

fn yes(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "1" | "x" | "có" | "co" | "yes" | "bắt buộc" | "bat buoc" | "required" | "true"
    )
}

impl EditForm {
    pub fn from_procedure(p: &ProcedureInput, version: i64) -> Self {
        let components = p
            .components
            .iter()
            .map(|c| {
                let req = if c.required { "bắt buộc" } else { "không" };
                format!(
                    "{} | {} | {} | {} | {} | {}",
                    c.code,
                    c.name,
                    req,
                    c.originals,
                    c.copies,
                    c.file_types.join(",")
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let fees = p
            .fees
            .iter()
            .map(|f| {
                format!(
                    "{} | {}",
                    f.description,
                    f.amount_vnd.map(|a| a.to_string()).unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let form = p
            .form
            .iter()
            .map(|f| {
                let kind = serde_json::to_value(f.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let req = if f.required { "bắt buộc" } else { "không" };
                format!("{} | {} | {} | {} | {}", f.key, f.label, kind, req, f.options.join(";"))
            })
            .collect::<Vec<_>>()
            .join("\n");
        EditForm {
            version: version.to_string(),
            code: p.code.clone(),
            name: p.name.clone(),
            field: p.field.clone(),
            steps: p.steps.clone(),
            channels: p.channels.iter().map(|c| c.as_str().to_owned()).collect(),
            components,
            time_value: p.time_limit.value.to_string(),
            time_unit: p.time_limit.unit.as_str().to_owned(),
            time_note: p.time_limit.note.clone(),
            applicants: p.applicants.clone(),
            handling_agency: p.handling_agency.clone(),
            agencies: p.agencies.iter().map(|a| a.to_string()).collect(),
            levels: p.levels.iter().map(|l| l.as_str().to_owned()).collect(),
            fees,
            legal_basis: p.legal_basis.join("\n"),
            result_document: p.result_document.clone(),
            conditions: p.conditions.clone(),
            online_level: p.online_level.as_str().to_owned(),
            full_process_eligible: p.full_process_eligible.then(|| "1".into()),
            any_location: p.any_location.then(|| "1".into()),
            form,
        }
    }

    /// Reads the form into a procedure; line-format errors name the field and line.
    pub fn to_procedure(&self) -> Result<ProcedureInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut bad = |field: &str, code: &'static str, detail: Option<String>| {
            errs.push(FieldError {
                field: field.into(),
                code,
                detail,
            });
        };
        let lines = |s: &str| {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let value = self.time_value.trim().parse::<u32>().unwrap_or_else(|_| {
            bad("time_limit", "out_of_range", Some("1..3650".into()));
            1
        });
        let unit = TimeUnit::parse(&self.time_unit).unwrap_or_else(|| {
            bad("time_limit", "invalid_choice", None);
            TimeUnit::WorkingDays
        });
        let online_level = OnlineLevel::parse(&self.online_level).unwrap_or_else(|| {
            bad("online_level", "invalid_choice", None);
            OnlineLevel::None
        });
        let channels = self.channels.iter().filter_map(|c| Channel::parse(c)).collect();
        let levels = self.levels.iter().filter_map(|l| Level::parse(l)).collect();
        let mut agencies = Vec::new();
        for a in &self.agencies {
            match AgencyCode::parse(a) {
                Ok(c) => agencies.push(c),
                Err(e) => bad("agencies", e.code(), None),
            }
        }
        let mut fees = Vec::new();
        for (i, line) in lines(&self.fees).iter().enumerate() {
            let (desc, amount) = line.rsplit_once('|').map_or((line.as_str(), ""), |(d, a)| (d, a));
            let amount = amount.trim().replace(['.', ' '], "");
            let amount_vnd = if amount.is_empty() {
                None
            } else {
                match amount.parse::<i64>() {
                    Ok(a) => Some(a),
                    Err(_) => {
                        bad("fees", "invalid_line", Some(format!("{}: {line}", i + 1)));
                        None
                    }
                }
            };
            fees.push(Fee {
                description: desc.trim().to_owned(),
                amount_vnd,
            });
        }
        let mut components = Vec::new();
        for (i, line) in lines(&self.components).iter().enumerate() {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            let num = |s: Option<&&str>| s.and_then(|v| v.parse::<u32>().ok());
            match (parts.first(), parts.get(1), num(parts.get(3)), num(parts.get(4))) {
                (Some(code), Some(name), Some(originals), Some(copies)) if parts.len() >= 5 => {
                    components.push(Component {
                        code: (*code).to_owned(),
                        name: (*name).to_owned(),
                        required: parts.get(2).is_some_and(|r| yes(r)),
                        originals,
                        copies,
                        file_types: parts
                            .get(5)
                            .map(|t| {
                                t.split(',')
                                    .map(|x| x.trim().to_lowercase())
                                    .filter(|x| !x.is_empty())
                                    .collect()
                            })
                            .unwrap_or_else(|| vec!["pdf".into()]),
                        note: String::new(),
                    })
                }
                _ => bad("components", "invalid_line", Some(format!("{}: {line}", i + 1))),
            }
        }
        let mut form = Vec::new();
        for (i, line) in lines(&self.form).iter().enumerate() {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            let kind = parts
                .get(2)
                .and_then(|k| serde_json::from_value::<FieldKind>(serde_json::Value::String((*k).into())).ok());
            match (parts.first(), parts.get(1), kind) {
                (Some(key), Some(label), Some(kind)) => form.push(FormField {
                    key: (*key).to_owned(),
                    label: (*label).to_owned(),
                    kind,
                    required: parts.get(3).is_some_and(|r| yes(r)),
                    help: String::new(),
                    options: parts
                        .get(4)
                        .map(|o| {
                            o.split(';')
                                .map(str::trim)
                                .filter(|x| !x.is_empty())
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    max_length: None,
                }),
                _ => bad("form", "invalid_line", Some(format!("{}: {line}", i + 1))),
            }
        }
        let p = ProcedureInput {
            code: self.code.trim().to_owned(),
            name: self.name.trim().to_owned(),
            field: self.field.trim().to_owned(),
            steps: self.steps.trim().to_owned(),
            channels,
            components,
            time_limit: TimeLimit {
                value,
                unit,
                note: self.time_note.trim().to_owned(),
            },
            applicants: self.applicants.trim().to_owned(),
            handling_agency: self.handling_agency.trim().to_owned(),
            agencies,
            levels,
            fees,
            legal_basis: lines(&self.legal_basis),
            result_document: self.result_document.trim().to_owned(),
            conditions: self.conditions.trim().to_owned(),
            online_level,
            full_process_eligible: self.full_process_eligible.is_some(),
            any_location: self.any_location.is_some(),
            form,
        };
        errs.extend(p.validate().into_errors());
        if errs.is_empty() { Ok(p) } else { Err(errs) }
    }
}

fn view(f: &EditForm) -> EditView {
    EditView {
        version: f.version.clone(),
        code: f.code.clone(),
        name: f.name.clone(),
        field: f.field.clone(),
        steps: f.steps.clone(),
        components: f.components.clone(),
        time_value: f.time_value.clone(),
        time_note: f.time_note.clone(),
        applicants: f.applicants.clone(),
        handling_agency: f.handling_agency.clone(),
        fees: f.fees.clone(),
        legal_basis: f.legal_basis.clone(),
        result_document: f.result_document.clone(),
        conditions: f.conditions.clone(),
        full_process_eligible: f.full_process_eligible.is_some(),
        any_location: f.any_location.is_some(),
        form: f.form.clone(),
    }
}

fn checks(all: impl Iterator<Item = (String, String)>, chosen: &[String]) -> Vec<SelectOption> {
    all.map(|(value, label)| SelectOption {
        selected: chosen.contains(&value),
        value,
        label,
    })
    .collect()
}

struct Render<'a> {
    state: &'a AppState,
    t: Tr,
    page: Page,
    editing: bool,
}

impl Render<'_> {
    fn page(self, f: &EditForm, errors: FormErrors, stale: bool) -> EditPage {
        let t = self.t;
        let cat = self.state.catalogue();
        let action = if self.editing {
            format!("/quan-tri/thu-tuc/{}/sua", f.code)
        } else {
            "/quan-tri/thu-tuc/moi".to_owned()
        };
        let one = |v: &str| vec![v.to_owned()];
        EditPage {
            t,
            errors,
            editing: self.editing,
            stale,
            action,
            channels: checks(
                [Channel::InPerson, Channel::Online, Channel::Post].iter().map(|c| {
                    (
                        c.as_str().to_owned(),
                        t.t(&format!("channel.{}", c.as_str())).to_owned(),
                    )
                }),
                &f.channels,
            ),
            agencies: checks(
                cat.agencies
                    .iter()
                    .filter(|a| !a.level.is_historical())
                    .map(|a| (a.code.clone(), format!("{} ({})", a.name, a.code))),
                &f.agencies,
            ),
            levels: checks(
                Level::ALL
                    .iter()
                    .map(|l| (l.as_str().to_owned(), t.t(&format!("level.{}", l.as_str())).to_owned())),
                &f.levels,
            ),
            units: checks(
                TimeUnit::ALL
                    .iter()
                    .map(|u| (u.as_str().to_owned(), t.t(&format!("unit.{}", u.as_str())).to_owned())),
                &one(&f.time_unit),
            ),
            onlines: checks(
                OnlineLevel::ALL
                    .iter()
                    .map(|o| (o.as_str().to_owned(), t.t(&format!("online.{}", o.as_str())).to_owned())),
                &one(&f.online_level),
            ),
            f: view(f),
            page: self.page,
        }
    }
}

fn agency_ids(state: &AppState, codes: &[String]) -> Vec<i64> {
    let cat = state.catalogue();
    codes.iter().filter_map(|c| cat.agency(c).map(|a| a.id)).collect()
}

fn editor(s: &CurrentSession, lang: crate::i18n::Lang) -> Result<Principal, PageError> {
    let p = s
        .principal
        .clone()
        .ok_or_else(|| PageError::new(ApiError::Unauthenticated, lang))?;
    if p.can_edit_procedure(&[]) {
        Ok(p)
    } else {
        Err(PageError::new(ApiError::Forbidden, lang))
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    editor(&s, t.0)?;
    let (page, jar) = Page::with_form(&state, &s, jar)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    let f = EditForm {
        time_unit: "working_days".into(),
        online_level: "partial".into(),
        ..EditForm::default()
    };
    Ok((
        jar,
        Render {
            state: &state,
            t,
            page,
            editing: false,
        }
        .page(&f, FormErrors::default(), false),
    )
        .into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let who = editor(&s, t.0)?;
    let cat = state.catalogue();
    let e = cat.get(&code).ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
    let f = EditForm::from_procedure(&e.procedure, e.version);
    if !who.can_edit_procedure(&agency_ids(&state, &f.agencies)) {
        return Err(PageError::new(ApiError::Forbidden, t.0));
    }
    let (page, jar) = Page::with_form(&state, &s, jar)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    let view = Render {
        state: &state,
        t,
        page,
        editing: true,
    }
    .page(&f, FormErrors::default(), false);
    Ok((jar, view).into_response())
}

async fn save(
    state: AppState,
    s: CurrentSession,
    headers: HeaderMap,
    code: Option<String>,
    f: EditForm,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let who = editor(&s, t.0)?;
    let editing = code.is_some();
    let render = |errors: FormErrors, stale: bool| {
        let page = Page::plain(&s);
        let status = if stale {
            StatusCode::CONFLICT
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        (
            status,
            Render {
                state: &state,
                t,
                page,
                editing,
            }
            .page(&f, errors, stale),
        )
            .into_response()
    };
    if !who.can_edit_procedure(&agency_ids(&state, &f.agencies)) {
        return Err(PageError::new(ApiError::Forbidden, t.0));
    }
    let p = match f.to_procedure() {
        Ok(p) => p,
        Err(errs) => return Ok(render(FormErrors::from_fields(t, &errs), false)),
    };
    let result = match &code {
        None => state.store.create_procedure(Some(who.user_id), &p).await,
        Some(code) => {
            let old = state
                .catalogue()
                .get(code)
                .map(|e| e.procedure.agencies.iter().map(|a| a.to_string()).collect::<Vec<_>>());
            let old = old.ok_or_else(|| PageError::new(ApiError::NotFound, t.0))?;
            if !who.can_edit_procedure(&agency_ids(&state, &old)) {
                return Err(PageError::new(ApiError::Forbidden, t.0));
            }
            let expected = f.version.trim().parse::<i64>().ok();
            state
                .store
                .update_procedure(Some(who.user_id), code, &p, expected)
                .await
        }
    };
    match result {
        Ok(saved) => {
            state.refresh_catalogue().await.map_err(|e| PageError::new(e, t.0))?;
            Ok(Redirect::to(&format!("/thu-tuc/{}", saved.procedure.code)).into_response())
        }
        Err(StorageError::Conflict("version")) => Ok(render(FormErrors::default(), true)),
        Err(StorageError::Conflict(_)) => {
            let mut errors = FormErrors::default();
            errors.add("code", t.field("duplicate", &None));
            Ok(render(errors, false))
        }
        Err(StorageError::Invalid(errs)) => Ok(render(FormErrors::from_fields(t, &errs), false)),
        Err(e) => Err(PageError::new(e, t.0)),
    }
}

pub async fn create(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    form: Result<Form<EditForm>, axum_extra::extract::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) =
        form.map_err(|e| PageError::new(ApiError::BadRequest("invalid_form", e.to_string()), lang_of(&headers)))?;
    save(state, s, headers, None, f).await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    form: Result<Form<EditForm>, axum_extra::extract::FormRejection>,
) -> Result<Response, PageError> {
    let Form(f) =
        form.map_err(|e| PageError::new(ApiError::BadRequest("invalid_form", e.to_string()), lang_of(&headers)))?;
    save(state, s, headers, Some(code), f).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ProcedureInput {
        serde_json::from_str(include_str!("../../../domain/tests/fixtures/procedure.json")).unwrap()
    }

    #[test]
    fn line_format_round_trips() {
        let p = sample();
        let f = EditForm::from_procedure(&p, 3);
        let back = f.to_procedure().unwrap();
        assert_eq!(back.components, p.components);
        assert_eq!(back.fees, p.fees);
        assert_eq!(
            back.form
                .iter()
                .map(|x| (&x.key, x.kind, x.required))
                .collect::<Vec<_>>(),
            p.form.iter().map(|x| (&x.key, x.kind, x.required)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let mut f = EditForm::from_procedure(&sample(), 1);
        f.components.push_str("\nchỉ có tên");
        f.fees = "Lệ phí | mười nghìn".into();
        let errs = f.to_procedure().unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.field == "components" && e.detail.as_deref() == Some("3: chỉ có tên")),
            "{errs:?}"
        );
        assert!(errs.iter().any(|e| e.field == "fees" && e.code == "invalid_line"));
    }
}
