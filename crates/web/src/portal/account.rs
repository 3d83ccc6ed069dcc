//! Sign-in, registration, sign-out and the language switch.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::Deserialize;

use motcua_app::AppError;
use motcua_app::accounts::{self, SignInFailure};
use motcua_domain::account::Registration;

use super::view::{Ctx, FormErrors, Page, PageError};
use crate::auth::{client_addr, session};
use crate::i18n::Tr;
use crate::state::AppState;

/// Only local paths may be redirected to after sign-in (no open redirect): a single
/// leading `/`, then only the characters of an RFC 3986 path and query (unreserved,
/// percent-encoded, sub-delimiters, `:`, `@`, `/`, `?`). Anything else — a second `/`, a
/// backslash, a tab or a line break that URL parsers drop, a space, a non-ASCII
/// character — sends the user home.
pub(crate) fn safe_next(next: &str) -> &str {
    let rest = match next.strip_prefix('/') {
        Some(rest) if !rest.starts_with('/') => rest,
        _ => return "/",
    };
    let path_or_query = |c: u8| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'%'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
                    | b'?'
            )
    };
    if rest.bytes().all(path_or_query) { next } else { "/" }
}

/// Where a user lands after signing in: the page they came for, else officers' workspace
/// for officers and the home page for citizens.
fn landing<'a>(who: &motcua_domain::account::Principal, next: &'a str) -> &'a str {
    match safe_next(next) {
        "/" if who.is_officer() => "/can-bo",
        other => other,
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
    ctx: Ctx,
    Query(q): Query<NextQuery>,
    jar: CookieJar,
) -> Result<Response, PageError> {
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let body = LoginPage {
        t: ctx.t,
        page,
        errors: FormErrors::default(),
        login: String::new(),
        next: safe_next(&q.next).to_owned(),
    };
    Ok((jar, body).into_response())
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
    ctx: Ctx,
    jar: CookieJar,
    req: axum::extract::Request,
) -> Result<Response, PageError> {
    let client = client_addr(req.extensions(), req.headers(), state.web());
    let Form(f) = <Form<LoginForm> as axum::extract::FromRequest<AppState>>::from_request(req, &state)
        .await
        .map_err(crate::error::ApiError::from)?;
    let failure = match accounts::authenticate(&state, &client, &f.login, &f.password).await {
        Ok(p) => {
            let cookie = session::start(&state, &ctx.session, p.user_id).await?;
            return Ok((jar.add(cookie), Redirect::to(landing(&p, &f.next))).into_response());
        }
        Err(SignInFailure::Internal(e)) => return Err(e.into()),
        Err(failure) => failure,
    };
    let retry_after = match failure {
        SignInFailure::RateLimited(secs) => Some(secs.max(1)),
        _ => None,
    };
    let limited = retry_after.is_some();
    let mut errors = FormErrors::default();
    errors.add(
        "login",
        ctx.t.t(if limited { "login.rate_limited" } else { "login.failed" }),
    );
    let status = if limited {
        StatusCode::TOO_MANY_REQUESTS
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = LoginPage {
        t: ctx.t,
        page: ctx.page(),
        errors,
        login: f.login,
        next: safe_next(&f.next).to_owned(),
    };
    let mut res = (status, body).into_response();
    if let Some(secs) = retry_after {
        res.headers_mut()
            .insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
    }
    Ok(res)
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

pub async fn register_form(State(state): State<AppState>, ctx: Ctx, jar: CookieJar) -> Result<Response, PageError> {
    let (page, jar) = ctx.form_page(&state, jar).await?;
    let body = RegisterPage {
        t: ctx.t,
        page,
        errors: FormErrors::default(),
        full_name: String::new(),
        login: String::new(),
    };
    Ok((jar, body).into_response())
}

pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: CookieJar,
    form: Result<Form<Registration>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Form(r) = form.map_err(crate::error::ApiError::from)?;
    match accounts::register(&state, &r).await {
        Ok(id) => {
            let cookie = session::start(&state, &ctx.session, id).await?;
            Ok((jar.add(cookie), Redirect::to("/")).into_response())
        }
        Err(AppError::Validation(errs)) => {
            let body = RegisterPage {
                t: ctx.t,
                page: ctx.page(),
                errors: FormErrors::from_fields(ctx.t, &errs),
                full_name: r.full_name.clone(),
                login: r.login.clone(),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx, jar: CookieJar) -> Result<Response, PageError> {
    let cookie = session::end(&state, &ctx.session).await?;
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

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_a_local_path_or_home() {
        for ok in [
            "/",
            "/ho-so-cua-toi",
            "/ho-so/H15.50-260101-0001?tab=lich-su&x=%20",
            "/a:b@c/d;e=f",
        ] {
            assert_eq!(safe_next(ok), ok);
        }
        for bad in [
            "",
            "ho-so",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ho-so\r\nSet-Cookie: x=1",
            "/ho so",
            "/hồ-sơ",
            "https://evil.example/",
            "/a#b",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
