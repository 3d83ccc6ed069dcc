//! The Decision-766 index as the API writes it.

use serde::{Deserialize, Serialize};

use motcua_app::index::{DrillItem, IndexView};
use motcua_domain::index766::{Fixed2, LateReason};

use super::dossier_types::rfc3339;

fn number(f: Fixed2) -> f64 {
    // Two decimals; the nearest double prints back as the two-decimal text.
    f.hundredths() as f64 / 100.0
}

/// `?agency=CODE&period=P`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct IndexQuery {
    /// Agency code (a province counts every agency below it).
    pub agency: String,
    /// `2026-09`, `2026-Q3`, `2026-H1`, `2026-9M` or `2026`.
    pub period: String,
}

/// `?agency=CODE&period=P&indicator=KEY`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DrilldownQuery {
    pub agency: String,
    pub period: String,
    /// An indicator key, e.g. `2.1`.
    pub indicator: String,
}

/// `[from, to)` in Vietnam time.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PeriodOut {
    pub from: String,
    pub to: String,
}

/// One indicator: `rate` a percentage with two decimals, null (and 0 points) when the
/// denominator is 0 or the data does not exist yet (then numerator and denominator are null).
#[derive(Serialize, utoipa::ToSchema)]
pub struct IndicatorOut {
    pub key: String,
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    pub rate: Option<f64>,
    pub points: f64,
    pub max: f64,
}

/// One column of the national portal.
#[derive(Serialize, utoipa::ToSchema)]
pub struct GroupOut {
    pub key: String,
    pub points: f64,
    pub max: f64,
    pub indicators: Vec<IndicatorOut>,
}

/// The index of an agency for a period.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IndexOut {
    pub agency: String,
    pub period: PeriodOut,
    pub total: f64,
    pub groups: Vec<GroupOut>,
}

impl From<IndexView> for IndexOut {
    fn from(v: IndexView) -> Self {
        IndexOut {
            agency: v.agency_code,
            period: PeriodOut {
                from: rfc3339(v.period.from()),
                to: rfc3339(v.period.to()),
            },
            total: number(v.result.total),
            groups: v
                .result
                .groups
                .into_iter()
                .map(|g| GroupOut {
                    key: g.key,
                    points: number(g.points),
                    max: number(g.max),
                    indicators: g
                        .indicators
                        .into_iter()
                        .map(|i| IndicatorOut {
                            key: i.key,
                            numerator: i.numerator,
                            denominator: i.denominator,
                            rate: i.rate.map(number),
                            points: number(i.points),
                            max: number(i.max),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A dossier that cost points, and why: `reason` is `too_many_supplement_requests`,
/// `ended_after_appointment`, `ended_over_statutory_limit`, `unfinished_past_appointment` or
/// `unfinished_over_statutory_limit`; `late_by_seconds` leaves supplement waiting out.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DrillItemOut {
    pub code: String,
    pub reason: &'static str,
    pub received_at: String,
    /// Ended in the period (judged at its end), or judged at the period's end (or now).
    pub finished: bool,
    pub judged_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appointment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_by_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplement_requests: Option<u32>,
}

impl From<DrillItem> for DrillItemOut {
    fn from(d: DrillItem) -> Self {
        let mut out = DrillItemOut {
            code: d.code,
            reason: "",
            received_at: rfc3339(d.received_at),
            finished: d.finished,
            judged_at: rfc3339(d.judged_at),
            appointment: None,
            deadline: None,
            late_by_seconds: None,
            supplement_requests: None,
        };
        match d.reason {
            LateReason::TooManySupplementRequests { count } => {
                out.reason = "too_many_supplement_requests";
                out.supplement_requests = Some(count);
            }
            LateReason::EndedAfterAppointment { appointment, by } => {
                out.reason = "ended_after_appointment";
                out.appointment = Some(rfc3339(appointment));
                out.late_by_seconds = Some(by.whole_seconds());
            }
            LateReason::EndedOverStatutoryLimit { deadline, by } => {
                out.reason = "ended_over_statutory_limit";
                out.deadline = Some(rfc3339(deadline));
                out.late_by_seconds = Some(by.whole_seconds());
            }
            LateReason::UnfinishedPastAppointment { appointment, by } => {
                out.reason = "unfinished_past_appointment";
                out.appointment = Some(rfc3339(appointment));
                out.late_by_seconds = Some(by.whole_seconds());
            }
            LateReason::UnfinishedOverStatutoryLimit { deadline, by } => {
                out.reason = "unfinished_over_statutory_limit";
                out.deadline = Some(rfc3339(deadline));
                out.late_by_seconds = Some(by.whole_seconds());
            }
        }
        out
    }
}

/// The dossiers that cost points.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DrilldownOut {
    pub items: Vec<DrillItemOut>,
}
