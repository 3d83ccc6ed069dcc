//! Sign-in, registration, sign-out and the language switch.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

use motcua_domain::account::{AccountKind, Registration};
use motcua_storage::{NewUser, StorageError};

use super::view::{FormErrors, Page, PageError, lang_of};
use crate::auth::{CurrentSession, LoginFailure, authenticate, client_addr, password, session};
use crate::i18n::Tr;
use crate::state::AppState;

/// Only local paths may be redirected to after sign-in (no open redirect).
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/"
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    login: String,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn login_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let (page, jar) = Page::with_form(&state, &s, jar)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    let next = safe_next(&q.next).to_owned();
    Ok((
        jar,
        LoginPage {
            t,
            page,
            errors: FormErrors::default(),
            login: String::new(),
            next,
        },
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    req: axum::extract::Request,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let client = client_addr(req.extensions(), req.headers(), state.settings.trust_forwarded_for);
    let Form(f) = <Form<LoginForm> as axum::extract::FromRequest<AppState>>::from_request(req, &state)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    match authenticate(&state, &client, &f.login, &f.password).await {
        Ok(p) => {
            let cookie = session::start(&state, &s, p.user_id)
                .await
                .map_err(|e| PageError::new(e, t.0))?;
            Ok((jar.add(cookie), Redirect::to(safe_next(&f.next))).into_response())
        }
        Err(LoginFailure::Internal(e)) => Err(PageError::new(e, t.0)),
        Err(failure) => {
            let mut errors = FormErrors::default();
            let key = if matches!(failure, LoginFailure::RateLimited(_)) {
                "login.rate_limited"
            } else {
                "login.failed"
            };
            errors.add("login", t.t(key));
            let status = if matches!(failure, LoginFailure::RateLimited(_)) {
                axum::http::StatusCode::TOO_MANY_REQUESTS
            } else {
                axum::http::StatusCode::UNPROCESSABLE_ENTITY
            };
            let page = Page::plain(&s);
            let next = safe_next(&f.next).to_owned();
            Ok((
                status,
                LoginPage {
                    t,
                    page,
                    errors,
                    login: f.login,
                    next,
                },
            )
                .into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "register.html")]
struct RegisterPage {
    t: Tr,
    page: Page,
    errors: FormErrors,
    full_name: String,
    login: String,
}

pub async fn register_form(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let (page, jar) = Page::with_form(&state, &s, jar)
        .await
        .map_err(|e| PageError::new(e, t.0))?;
    let body = RegisterPage {
        t,
        page,
        errors: FormErrors::default(),
        full_name: String::new(),
        login: String::new(),
    };
    Ok((jar, body).into_response())
}

pub async fn register(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
    form: Result<Form<Registration>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let t = Tr(lang_of(&headers));
    let Form(r) = form.map_err(|e| PageError::new(e, t.0))?;
    let again = |errors: FormErrors| {
        let page = Page::plain(&s);
        let body = RegisterPage {
            t,
            page,
            errors,
            full_name: r.full_name.clone(),
            login: r.login.clone(),
        };
        (axum::http::StatusCode::UNPROCESSABLE_ENTITY, body).into_response()
    };
    let login = match r.validate() {
        Ok(l) => l,
        Err(errs) => return Ok(again(FormErrors::from_fields(t, &errs))),
    };
    let pw = r.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| PageError::new(crate::ApiError::Internal(e.to_string()), t.0))?
        .map_err(|e| PageError::new(crate::ApiError::Internal(e), t.0))?;
    let new = NewUser {
        kind: AccountKind::Citizen,
        full_name: motcua_domain::text::squash_spaces(&motcua_domain::text::nfc(&r.full_name)),
        login,
        password_hash: hash,
    };
    match state.store.create_user(None, &new).await {
        Ok(id) => {
            let cookie = session::start(&state, &s, id)
                .await
                .map_err(|e| PageError::new(e, t.0))?;
            Ok((jar.add(cookie), Redirect::to("/")).into_response())
        }
        Err(StorageError::Conflict(_)) => {
            let mut errors = FormErrors::default();
            errors.add("login", t.field("already_registered", &None));
            Ok(again(errors))
        }
        Err(e) => Err(PageError::new(e, t.0)),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    Extension(s): Extension<CurrentSession>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let cookie = session::end(&state, &s)
        .await
        .map_err(|e| PageError::new(e, lang_of(&headers)))?;
    Ok((jar.add(cookie), Redirect::to("/")).into_response())
}

/// Remembers the reader's language and returns to the page they came from.
pub async fn set_language(Path(lang): Path<String>, headers: HeaderMap, jar: CookieJar) -> Response {
    let lang = crate::i18n::Lang::parse(&lang).unwrap_or_default();
    let mut c = Cookie::new("lang", lang.code());
    c.set_path("/");
    c.set_same_site(SameSite::Lax);
    c.set_max_age(time::Duration::days(365));
    let back = headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            r.split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
        })
        .unwrap_or_else(|| "/".to_owned());
    (jar.add(c), Redirect::to(safe_next(&back))).into_response()
}
