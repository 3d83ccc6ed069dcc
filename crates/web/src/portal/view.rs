//! What every page shares: the translator, who is signed in, the CSRF token, errors.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use axum::extract::FromRequestParts;

use motcua_domain::FieldError;
use motcua_domain::account::Principal;

use crate::auth::{CurrentSession, session};
use crate::error::ApiError;
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// Page chrome: who is signed in, may they edit, the session's CSRF token.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub user_name: Option<String>,
    pub can_edit: bool,
    pub is_admin: bool,
    pub is_officer: bool,
    pub csrf: String,
    /// Unread notifications (the bell), for signed-in users.
    pub unread: Option<i64>,
}

/// The language chosen with the switch (cookie `lang`), Vietnamese by default.
pub fn lang_of(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::parse(v))
        .unwrap_or_default()
}

impl Page {
    /// Chrome for a page without forms (no session is created).
    pub fn plain(s: &CurrentSession) -> Page {
        Page {
            user_name: s.principal().map(|p| p.display_name.clone()),
            can_edit: s.principal().is_some_and(|p| p.edits_procedures()),
            is_admin: s.principal().is_some_and(|p| p.is_system_admin()),
            is_officer: s.principal().is_some_and(|p| p.is_officer()),
            csrf: s.csrf().unwrap_or_default().to_owned(),
            unread: s.unread,
        }
    }

    /// Chrome for a page with a form: makes sure a session (and CSRF token) exists, adding
    /// its cookie to `jar` when it is new.
    pub async fn with_form(
        state: &AppState,
        s: &CurrentSession,
        jar: CookieJar,
    ) -> Result<(Page, CookieJar), ApiError> {
        let (csrf, cookie) = session::ensure(state, s).await?;
        let jar = match cookie {
            Some(c) => jar.add(c),
            None => jar,
        };
        Ok((Page { csrf, ..Page::plain(s) }, jar))
    }
}

/// One option of a select or checkbox list.
#[derive(Debug, Clone)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// Field errors of a form, already in the page's language.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    pub items: Vec<ShownError>,
}

#[derive(Debug, Clone)]
pub struct ShownError {
    pub field: String,
    pub message: String,
    /// The field's label, named in the error summary ("Số điện thoại: …").
    pub label: String,
    /// The element the summary links to (the field, or the first input of a group).
    pub anchor: String,
}

impl FormErrors {
    pub fn from_fields(t: Tr, errs: &[FieldError]) -> Self {
        let items = errs
            .iter()
            .map(|e| {
                // Nested paths (`time_limit/value`) are shown at their top-level field.
                let field = e.field.split('/').next().unwrap_or(&e.field).to_owned();
                ShownError {
                    anchor: field.clone(),
                    field,
                    message: t.field(e.code, &e.detail),
                    label: String::new(),
                }
            })
            .collect();
        Self { items }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.items.push(ShownError {
            field: field.to_owned(),
            anchor: field.to_owned(),
            message: message.into(),
            label: String::new(),
        });
    }

    /// Names each error's field in the summary: `labels` gives (field, label, anchor).
    pub fn labelled<'a>(mut self, labels: impl IntoIterator<Item = (&'a str, &'a str, String)>) -> Self {
        for (field, label, anchor) in labels {
            for e in self.items.iter_mut().filter(|e| e.field == field) {
                label.clone_into(&mut e.label);
                e.anchor.clone_from(&anchor);
            }
        }
        self
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.items.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    t: Tr,
    page: Page,
    title_key: &'static str,
    body_key: &'static str,
}

/// A page that failed: any application or HTTP error, so that `?` works in portal
/// handlers. The response carries a `Failure` marker; `render_failures` (a middleware
/// that knows the reader's language) draws the error page. A page that needs a signed-in
/// user sends others to sign in, and back afterwards when `next` is known.
#[derive(Debug)]
pub struct PageError {
    pub error: ApiError,
    next: Option<String>,
}

impl PageError {
    /// Sign in first, then come back to `next` (a local path).
    pub fn sign_in(next: String) -> Self {
        PageError {
            error: ApiError::Unauthenticated,
            next: Some(next),
        }
    }
}

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError { error: e, next: None }
    }
}

impl From<axum::extract::rejection::QueryRejection> for PageError {
    fn from(e: axum::extract::rejection::QueryRejection) -> Self {
        ApiError::from(e).into()
    }
}

impl From<axum::extract::rejection::FormRejection> for PageError {
    fn from(e: axum::extract::rejection::FormRejection) -> Self {
        ApiError::from(e).into()
    }
}

impl From<motcua_app::AppError> for PageError {
    fn from(e: motcua_app::AppError) -> Self {
        ApiError::from(e).into()
    }
}

/// What the error page says, put in the response's extensions by `PageError`.
#[derive(Debug, Clone, Copy)]
struct Failure {
    title_key: &'static str,
    body_key: &'static str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title_key, body_key) = match &self.error {
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "error.page_not_found",
                "error.page_not_found_body",
            ),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "error.forbidden", "error.forbidden_body"),
            ApiError::Unauthenticated => {
                let to = match &self.next {
                    Some(next) => format!("/dang-nhap?next={next}"),
                    None => "/dang-nhap".to_owned(),
                };
                return axum::response::Redirect::to(&to).into_response();
            }
            ApiError::Csrf => (StatusCode::FORBIDDEN, "error.csrf", "error.csrf_body"),
            ApiError::Internal(msg) => {
                tracing::error!(error = %msg, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error.internal",
                    "error.internal_body",
                )
            }
            ApiError::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "error.bad_request", "login.rate_limited"),
            ApiError::Payment(e) => {
                use motcua_domain::payment::PaymentError as P;
                let body = match e {
                    P::AlreadyPaid => "error.already_paid",
                    P::NothingToPay => "error.nothing_to_pay",
                    _ => "error.bad_request_body",
                };
                (StatusCode::CONFLICT, "pay.refused_title", body)
            }
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "pay.refused_title",
                "error.unavailable_payments",
            ),
            _ => (StatusCode::BAD_REQUEST, "error.bad_request", "error.bad_request_body"),
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(Failure { title_key, body_key });
        res
    }
}

/// Middleware of the portal: draws the error page of a failed handler in the reader's
/// language.
pub async fn render_failures(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let lang = lang_of(req.headers());
    let res = next.run(req).await;
    let Some(f) = res.extensions().get::<Failure>().copied() else {
        return res;
    };
    let page = ErrorPage {
        t: Tr(lang),
        page: Page::default(),
        title_key: f.title_key,
        body_key: f.body_key,
    };
    (res.status(), page).into_response()
}

/// The portal's 404 page (the API's unknown paths get problem+json).
pub async fn not_found(parts: Parts) -> Response {
    if parts.uri.path().starts_with("/api/") {
        return ApiError::NotFound.into_response();
    }
    PageError::from(ApiError::NotFound).into_response()
}

/// What every portal handler needs: the reader's language, their session and who they are.
pub struct Ctx {
    pub t: Tr,
    pub session: CurrentSession,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, PageError> {
        Ok(Ctx {
            t: Tr(lang_of(&parts.headers)),
            session: parts.extensions.get::<CurrentSession>().cloned().unwrap_or_default(),
        })
    }
}

impl Ctx {
    /// The signed-in user; a page error that sends others to sign in.
    pub fn who(&self) -> Result<Principal, PageError> {
        self.session
            .principal()
            .cloned()
            .ok_or_else(|| ApiError::Unauthenticated.into())
    }

    /// The user, if signed in.
    pub fn principal(&self) -> Option<&Principal> {
        self.session.principal()
    }

    /// Chrome of a page without forms.
    pub fn page(&self) -> Page {
        Page::plain(&self.session)
    }

    /// Chrome of a page with a form (creating the session and its CSRF token if needed).
    pub async fn form_page(&self, state: &AppState, jar: CookieJar) -> Result<(Page, CookieJar), PageError> {
        Ok(Page::with_form(state, &self.session, jar).await?)
    }
}

/// Percent-encodes a query parameter value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `base?k=v&…` without the empty values.
pub fn url_with(base: &str, params: &[(&str, &str)]) -> String {
    let q: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect();
    if q.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", q.join("&"))
    }
}
