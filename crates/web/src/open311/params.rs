//! What every Open311 call shares: parameters (an empty one is an absent one), the reply
//! language, the jurisdiction check, the API key, datetimes and absolute URLs.

use axum::http::{HeaderMap, header};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use super::errors::Open311Error;
use crate::i18n::Lang;
use crate::state::AppState;
use motcua_app::accounts::tokens::same;
use motcua_app::records::Open311Client;

/// Request parameters in order; values are trimmed and empty ones dropped.
#[derive(Debug, Default, Clone)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn new(pairs: Vec<(String, String)>) -> Params {
        Params(
            pairs
                .into_iter()
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        )
    }

    pub fn push(&mut self, k: String, v: String) {
        let v = v.trim().to_owned();
        if !v.is_empty() {
            self.0.push((k.trim().to_owned(), v));
        }
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// A comma list (`a,b, c`), without empty items.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.all(name)
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// Vietnamese unless the client prefers English.
pub fn lang(headers: &HeaderMap) -> Lang {
    let first = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .unwrap_or("");
    if first.trim().to_ascii_lowercase().starts_with("en") {
        Lang::En
    } else {
        Lang::Vi
    }
}

/// A `jurisdiction_id`, when given, must name this server's jurisdiction or one of its
/// aliases (ASCII case aside), unless the server is configured to ignore the parameter.
pub fn check_jurisdiction(state: &AppState, p: &Params) -> Result<(), Open311Error> {
    let settings = &state.web().feedback.open311;
    match p.get("jurisdiction_id") {
        None => Ok(()),
        Some(_) if settings.ignore_jurisdiction => Ok(()),
        Some(j) if settings.accepts_jurisdiction(j) => Ok(()),
        Some(_) => Err(Open311Error::unknown_jurisdiction()),
    }
}

/// The client a key stands for: the demo key (when configured) or a stored, unrevoked key.
pub async fn check_key(state: &AppState, p: &Params) -> Result<Open311Client, Open311Error> {
    let key = p.get("api_key").ok_or_else(|| Open311Error::forbidden("missing"))?;
    if let Some(demo) = &state.web().feedback.open311.demo_key
        && same(key, demo)
    {
        return Ok(Open311Client::Demo);
    }
    match motcua_app::feedback::open311_key_id(state, key).await? {
        Some(id) => Ok(Open311Client::Key(id)),
        None => Err(Open311Error::forbidden("invalid")),
    }
}

const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// ISO 8601 in Vietnam time, to the second: `2026-11-20T09:30:00+07:00`.
pub fn datetime(t: OffsetDateTime) -> String {
    let t = t.checked_to_offset(VIETNAM).unwrap_or(t);
    let t = t.replace_nanosecond(0).unwrap_or(t);
    t.format(&Rfc3339).unwrap_or_default()
}

/// Parses an ISO 8601 datetime with a timezone, as UTC. A `+` sent unencoded in a query
/// arrives as a space; it is read back as `+`. An instant that has no UTC reading (year 9999
/// at a negative offset) is as unreadable as a malformed one.
pub fn parse_datetime(param: &str, s: &str) -> Result<OffsetDateTime, Open311Error> {
    OffsetDateTime::parse(s, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(&s.replace(' ', "+"), &Rfc3339))
        .ok()
        .and_then(|t| t.checked_to_offset(UtcOffset::UTC))
        .ok_or_else(|| Open311Error::bad(param, "invalid_datetime"))
}

/// `https://host` of this request (`http` when cookies are not marked secure: plain-HTTP demos).
pub fn origin(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
        .unwrap_or("localhost");
    let scheme = if state.web().secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_parameters_are_absent_and_lists_split() {
        let p = Params::new(vec![
            ("status".into(), " ".into()),
            ("service_code".into(), "a, b".into()),
            ("service_code".into(), "c".into()),
        ]);
        assert_eq!(p.get("status"), None);
        assert_eq!(p.list("service_code"), vec!["a", "b", "c"]);
    }

    #[test]
    fn datetimes_carry_the_vietnam_offset() {
        let t = OffsetDateTime::from_unix_timestamp(1_763_605_800).map_err(|e| e.to_string());
        assert_eq!(t.map(datetime), Ok("2025-11-20T09:30:00+07:00".to_owned()));
        assert!(parse_datetime("start_date", "2025-11-20T09:30:00 07:00").is_ok());
        assert!(parse_datetime("start_date", "2025-11-20").is_err());
    }
}
