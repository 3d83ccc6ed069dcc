//! `POST /requests.{fmt}`: a new report from an Open311 client with an API key. Checked
//! in full by the feedback use case (nothing is stored unless everything is valid); the
//! reply is `[{service_request_id | token, service_notice, account_id}]`.

use axum::Extension;
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::response::Response;

use motcua_app::feedback::{self, Photo, Submission};
use motcua_app::records::{FeedbackChannel, Open311Client};
use motcua_domain::feedback::category::Answers;
use motcua_domain::feedback::{Contact, NewReport};

use super::body::{self, Body};
use super::errors::Open311Error;
use super::format::{Format, Val};
use super::params::{self, Params};
use super::{Call, QueryPairs, view};
use crate::state::AppState;

/// Longest `device_id` / `account_id` kept.
const REF_MAX: usize = 200;

/// `attribute[code]` and `attribute[code][]` → code.
fn attribute_code(key: &str) -> Option<&str> {
    let rest = key.strip_prefix("attribute[")?;
    let (code, tail) = rest.split_once(']')?;
    (!code.is_empty() && (tail.is_empty() || tail == "[]")).then_some(code)
}

fn answers(p: &Params) -> Answers {
    let mut a = Answers::new();
    for (k, v) in p.pairs() {
        if let Some(code) = attribute_code(k) {
            a.entry(code.to_owned()).or_default().push(v.clone());
        }
    }
    a
}

fn reference(p: &Params, name: &str) -> Result<Option<String>, Open311Error> {
    match p.get(name) {
        Some(v) if v.chars().count() > REF_MAX => Err(Open311Error::bad_with(name, "too_long", REF_MAX.to_string())),
        v => Ok(v.map(str::to_owned)),
    }
}

fn submission(b: Body, client: Open311Client) -> Result<Submission, Open311Error> {
    let p = &b.params;
    let get = |name: &str| p.get(name).unwrap_or("").to_owned();
    let name = [get("first_name"), get("last_name")].join(" ").trim().to_owned();
    let report = NewReport {
        category: get("service_code"),
        description: get("description"),
        answers: answers(p),
        lat: get("lat"),
        lon: get("long"),
        address: get("address_string"),
        area: get("address_id"),
        dossier_code: String::new(),
        contact: Contact {
            name,
            email: get("email"),
            phone: get("phone"),
        },
        // Open311 clients do not ask whether the name may be shown: it never is.
        anonymous: true,
    };
    Ok(Submission {
        device_id: reference(p, "device_id")?,
        account_ref: reference(p, "account_id")?,
        client: Some(client),
        photos: b.photos.into_iter().map(|bytes| Photo { bytes }).collect(),
        media_urls: p.all("media_url").map(str::to_owned).collect(),
        ..Submission::new(report, None, FeedbackChannel::Open311)
    })
}

async fn create_inner(
    state: &AppState,
    call: Call,
    q: QueryPairs,
    req: Request,
) -> Result<(&'static str, Val), Open311Error> {
    let query = q.map_err(|_| Open311Error::bad("", "invalid_query"))?;
    let b = body::read(state, Params::new(query.0), req).await?;
    let client = params::check_key(state, &b.params).await?;
    params::check_jurisdiction(state, &b.params)?;
    let account = b.params.get("account_id").map(str::to_owned);
    let record = feedback::submit(state, submission(b, client)?).await?;
    let id = if state.web().feedback.open311.respond_with_token {
        ("token", Val::Text(record.token))
    } else {
        ("service_request_id", Val::Text(record.id.to_string()))
    };
    let item = Val::Obj(vec![
        id,
        (
            "service_notice",
            Val::Text(view::notice(state, call.lang, &record.category_code)),
        ),
        ("account_id", Val::opt(account)),
    ]);
    Ok(("service_requests", Val::List("request", vec![item])))
}

pub async fn create(
    State(state): State<AppState>,
    Extension(fmt): Extension<Format>,
    headers: HeaderMap,
    q: QueryPairs,
    req: Request,
) -> Response {
    let call = Call::new(fmt, &headers);
    call.answer(create_inner(&state, call, q, req).await)
}

#[cfg(test)]
mod tests {
    use super::attribute_code;

    #[test]
    fn attribute_keys_name_their_question() {
        assert_eq!(attribute_code("attribute[muc_do]"), Some("muc_do"));
        assert_eq!(attribute_code("attribute[loai][]"), Some("loai"));
        assert_eq!(attribute_code("attribute[]"), None);
        assert_eq!(attribute_code("attribute[a]x"), None);
        assert_eq!(attribute_code("attributes"), None);
    }
}
