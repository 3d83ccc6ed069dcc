//! Filing online, GOV.UK style: one thing per page (receiving agency, applicant, form),
//! saved as a draft after every page, a check-your-answers page, and a confirmation page
//! with the dossier code and what happens next.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use serde::{Deserialize, Serialize};

use motcua_domain::account::Principal;
use motcua_domain::dossier::Applicant;
use motcua_domain::procedure::form::validate_values;
use motcua_domain::procedure::{Channel, FieldKind, OnlineLevel};
use motcua_storage::{Attachment, NewAttachment, sniff};

use super::view::{FormErrors, Page, PageError, SelectOption, lang_of};
use crate::auth::CurrentSession;
use crate::catalogue::ProcedureEntry;
use crate::dossiers::{self, Filing};
use crate::error::ApiError;
use crate::i18n::Tr;
use crate::state::AppState;

/// The draft of a filing, as saved after each page.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct Draft {
    agency: String,
    applicant: Applicant,
    data: serde_json::Map<String, serde_json::Value>,
}

/// One input as the template draws it.
pub struct FieldView {
    name: String,
    label: String,
    /// An `<input type>`, or `textarea`, `select`, `checkbox`, `radio`.
    kind: &'static str,
    hint: String,
    value: String,
    required: bool,
    options: Vec<SelectOption>,
    autocomplete: &'static str,
    numeric: bool,
}

impl FieldView {
    pub fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }

    fn text(name: &str, label: &str, value: &str, autocomplete: &'static str) -> Self {
        FieldView {
            name: name.into(),
            label: label.into(),
            kind: "text",
            hint: String::new(),
            value: value.into(),
            required: true,
            options: Vec::new(),
            autocomplete,
            numeric: false,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "filing_page.html")]
pub struct FilingPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    procedure_name: String,
    heading: String,
    action: String,
    fields: Vec<FieldView>,
}

/// Filing online (a citizen for themselves) or at the counter (a one-stop officer for a
/// walk-in applicant, scanning the paper documents as attachments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Online,
    Counter,
}

impl Mode {
    fn of(matched: &axum::extract::MatchedPath) -> Mode {
        if matched.as_str().starts_with("/tiep-nhan/") {
            Mode::Counter
        } else {
            Mode::Online
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Mode::Online => "/nop-ho-so",
            Mode::Counter => "/tiep-nhan",
        }
    }
}

struct Ctx {
    mode: Mode,
    t: Tr,
    who: Principal,
    entry: Arc<ProcedureEntry>,
    draft: Draft,
}

async fn context(
    state: &AppState,
    s: &CurrentSession,
    headers: &HeaderMap,
    code: &str,
    mode: Mode,
) -> Result<Ctx, Response> {
    let t = Tr(lang_of(headers));
    let Some(who) = s.principal.clone() else {
        return Err(Redirect::to(&format!("/dang-nhap?next={}/{code}", mode.prefix())).into_response());
    };
    let cat = state.catalogue();
    let entry = cat
        .get(code)
        .cloned()
        .ok_or_else(|| PageError::new(ApiError::NotFound, t.0).into_response())?;
    match mode {
        Mode::Online => {
            if !entry.procedure.channels.contains(&Channel::Online) || entry.procedure.online_level == OnlineLevel::None
            {
                return Err(PageError::new(ApiError::NotFound, t.0).into_response());
            }
        }
        Mode::Counter => {
            if counter_agencies(state, &who, &entry).is_empty() {
                return Err(PageError::new(ApiError::Forbidden, t.0).into_response());
            }
        }
    }
    let draft = match state.store.draft(who.user_id, entry.id).await {
        Ok(Some(v)) => serde_json::from_value(v).unwrap_or_default(),
        Ok(None) if mode == Mode::Online => Draft {
            applicant: Applicant {
                full_name: who.display_name.clone(),
                ..Applicant::default()
            },
            ..Draft::default()
        },
        Ok(None) => Draft::default(),
        Err(e) => return Err(PageError::new(e, t.0).into_response()),
    };
    Ok(Ctx {
        mode,
        t,
        who,
        entry,
        draft,
    })
}

async fn save(state: &AppState, c: &Ctx) -> Result<(), Response> {
    let value = serde_json::to_value(&c.draft).unwrap_or_default();
    state
        .store
        .save_draft(c.who.user_id, c.entry.id, &value)
        .await
        .map_err(|e| PageError::new(e, c.t.0).into_response())
}

impl Ctx {
    /// The URL of a page of this filing.
    fn url(&self, step: &str) -> String {
        format!("{}/{}/{step}", self.mode.prefix(), self.entry.procedure.code)
    }

    /// Agencies the filer may file with: the procedure's, and at the counter only those
    /// where the officer is a one-stop officer.
    fn agencies(&self, state: &AppState) -> Vec<motcua_domain::agency::AgencyCode> {
        match self.mode {
            Mode::Online => self.entry.procedure.agencies.clone(),
            Mode::Counter => counter_agencies(state, &self.who, &self.entry),
        }
    }
}

fn counter_agencies(
    state: &AppState,
    who: &Principal,
    entry: &ProcedureEntry,
) -> Vec<motcua_domain::agency::AgencyCode> {
    let cat = state.catalogue();
    entry
        .procedure
        .agencies
        .iter()
        .filter(|code| {
            cat.agency(code.as_str()).is_some_and(|a| {
                who.grants
                    .iter()
                    .any(|g| g.role == motcua_domain::account::Role::OneStopOfficer && g.agency_id == a.id)
            })
        })
        .cloned()
        .collect()
}

/// Where to go next: the first page not yet done.
fn next_page(c: &Ctx, files: &[Attachment]) -> String {
    if c.draft.agency.is_empty() {
        c.url("co-quan")
    } else if !c.draft.applicant.validate().is_empty() {
        c.url("nguoi-nop")
    } else if !validate_values(&c.entry.procedure.form, &c.draft.data).is_empty() {
        c.url("to-khai")
    } else if !missing_documents(c, files).is_empty() {
        c.url("giay-to")
    } else {
        c.url("kiem-tra")
    }
}

/// Required components without any file.
fn missing_documents<'a>(c: &'a Ctx, files: &[Attachment]) -> Vec<&'a str> {
    c.entry
        .procedure
        .components
        .iter()
        .filter(|comp| comp.required && !files.iter().any(|f| f.component == comp.code))
        .map(|comp| comp.code.as_str())
        .collect()
}

async fn draft_files(state: &AppState, c: &Ctx) -> Result<Vec<Attachment>, Response> {
    state
        .store
        .draft_attachments(c.who.user_id, c.entry.id)
        .await
        .map_err(|e| PageError::new(e, c.t.0).into_response())
}

async fn next_of(state: &AppState, c: &Ctx) -> Result<String, Response> {
    Ok(next_page(c, &draft_files(state, c).await?))
}

/// A GET page of the flow: loads the filing, makes sure the session has a CSRF token, draws.
async fn show_page<R: IntoResponse>(
    state: &AppState,
    s: &CurrentSession,
    headers: &HeaderMap,
    jar: CookieJar,
    code: &str,
    mode: Mode,
    draw: impl FnOnce(&Ctx, Page) -> R,
) -> Response {
    let shown = async {
        let c = context(state, s, headers, code, mode).await?;
        let (page, jar) = Page::with_form(state, s, jar)
            .await
            .map_err(|e| PageError::new(e, c.t.0).into_response())?;
        Ok::<Response, Response>((jar, draw(&c, page)).into_response())
    };
    unwrap(shown.await)
}

fn unwrap(r: Result<Response, Response>) -> Response {
    r.unwrap_or_else(|e| e)
}

pub async fn start(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(
        async {
            let mut c = context(&state, &s, &headers, &code, mode).await?;
            let agencies = c.agencies(&state);
            if c.draft.agency.is_empty() && agencies.len() == 1 {
                c.draft.agency = agencies[0].to_string();
                save(&state, &c).await?;
            }
            Ok(Redirect::to(&next_of(&state, &c).await?).into_response())
        }
        .await,
    )
}

fn agency_page(state: &AppState, c: &Ctx, page: Page, errors: FormErrors) -> FilingPage {
    let cat = state.catalogue();
    let options = c
        .agencies(state)
        .iter()
        .map(|code| SelectOption {
            value: code.to_string(),
            label: cat
                .agency(code.as_str())
                .map_or_else(|| code.to_string(), |a| a.name.clone()),
            selected: c.draft.agency == code.as_str(),
        })
        .collect();
    FilingPage {
        t: c.t,
        page,
        errors,
        procedure_name: c.entry.procedure.name.clone(),
        heading: c.t.t("filing.agency").to_owned(),
        action: c.url("co-quan"),
        fields: vec![FieldView {
            kind: "radio",
            options,
            ..FieldView::text("agency", "", "", "")
        }],
    }
}

pub async fn agency_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
) -> Response {
    show_page(&state, &s, &headers, jar, &code, Mode::of(&matched), |c, page| {
        agency_page(&state, c, page, FormErrors::default())
    })
    .await
}

pub async fn agency_save(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(
        async {
            let mut c = context(&state, &s, &headers, &code, mode).await?;
            let chosen = form.get("agency").cloned().unwrap_or_default();
            if !c.agencies(&state).iter().any(|a| a.as_str() == chosen) {
                let mut errors = FormErrors::default();
                errors.add("agency", c.t.t("filing.choose_agency"));
                return Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    agency_page(&state, &c, Page::plain(&s), errors),
                )
                    .into_response());
            }
            c.draft.agency = chosen;
            save(&state, &c).await?;
            Ok(Redirect::to(&next_of(&state, &c).await?).into_response())
        }
        .await,
    )
}

fn applicant_page(c: &Ctx, page: Page, errors: FormErrors) -> FilingPage {
    let a = &c.draft.applicant;
    let t = c.t;
    let mut id = FieldView::text("id_number", t.t("filing.id_number"), &a.id_number, "off");
    id.numeric = true;
    id.hint = t.t("filing.id_number_hint").to_owned();
    let mut phone = FieldView::text("phone", t.t("filing.phone"), &a.phone, "tel");
    phone.kind = "tel";
    let mut email = FieldView::text("email", t.t("filing.email"), &a.email, "email");
    email.kind = "email";
    email.required = false;
    FilingPage {
        t,
        page,
        errors,
        procedure_name: c.entry.procedure.name.clone(),
        heading: t.t("filing.applicant").to_owned(),
        action: c.url("nguoi-nop"),
        fields: vec![
            FieldView::text("full_name", t.t("register.full_name"), &a.full_name, "name"),
            id,
            FieldView::text("address", t.t("filing.address"), &a.address, "street-address"),
            phone,
            email,
        ],
    }
}

pub async fn applicant_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
) -> Response {
    show_page(&state, &s, &headers, jar, &code, Mode::of(&matched), |c, page| {
        applicant_page(c, page, FormErrors::default())
    })
    .await
}

pub async fn applicant_save(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(
        async {
            let mut c = context(&state, &s, &headers, &code, mode).await?;
            let get = |k: &str| {
                form.get(k)
                    .map(|v| motcua_domain::text::nfc(v.trim()))
                    .unwrap_or_default()
            };
            c.draft.applicant = Applicant {
                full_name: get("full_name"),
                id_number: get("id_number"),
                address: get("address"),
                phone: get("phone"),
                email: get("email"),
                ..c.draft.applicant.clone()
            };
            // What was typed is kept even when it is wrong: the draft is saved either way.
            save(&state, &c).await?;
            let errs = c.draft.applicant.validate().into_errors();
            if !errs.is_empty() {
                let errors = FormErrors::from_fields(c.t, &errs);
                return Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    applicant_page(&c, Page::plain(&s), errors),
                )
                    .into_response());
            }
            Ok(Redirect::to(&next_of(&state, &c).await?).into_response())
        }
        .await,
    )
}

fn value_text(v: Option<&serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn form_page(c: &Ctx, page: Page, errors: FormErrors) -> FilingPage {
    let fields = c
        .entry
        .procedure
        .form
        .iter()
        .map(|f| {
            let value = value_text(c.draft.data.get(&f.key));
            let kind = match f.kind {
                FieldKind::Textarea => "textarea",
                FieldKind::Select => "select",
                FieldKind::Checkbox => "checkbox",
                FieldKind::Date => "date",
                FieldKind::Email => "email",
                FieldKind::Phone => "tel",
                FieldKind::Text | FieldKind::Number | FieldKind::IdentityNumber => "text",
            };
            FieldView {
                name: f.key.clone(),
                label: f.label.clone(),
                kind,
                hint: f.help.clone(),
                required: f.required,
                options: f
                    .options
                    .iter()
                    .map(|o| SelectOption {
                        value: o.clone(),
                        label: o.clone(),
                        selected: *o == value,
                    })
                    .collect(),
                autocomplete: "off",
                numeric: matches!(f.kind, FieldKind::Number | FieldKind::IdentityNumber),
                value,
            }
        })
        .collect();
    FilingPage {
        t: c.t,
        page,
        errors,
        procedure_name: c.entry.procedure.name.clone(),
        heading: c.t.t("filing.form").to_owned(),
        action: c.url("to-khai"),
        fields,
    }
}

pub async fn data_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
) -> Response {
    show_page(&state, &s, &headers, jar, &code, Mode::of(&matched), |c, page| {
        form_page(c, page, FormErrors::default())
    })
    .await
}

pub async fn data_save(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(
        async {
            let mut c = context(&state, &s, &headers, &code, mode).await?;
            let mut data = serde_json::Map::new();
            for f in &c.entry.procedure.form {
                let v = form
                    .get(&f.key)
                    .map(|v| motcua_domain::text::nfc(v.trim()))
                    .unwrap_or_default();
                let v = if f.kind == FieldKind::Checkbox {
                    (v == "true").to_string()
                } else {
                    v
                };
                if !v.is_empty() {
                    data.insert(f.key.clone(), serde_json::Value::String(v));
                }
            }
            c.draft.data = data;
            save(&state, &c).await?;
            let errs = validate_values(&c.entry.procedure.form, &c.draft.data).into_errors();
            if !errs.is_empty() {
                let errors = FormErrors::from_fields(c.t, &errs);
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, form_page(&c, Page::plain(&s), errors)).into_response());
            }
            Ok(Redirect::to(&next_of(&state, &c).await?).into_response())
        }
        .await,
    )
}

pub struct Section {
    title: String,
    rows: Vec<(String, String)>,
    change: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "filing_check.html")]
pub struct CheckPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    procedure_name: String,
    sections: Vec<Section>,
    action: String,
}

fn check_page(state: &AppState, c: &Ctx, files: &[Attachment], page: Page, errors: FormErrors) -> CheckPage {
    let t = c.t;
    let p = &c.entry.procedure;
    let a = &c.draft.applicant;
    let agency = state
        .catalogue()
        .agency(&c.draft.agency)
        .map_or_else(|| c.draft.agency.clone(), |x| x.name.clone());
    let sections = vec![
        Section {
            title: t.t("filing.agency").into(),
            rows: vec![(t.t("proc.agency").into(), agency)],
            change: c.url("co-quan"),
        },
        Section {
            title: t.t("filing.applicant").into(),
            rows: vec![
                (t.t("register.full_name").into(), a.full_name.clone()),
                (t.t("filing.id_number").into(), a.id_number.clone()),
                (t.t("filing.address").into(), a.address.clone()),
                (t.t("filing.phone").into(), a.phone.clone()),
                (t.t("filing.email").into(), a.email.clone()),
            ],
            change: c.url("nguoi-nop"),
        },
        Section {
            title: t.t("filing.form").into(),
            rows: p
                .form
                .iter()
                .map(|f| {
                    let v = value_text(c.draft.data.get(&f.key));
                    let v = if f.kind == FieldKind::Checkbox {
                        t.t(if v == "true" { "yes" } else { "no" }).to_owned()
                    } else {
                        v
                    };
                    (f.label.clone(), v)
                })
                .collect(),
            change: c.url("to-khai"),
        },
        Section {
            title: t.t("filing.documents").into(),
            rows: p
                .components
                .iter()
                .map(|comp| {
                    let names: Vec<_> = files
                        .iter()
                        .filter(|f| f.component == comp.code)
                        .map(|f| f.file_name.clone())
                        .collect();
                    (comp.name.clone(), names.join("\n"))
                })
                .collect(),
            change: c.url("giay-to"),
        },
    ];
    CheckPage {
        t,
        page,
        errors,
        procedure_name: p.name.clone(),
        sections,
        action: c.url("kiem-tra"),
    }
}

pub async fn check(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(check_inner(state, s, headers, jar, code, mode).await)
}

async fn check_inner(
    state: AppState,
    s: CurrentSession,
    headers: HeaderMap,
    jar: CookieJar,
    code: String,
    mode: Mode,
) -> Result<Response, Response> {
    let c = context(&state, &s, &headers, &code, mode).await?;
    let files = draft_files(&state, &c).await?;
    let next = next_page(&c, &files);
    if next != c.url("kiem-tra") {
        return Ok(Redirect::to(&next).into_response());
    }
    let (page, jar) = Page::with_form(&state, &s, jar)
        .await
        .map_err(|e| PageError::new(e, c.t.0).into_response())?;
    Ok((jar, check_page(&state, &c, &files, page, FormErrors::default())).into_response())
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(submit_inner(state, s, headers, code, mode).await)
}

async fn submit_inner(
    state: AppState,
    s: CurrentSession,
    headers: HeaderMap,
    code: String,
    mode: Mode,
) -> Result<Response, Response> {
    let c = context(&state, &s, &headers, &code, mode).await?;
    let files = draft_files(&state, &c).await?;
    let next = next_page(&c, &files);
    if next != c.url("kiem-tra") {
        return Ok(Redirect::to(&next).into_response());
    }
    let filing = Filing {
        procedure: code.clone(),
        agency: c.draft.agency.clone(),
        applicant: c.draft.applicant.clone(),
        data: c.draft.data.clone(),
        channel: Some(if mode == Mode::Counter {
            Channel::InPerson
        } else {
            Channel::Online
        }),
    };
    match dossiers::file(&state, &c.who, filing).await {
        Ok(d) => {
            state
                .store
                .delete_draft(c.who.user_id, c.entry.id)
                .await
                .map_err(|e| PageError::new(e, c.t.0).into_response())?;
            let done = if mode == Mode::Counter {
                format!("/ho-so/{}", d.code)
            } else {
                format!("/ho-so/{}/da-nop", d.code)
            };
            Ok(Redirect::to(&done).into_response())
        }
        Err(ApiError::Validation(errs)) => {
            let errors = FormErrors::from_fields(c.t, &errs);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                check_page(&state, &c, &files, Page::plain(&s), errors),
            )
                .into_response())
        }
        Err(e) => Err(PageError::new(e, c.t.0).into_response()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "filing_done.html")]
pub struct DonePage {
    t: Tr,
    page: Page,
    code: String,
    secret: String,
    /// Inline SVG of the look-up QR code.
    qr: String,
}

pub async fn done(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<DonePage, PageError> {
    let t = Tr(lang_of(&headers));
    let (who, d) = super::dossier_pages::readable_dossier(&state, &s, t, &code).await?;
    if d.state.applicant_id != Some(who.user_id) {
        return Err(PageError::new(ApiError::NotFound, t.0));
    }
    let qr = super::qr::svg_of(&super::qr::lookup_path(&d.code, &d.secret));
    Ok(DonePage {
        t,
        page: Page::plain(&s),
        code: d.code,
        secret: d.secret,
        qr,
    })
}

pub struct ComponentView {
    code: String,
    name: String,
    required: bool,
    types: String,
    accept: String,
    /// (id, file name, size)
    files: Vec<(i64, String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "filing_documents.html")]
pub struct DocumentsPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    procedure_name: String,
    components: Vec<ComponentView>,
    base: String,
    next: String,
    max_mb: usize,
}

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn documents_page(state: &AppState, c: &Ctx, files: &[Attachment], page: Page, errors: FormErrors) -> DocumentsPage {
    let components = c
        .entry
        .procedure
        .components
        .iter()
        .map(|comp| ComponentView {
            code: comp.code.clone(),
            name: comp.name.clone(),
            required: comp.required,
            types: comp.file_types.join(", "),
            accept: comp
                .file_types
                .iter()
                .map(|t| format!(".{t}"))
                .collect::<Vec<_>>()
                .join(","),
            files: files
                .iter()
                .filter(|f| f.component == comp.code)
                .map(|f| (f.id, f.file_name.clone(), size_text(f.size_bytes)))
                .collect(),
        })
        .collect();
    DocumentsPage {
        t: c.t,
        page,
        errors,
        procedure_name: c.entry.procedure.name.clone(),
        components,
        base: c.url("giay-to"),
        next: c.url("kiem-tra"),
        max_mb: state.settings.max_upload_bytes / (1024 * 1024),
    }
}

pub async fn documents_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(
        async {
            let c = context(&state, &s, &headers, &code, mode).await?;
            let (page, jar) = Page::with_form(&state, &s, jar)
                .await
                .map_err(|e| PageError::new(e, c.t.0).into_response())?;
            let files = draft_files(&state, &c).await?;
            Ok((jar, documents_page(&state, &c, &files, page, FormErrors::default())).into_response())
        }
        .await,
    )
}

/// Keeps the last path segment of a browser-supplied name, without control characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = motcua_domain::text::nfc(base)
        .chars()
        .filter(|ch| !ch.is_control())
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "tep".to_owned()
    } else {
        cleaned
    }
}

pub async fn documents_upload(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(
        async {
            let c = context(&state, &s, &headers, &code, mode).await?;
            let t = c.t;
            let mut errors = FormErrors::default();
            let mut component = String::new();
            let mut upload: Option<(String, axum::body::Bytes)> = None;
            let max = state.settings.max_upload_bytes;
            let mut too_large = false;
            match multipart {
                Ok(mut m) => loop {
                    match m.next_field().await {
                        Ok(Some(field)) => match field.name() {
                            Some("component") => component = field.text().await.unwrap_or_default(),
                            Some("file") => {
                                let name = clean_name(field.file_name().unwrap_or(""));
                                match field.bytes().await {
                                    Ok(b) => upload = Some((name, b)),
                                    Err(_) => too_large = true,
                                }
                            }
                            _ => {}
                        },
                        Ok(None) => break,
                        Err(_) => {
                            too_large = true;
                            break;
                        }
                    }
                },
                Err(_) => too_large = true,
            }
            let comp = c.entry.procedure.components.iter().find(|x| x.code == component);
            let field = comp.map_or("file", |x| x.code.as_str()).to_owned();
            let mb = (max / (1024 * 1024)).to_string();
            match (comp, upload) {
                _ if too_large => errors.add(&field, t.field("file_too_large", &Some(mb))),
                (None, _) => errors.add(&field, t.field("invalid_choice", &None)),
                (Some(_), None) => errors.add(&field, t.field("file_empty", &None)),
                (Some(_), Some((_, ref b))) if b.is_empty() => errors.add(&field, t.field("file_empty", &None)),
                (Some(_), Some((_, ref b))) if b.len() > max => {
                    errors.add(&field, t.field("file_too_large", &Some(mb)))
                }
                (Some(comp), Some((name, bytes))) => {
                    let kind = sniff(&bytes);
                    let accepted =
                        kind.is_some_and(|k| comp.file_types.iter().any(|t| t == k || (k == "jpg" && t == "jpeg")));
                    match kind.filter(|_| accepted) {
                        None => errors.add(&field, t.field("file_type", &Some(comp.file_types.join(", ")))),
                        Some(ext) => {
                            let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
                            let sha = state
                                .files
                                .put(bytes)
                                .await
                                .map_err(|e| PageError::new(e, t.0).into_response())?;
                            let a = NewAttachment {
                                owner_user_id: c.who.user_id,
                                procedure_id: c.entry.id,
                                dossier_id: None,
                                component: &comp.code,
                                file_name: &name,
                                content_type: motcua_storage::mime_of(ext),
                                size_bytes: size,
                                sha256: &sha,
                            };
                            state
                                .store
                                .add_attachment(&a)
                                .await
                                .map_err(|e| PageError::new(e, t.0).into_response())?;
                            return Ok(Redirect::to(&c.url("giay-to")).into_response());
                        }
                    }
                }
            }
            let files = draft_files(&state, &c).await?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                documents_page(&state, &c, &files, Page::plain(&s), errors),
            )
                .into_response())
        }
        .await,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteForm {
    id: i64,
}

pub async fn documents_delete(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Path(code): Path<String>,
    matched: axum::extract::MatchedPath,
    Form(f): Form<DeleteForm>,
) -> Response {
    let mode = Mode::of(&matched);
    unwrap(
        async {
            let c = context(&state, &s, &headers, &code, mode).await?;
            match state.store.delete_draft_attachment(c.who.user_id, f.id).await {
                Ok(()) | Err(motcua_storage::StorageError::NotFound) => {
                    Ok(Redirect::to(&c.url("giay-to")).into_response())
                }
                Err(e) => Err(PageError::new(e, c.t.0).into_response()),
            }
        }
        .await,
    )
}
