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
