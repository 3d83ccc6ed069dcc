//! The shape of an index result, as the API serialises it: agency, period, total, and per group
//! and indicator the numerator, denominator, rate (percent, two decimals; null when the
//! denominator is zero or the data does not exist), points, maximum and whether the weight is
//! official. Exact values are kept beside the rounded ones.

use serde::Serialize;
use time::OffsetDateTime;

use super::period::Period;
use super::rational::{Fixed2, Rational};
use crate::ids::AgencyId;

/// The period as shown: its label and `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodView {
    pub label: String,
    #[serde(with = "time::serde::rfc3339")]
    pub from: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub to: OffsetDateTime,
}

impl From<&Period> for PeriodView {
    fn from(p: &Period) -> Self {
        PeriodView {
            label: p.label(),
            from: p.from(),
            to: p.to(),
        }
    }
}

/// A component of an indicator whose rate is not a single fraction (3.3, 5.3, 5.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// `online`, `synchronised`, `dissatisfied`, `overdue`, `repeated`, `drew_feedback`.
    pub key: &'static str,
    pub numerator: u64,
    pub denominator: u64,
    /// Percent, two decimals; None for a zero denominator.
    pub rate: Option<Fixed2>,
}

/// One indicator's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorScore {
    pub key: String,
    pub name_vi: String,
    pub name_en: String,
    /// None: the data does not exist yet (N/A).
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    /// Percent, two decimals; None for N/A or a zero denominator.
    pub rate: Option<Fixed2>,
    pub points: Fixed2,
    pub max: Fixed2,
    pub threshold_percent: u8,
    pub official: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    /// The exact rate (a fraction, not a percentage).
    #[serde(skip)]
    pub exact_rate: Option<Rational>,
    /// The exact points.
    #[serde(skip)]
    pub exact_points: Rational,
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupScore {
    pub key: String,
    pub name_vi: String,
    pub name_en: String,
    pub points: Fixed2,
    pub max: Fixed2,
    pub column_assumed: bool,
    pub indicators: Vec<IndicatorScore>,
}

/// The index of one agency (or roll-up) for one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexResult {
    pub agency_id: AgencyId,
    pub period: PeriodView,
    pub total: Fixed2,
    pub max: Fixed2,
    /// The weights file's version.
    pub weights_version: String,
    pub groups: Vec<GroupScore>,
}

/// Billionths of a point: group and total sums are taken over these, then rounded, so that
/// even splits such as 3 × 14/3 add up to their group's maximum.
pub(super) fn nano(r: Rational) -> i128 {
    r.round_scaled(1_000_000_000).unwrap_or(0)
}

/// Two decimals of a sum of billionths.
pub(super) fn from_nano(n: i128) -> Fixed2 {
    Rational::new(n, 1_000_000_000)
        .and_then(Rational::to_fixed2)
        .unwrap_or_default()
}

/// Percent with two decimals of a fraction.
pub(super) fn percent(r: Rational) -> Option<Fixed2> {
    r.round_scaled(10_000).and_then(|h| i64::try_from(h).ok()).map(Fixed2)
}
