//! Agencies (cơ quan), their government level and their Decision-20/2020 electronic code,
//! and the units (phòng ban, bộ phận một cửa) inside them.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::validation::Validation;

/// Longest agency code Decision 20/2020 allows.
pub const AGENCY_CODE_MAX: usize = 35;

/// A validated agency electronic identifier, e.g. `H15.50.05.13` or the older `000.00.00.H26`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct AgencyCode(String);

/// Why a text is not an agency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AgencyCodeError {
    #[error("agency code is empty")]
    Empty,
    #[error("agency code is longer than {AGENCY_CODE_MAX} characters")]
    TooLong,
    #[error("agency code may hold only 0-9, A-Z and dots")]
    BadCharacter,
    #[error("agency code has an empty group")]
    EmptyGroup,
    #[error("the first group must be a letter A-Y followed by two digits (e.g. H15)")]
    BadFirstGroup,
}

impl AgencyCodeError {
    /// Stable code for API errors.
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "required",
            Self::TooLong => "too_long",
            _ => "invalid_agency_code",
        }
    }
}

impl AgencyCode {
    /// Parses a code in either style. Left-to-right (current): `MX1X2[.group]*`, where the first
    /// group is a letter A–Y and two digits and each further group 1–4 of `0-9 A-Z`.
    /// Right-to-left (older, still found in procedure codes and edXML): `DDD.DD.DD.MX1X2`.
    pub fn parse(s: &str) -> Result<Self, AgencyCodeError> {
        if s.is_empty() {
            return Err(AgencyCodeError::Empty);
        }
        if s.len() > AGENCY_CODE_MAX {
            return Err(AgencyCodeError::TooLong);
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b == b'.')
        {
            return Err(AgencyCodeError::BadCharacter);
        }
        let groups: Vec<&str> = s.split('.').collect();
        if groups.iter().any(|g| g.is_empty()) {
            return Err(AgencyCodeError::EmptyGroup);
        }
        if is_old_style(&groups) || is_new_style(&groups) {
            Ok(Self(s.to_owned()))
        } else {
            Err(AgencyCodeError::BadFirstGroup)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The top-level group (`H15` for `H15.50.05.13` and for `000.00.00.H15`).
    pub fn root(&self) -> &str {
        let groups: Vec<&str> = self.0.split('.').collect();
        if is_old_style(&groups) { groups[3] } else { groups[0] }
    }

    /// True when `self` sits below `other` in the left-to-right scheme (`H15.50` under `H15`).
    pub fn is_below(&self, other: &AgencyCode) -> bool {
        self.0.len() > other.0.len() && self.0.starts_with(&other.0) && self.0.as_bytes()[other.0.len()] == b'.'
    }
}

fn is_root_group(g: &str) -> bool {
    let b = g.as_bytes();
    b.len() == 3 && (b'A'..=b'Y').contains(&b[0]) && b[1].is_ascii_digit() && b[2].is_ascii_digit()
}

fn is_new_style(groups: &[&str]) -> bool {
    is_root_group(groups[0]) && groups[1..].iter().all(|g| g.len() <= 4)
}

fn is_old_style(groups: &[&str]) -> bool {
    let digits = |g: &str, n: usize| g.len() == n && g.bytes().all(|b| b.is_ascii_digit());
    groups.len() == 4
        && digits(groups[0], 3)
        && digits(groups[1], 2)
        && digits(groups[2], 2)
        && is_root_group(groups[3])
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AgencyCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        AgencyCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Level of government. Districts were abolished on 1 July 2025 and are kept only for
/// historical records, which must carry validity dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Central,
    Province,
    District,
    Commune,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Central, Level::Province, Level::District, Level::Commune];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Central => "central",
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Levels a new agency may be created at: District only as a historical record.
    pub fn is_historical(self) -> bool {
        self == Level::District
    }
}

/// What an agency is, as submitted for creation or import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyInput {
    pub code: AgencyCode,
    pub name: String,
    pub level: Level,
    /// Code of the parent agency, if any.
    #[serde(default)]
    pub parent: Option<AgencyCode>,
    /// Validity dates (`YYYY-MM-DD`), required for historical levels.
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub valid_to: Option<String>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
}

pub const AGENCY_NAME_MAX: usize = 300;

impl AgencyInput {
    /// Checks the agency against its parent's level, when the parent is known.
    pub fn validate(&self, parent_level: Option<Level>) -> Validation {
        let mut v = Validation::new();
        v.text("name", &self.name, AGENCY_NAME_MAX);
        v.optional_text("address", &self.address, 500);
        v.optional_text("phone", &self.phone, 30);
        if let Some(p) = parent_level
            && p > self.level
        {
            v.push("parent", "parent_below_child", Some(p.as_str().to_owned()));
        }
        if self.level.is_historical() && self.valid_to.is_none() {
            v.push("valid_to", "required_for_historical_level", None);
        }
        for (field, value) in [("valid_from", &self.valid_from), ("valid_to", &self.valid_to)] {
            if let Some(d) = value
                && !is_iso_date(d)
            {
                v.push(field, "invalid_date", Some("YYYY-MM-DD".into()));
            }
        }
        v
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    matches!((num(0..4), num(5..7), num(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

/// Kinds of unit inside an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The one-stop reception unit / Public Administrative Service Centre.
    OneStop,
    /// A specialised department (phòng chuyên môn).
    Department,
    /// The leadership (lãnh đạo) of the agency.
    Leadership,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::OneStop => "one_stop",
            UnitKind::Department => "department",
            UnitKind::Leadership => "leadership",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        [UnitKind::OneStop, UnitKind::Department, UnitKind::Leadership]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A unit as submitted for creation or import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    pub agency: AgencyCode,
    /// Short code, unique inside the agency (`MC`, `TP`, `TNMT`).
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

impl UnitInput {
    pub fn validate(&self) -> Validation {
        let mut v = Validation::new();
        v.text("name", &self.name, AGENCY_NAME_MAX);
        v.text("code", &self.code, 20);
        if !self
            .code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        {
            v.push("code", "invalid_format", Some("A-Z 0-9 _".into()));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_both_styles() {
        for ok in ["H15", "H15.50", "H15.50.05.13", "G12.3", "000.00.00.H26", "H29.1A.B2"] {
            assert!(AgencyCode::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            AgencyCode::parse("000.00.00.H26").map(|c| c.root().to_owned()),
            Ok("H26".into())
        );
        assert_eq!(
            AgencyCode::parse("H15.50.05.13").map(|c| c.root().to_owned()),
            Ok("H15".into())
        );
    }

    #[test]
    fn rejects_malformed_codes() {
        use AgencyCodeError::*;
        let cases = [
            ("", Empty),
            ("h15.50", BadCharacter),
            ("H15-50", BadCharacter),
            ("H15..50", EmptyGroup),
            (".H15", EmptyGroup),
            ("Z15.50", BadFirstGroup),
            ("H1", BadFirstGroup),
            ("H15.12345", BadFirstGroup),
            ("00.00.00.H26", BadFirstGroup),
            ("H15.5000.5000.5000.5000.5000.5000.50", TooLong),
        ];
        for (s, want) in cases {
            assert_eq!(AgencyCode::parse(s), Err(want), "{s}");
        }
    }

    #[test]
    fn hierarchy_by_prefix() {
        let p = AgencyCode::parse("H15.50").unwrap_or_else(|e| panic!("{e}"));
        let c = AgencyCode::parse("H15.50.05").unwrap_or_else(|e| panic!("{e}"));
        let other = AgencyCode::parse("H15.500").unwrap_or_else(|e| panic!("{e}"));
        assert!(c.is_below(&p));
        assert!(!other.is_below(&p));
        assert!(!p.is_below(&p));
    }

    #[test]
    fn district_needs_end_date_and_parents_sit_above() {
        let mut a = AgencyInput {
            code: AgencyCode::parse("H15.50").unwrap_or_else(|e| panic!("{e}")),
            name: "Huyện cũ".into(),
            level: Level::District,
            parent: None,
            valid_from: None,
            valid_to: None,
            address: String::new(),
            phone: String::new(),
        };
        let v = a.validate(Some(Level::Province));
        assert_eq!(v.errors()[0].code, "required_for_historical_level");
        a.valid_to = Some("2025-06-30".into());
        assert!(a.validate(Some(Level::Province)).is_empty());
        a.level = Level::Province;
        assert_eq!(a.validate(Some(Level::Commune)).errors()[0].code, "parent_below_child");
    }

    proptest! {
        #[test]
        fn every_accepted_code_is_short_and_clean(s in "[A-Z0-9.]{0,40}") {
            if let Ok(c) = AgencyCode::parse(&s) {
                prop_assert!(c.as_str().len() <= AGENCY_CODE_MAX);
                prop_assert!(!c.as_str().contains(".."));
            }
        }
    }
}
