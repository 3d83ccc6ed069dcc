//! The weights of the index, read from a data file versioned with the regulation
//! (`weights-766-2022.json`, embedded) and checked when loaded: every indicator once, the
//! indicators of a group adding up to the group's maximum, the groups to the total.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::IndexError;
use super::rational::Rational;

/// The weights file of Decision 766/QĐ-TTg (2022).
pub const WEIGHTS_766_2022: &str = include_str!("weights-766-2022.json");

/// Indicators the code computes, by key.
pub const INDICATOR_KEYS: [&str; 19] = [
    "1.1", "1.2", "1.3", "1.4", "2.1", "3.1", "3.2", "3.3", "3.5", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1",
    "5.2", "5.3", "5.4",
];

/// Weights of the whole index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Weights {
    pub regulation: String,
    pub version: String,
    pub note: String,
    pub total: Rational,
    pub groups: Vec<GroupWeight>,
}

/// One column of the national portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupWeight {
    /// CKMB, TDGQ, CLGQ, TTTT, MDSH, MDHL.
    pub key: String,
    pub name_vi: String,
    pub name_en: String,
    pub max: Rational,
    /// The key-to-column mapping is an assumption (CLGQ/TTTT).
    pub column_assumed: bool,
    pub indicators: Vec<IndicatorWeight>,
}

/// One indicator's weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorWeight {
    pub key: String,
    pub name_vi: String,
    pub name_en: String,
    /// Maximum points (exact: an even split may be a fraction such as 14/3).
    pub max: Rational,
    /// Full points at this rate or above (percent, 1–100).
    pub threshold_percent: u8,
    /// Published by the regulation (true) or an even split of the group's remainder (false).
    pub official: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeights {
    regulation: String,
    version: String,
    #[serde(default)]
    note: String,
    total: String,
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    key: String,
    name_vi: String,
    name_en: String,
    max: String,
    #[serde(default)]
    column_assumed: bool,
    indicators: Vec<RawIndicator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    key: String,
    name_vi: String,
    name_en: String,
    max: String,
    threshold_percent: u8,
    official: bool,
}

fn bad(msg: String) -> IndexError {
    IndexError::InvalidWeights(msg)
}

fn points(text: &str, what: &str) -> Result<Rational, IndexError> {
    Rational::parse(text).ok_or_else(|| bad(format!("{what}: {text:?} is not a number of points")))
}

impl Weights {
    /// The embedded weights of Decision 766 (2022).
    pub fn embedded() -> Result<Weights, IndexError> {
        Weights::from_json(WEIGHTS_766_2022)
    }

    /// Parses and checks a weights file.
    pub fn from_json(text: &str) -> Result<Weights, IndexError> {
        let raw: RawWeights = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let total = points(&raw.total, "total")?;
        let mut seen_groups = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut groups = Vec::new();
        let mut sum_groups = Rational::ZERO;
        for g in raw.groups {
            if !seen_groups.insert(g.key.clone()) {
                return Err(bad(format!("group {} appears twice", g.key)));
            }
            let max = points(&g.max, &g.key)?;
            let mut sum = Rational::ZERO;
            let mut indicators = Vec::new();
            for i in g.indicators {
                if !INDICATOR_KEYS.contains(&i.key.as_str()) {
                    return Err(bad(format!("unknown indicator {}", i.key)));
                }
                if !seen.insert(i.key.clone()) {
                    return Err(bad(format!("indicator {} appears twice", i.key)));
                }
                if !(1..=100).contains(&i.threshold_percent) {
                    return Err(bad(format!("indicator {}: threshold must be 1–100 %", i.key)));
                }
                let imax = points(&i.max, &i.key)?;
                sum = sum
                    .checked_add(imax)
                    .ok_or_else(|| bad(format!("{}: overflow", g.key)))?;
                indicators.push(IndicatorWeight {
                    key: i.key,
                    name_vi: i.name_vi,
                    name_en: i.name_en,
                    max: imax,
                    threshold_percent: i.threshold_percent,
                    official: i.official,
                });
            }
            if sum != max {
                return Err(bad(format!("group {}: indicators add up to {sum}, not {max}", g.key)));
            }
            sum_groups = sum_groups.checked_add(max).ok_or_else(|| bad("overflow".into()))?;
            groups.push(GroupWeight {
                key: g.key,
                name_vi: g.name_vi,
                name_en: g.name_en,
                max,
                column_assumed: g.column_assumed,
                indicators,
            });
        }
        if sum_groups != total {
            return Err(bad(format!("groups add up to {sum_groups}, not {total}")));
        }
        if let Some(missing) = INDICATOR_KEYS.iter().find(|k| !seen.contains(**k)) {
            return Err(bad(format!("indicator {missing} is missing")));
        }
        Ok(Weights {
            regulation: raw.regulation,
            version: raw.version,
            note: raw.note,
            total,
            groups,
        })
    }

    /// The weight of one indicator.
    pub fn indicator(&self, key: &str) -> Option<&IndicatorWeight> {
        self.groups.iter().flat_map(|g| &g.indicators).find(|i| i.key == key)
    }
}
