//! The application form (tờ khai) a procedure asks the applicant to fill: a list of typed
//! fields. Values are checked against it when a dossier is filed.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use crate::validation::Validation;

/// Type of a form field. Identity and contact types carry Vietnamese format rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Textarea,
    Number,
    Date,
    Select,
    Checkbox,
    /// Citizen identity number (CCCD, 12 digits) or old identity card (CMND, 9 digits).
    IdentityNumber,
    Phone,
    Email,
}

/// Which dates a `date` field takes (every date is between 1900 and 2100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRange {
    /// Any date (a period's start or end).
    #[default]
    Any,
    /// Today or earlier (a birth, a death, an event).
    Past,
    /// Today or later (a date the applicant plans).
    Future,
}

impl DateRange {
    fn is_any(&self) -> bool {
        *self == DateRange::Any
    }
}

/// The first and last dates a form accepts.
pub const EARLIEST_DATE: time::Date = time::macros::date!(1900 - 01 - 01);
pub const LATEST_DATE: time::Date = time::macros::date!(2100 - 12 - 31);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormField {
    /// Key of the value in the dossier data (`ho_ten_chong`).
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    /// Choices of a `select` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// For `date` fields: past dates only (births), future dates only, or any.
    #[serde(default, skip_serializing_if = "DateRange::is_any")]
    pub dates: DateRange,
}

/// Reads an ISO date (`1990-05-02`) strictly: a real day of the calendar.
pub fn parse_iso_date(s: &str) -> Option<time::Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, fmt).ok()
}

/// Keys are `a-z`, digits and `_`, starting with a letter, at most 50 long.
pub fn is_key(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 50
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

/// Checks a form definition: unique well-formed keys, labels, options for selects.
pub fn validate_fields(fields: &[FormField]) -> Validation {
    let mut v = Validation::new();
    let mut seen = HashSet::new();
    for (i, f) in fields.iter().enumerate() {
        if !is_key(&f.key) {
            v.push(format!("{i}/key"), "invalid_format", Some("a-z 0-9 _".into()));
        } else if !seen.insert(f.key.as_str()) {
            v.push(format!("{i}/key"), "duplicate", None);
        }
        v.text(&format!("{i}/label"), &f.label, 300);
        v.optional_text(&format!("{i}/help"), &f.help, 1000);
        if f.kind == FieldKind::Select && f.options.is_empty() {
            v.push(format!("{i}/options"), "required", None);
        }
        if f.max_length.is_some_and(|m| m == 0 || m > 10_000) {
            v.push(format!("{i}/max_length"), "out_of_range", Some("1..10000".into()));
        }
    }
    v
}

/// A citizen identity number: CCCD / personal identification number (12 digits, the first
/// three a province code 001–096) or the old identity card (CMND, 9 digits).
pub fn is_identity_number(s: &str) -> bool {
    let all_digits = s.bytes().all(|b| b.is_ascii_digit());
    match s.len() {
        12 if all_digits => s[..3].parse::<u32>().is_ok_and(|p| (1..=96).contains(&p)),
        9 => all_digits,
        _ => false,
    }
}

/// Checks submitted values against the form: required fields present, types and formats
/// right, choices among the options, lengths within limits, dates real and in their range
/// (`today` is the day in Vietnam), and no unknown keys.
pub fn validate_values(
    fields: &[FormField],
    values: &serde_json::Map<String, serde_json::Value>,
    today: time::Date,
) -> Validation {
    let mut v = Validation::new();
    for key in values.keys() {
        if !fields.iter().any(|f| &f.key == key) {
            v.push(key.clone(), "unknown_field", None);
        }
    }
    for f in fields {
        let text = match values.get(&f.key) {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.trim().to_owned(),
            Some(serde_json::Value::Bool(b)) => b.to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(_) => {
                v.push(f.key.clone(), "invalid_format", None);
                continue;
            }
        };
        if text.is_empty() || (f.kind == FieldKind::Checkbox && text == "false") {
            if f.required {
                v.push(f.key.clone(), "required", None);
            }
            continue;
        }
        let max = f.max_length.map_or(2000, |m| m as usize);
        if text.chars().count() > max {
            v.push(f.key.clone(), "too_long", Some(max.to_string()));
            continue;
        }
        if f.kind == FieldKind::Date {
            if let Some(code) = date_problem(f.dates, &text, today) {
                let detail = match code {
                    "date_out_of_range" => Some("01/01/1900 – 31/12/2100".to_owned()),
                    _ => None,
                };
                v.push(f.key.clone(), code, detail);
            }
            continue;
        }
        let ok = match f.kind {
            FieldKind::Text | FieldKind::Textarea | FieldKind::Date => true,
            FieldKind::Number => text.parse::<f64>().is_ok_and(f64::is_finite),
            FieldKind::Select => f.options.iter().any(|o| o == &text),
            FieldKind::Checkbox => text == "true",
            FieldKind::IdentityNumber => is_identity_number(&text),
            FieldKind::Phone => crate::account::normalise_phone(&text).is_some(),
            FieldKind::Email => crate::account::normalise_email(&text).is_some(),
        };
        if !ok {
            let code = match f.kind {
                FieldKind::IdentityNumber => "invalid_identity_number",
                FieldKind::Select => "invalid_choice",
                FieldKind::Date => "not_a_date",
                _ => "invalid_format",
            };
            v.push(f.key.clone(), code, None);
        }
    }
    v
}

/// Why a typed date is refused, if it is.
fn date_problem(range: DateRange, text: &str, today: time::Date) -> Option<&'static str> {
    let Some(d) = parse_iso_date(text) else {
        return Some("not_a_date");
    };
    if !(EARLIEST_DATE..=LATEST_DATE).contains(&d) {
        return Some("date_out_of_range");
    }
    match range {
        DateRange::Past if d > today => Some("date_in_future"),
        DateRange::Future if d < today => Some("date_in_past"),
        _ => None,
    }
}

#[cfg(test)]
mod value_tests {
    use super::*;
    use serde_json::json;

    fn field(key: &str, kind: FieldKind, required: bool) -> FormField {
        FormField {
            key: key.into(),
            label: key.into(),
            kind,
            required,
            help: String::new(),
            options: vec!["Nam".into(), "Nữ".into()],
            max_length: Some(20),
            dates: DateRange::Any,
        }
    }

    const TODAY: time::Date = time::macros::date!(2026 - 11 - 29);

    #[test]
    fn identity_numbers() {
        assert!(is_identity_number("001203004567"));
        assert!(is_identity_number("066095001234"));
        assert!(!is_identity_number("097203004567"), "no province 097");
        assert!(!is_identity_number("00120300456"));
        assert!(is_identity_number("123456789"), "old CMND");
        assert!(!is_identity_number("12345678a"));
    }

    #[test]
    fn values_are_checked_field_by_field() {
        let fields = vec![
            field("ho_ten", FieldKind::Text, true),
            field("cccd", FieldKind::IdentityNumber, true),
            field("ngay_sinh", FieldKind::Date, true),
            field("gioi_tinh", FieldKind::Select, false),
            field("so_dien_thoai", FieldKind::Phone, false),
            field("dong_y", FieldKind::Checkbox, true),
        ];
        let values = json!({"ho_ten": "Nguyễn Văn Một Hai Ba Bốn Năm Sáu", "cccd": "12345", "ngay_sinh": "2026-13-01",
                            "gioi_tinh": "Khác", "so_dien_thoai": "0912345678", "dong_y": false, "la": "x"});
        let errs: Vec<_> = validate_values(&fields, values.as_object().unwrap(), TODAY)
            .into_errors()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            errs,
            vec![
                ("la".to_owned(), "unknown_field"),
                ("ho_ten".to_owned(), "too_long"),
                ("cccd".to_owned(), "invalid_identity_number"),
                ("ngay_sinh".to_owned(), "not_a_date"),
                ("gioi_tinh".to_owned(), "invalid_choice"),
                ("dong_y".to_owned(), "required"),
            ]
        );
        let good = json!({"ho_ten": "Lê Thị Hoa", "cccd": "001203004567", "ngay_sinh": "1990-05-02", "dong_y": "true"});
        assert!(validate_values(&fields, good.as_object().unwrap(), TODAY).is_empty());
    }

    #[test]
    fn dates_are_real_days_within_their_range() {
        let mut birth = field("ngay_sinh", FieldKind::Date, true);
        birth.dates = DateRange::Past;
        let mut planned = field("ngay_hen", FieldKind::Date, false);
        planned.dates = DateRange::Future;
        let fields = vec![birth, planned];
        let check = |sinh: &str, hen: &str| -> Vec<&'static str> {
            let values = json!({"ngay_sinh": sinh, "ngay_hen": hen});
            validate_values(&fields, values.as_object().unwrap(), TODAY)
                .into_errors()
                .into_iter()
                .map(|e| e.code)
                .collect()
        };
        assert!(check("1990-05-02", "2026-12-01").is_empty());
        assert!(
            check("2026-11-29", "2026-11-29").is_empty(),
            "today is both past and future"
        );
        assert_eq!(check("2026-11-30", "2026-11-28"), ["date_in_future", "date_in_past"]);
        assert_eq!(check("1899-12-31", ""), ["date_out_of_range"]);
        assert_eq!(check("2026-02-30", ""), ["not_a_date"], "no 30 February");
    }
}
