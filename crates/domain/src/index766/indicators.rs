//! Every indicator's score from counts the application supplies. An input that is None is
//! data that does not exist yet: the indicator shows N/A and scores 0, never a made-up number.
//! A zero denominator also shows N/A (rate null) and scores 0.
//!
//! `points = max × min(1, rate / threshold)`, never below 0.

use serde::{Deserialize, Serialize};

use super::feedback::FeedbackTally;
use super::period::Period;
use super::rational::{Fixed2, Rational};
use super::result::{GroupScore, IndexResult, IndicatorScore, Part, PeriodView, from_nano, nano, percent};
use super::weights::{IndicatorWeight, Weights};
use crate::ids::AgencyId;

/// A numerator over a denominator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tally {
    pub numerator: u64,
    pub denominator: u64,
}

impl Tally {
    pub fn new(numerator: u64, denominator: u64) -> Tally {
        Tally { numerator, denominator }
    }

    /// None for a zero denominator.
    pub fn rate(&self) -> Option<Rational> {
        Rational::of_counts(self.numerator, self.denominator)
    }
}

/// The counts behind each indicator, for one agency (or roll-up) and period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexInputs {
    /// 1.1 Procedures whose publication decision came ≥ 5 working days (20 for ministries)
    /// before the legal basis took effect / procedures published.
    pub published_on_time: Option<Tally>,
    /// 1.2 Procedures updated and made public within 5 working days (10) of the decision.
    pub updated_on_time: Option<Tally>,
    /// 1.3 Procedures published with all seven parts / procedures published.
    pub published_complete: Option<Tally>,
    /// 1.4 Dossiers synchronised to the national portal / dossiers received.
    pub synchronised: Option<Tally>,
    /// 2.1 From [`super::score21::score_2_1`].
    pub on_time: Option<Tally>,
    /// 3.1 Procedures offered online (partial or full, at their highest level) / procedures.
    pub offered_online: Option<Tally>,
    /// 3.2 Online services with at least one online dossier / online services.
    pub online_services_used: Option<Tally>,
    /// 3.3 Online dossiers (with an electronic result where a paper one is required) / all
    /// dossiers; multiplied by the synchronisation rate (1.4).
    pub online_dossiers: Option<Tally>,
    /// 3.5 Fee-bearing procedures with online payment integrated / fee-bearing procedures.
    pub online_payment_integrated: Option<Tally>,
    /// 3.6 Dossiers paid online / dossiers of procedures whose fees are not all zero.
    pub paid_online: Option<Tally>,
    /// 4.1 Dossiers with an electronic result / dossiers of procedures whose result is a document.
    pub electronic_results: Option<Tally>,
    /// 4.2 Dossiers digitised (components attached and an electronic result where required).
    pub digitised: Option<Tally>,
    /// 4.3 Dossiers with a component taken from already digitised data.
    pub reused_data: Option<Tally>,
    /// 4.4 Dossiers connected to the citizen's personal data store.
    pub personal_data_store: Option<Tally>,
    /// 4.5 Dossiers whose applicant was verified with e-identity or population data.
    pub e_identity: Option<Tally>,
    /// 5.1–5.3 Reports of the period.
    pub feedback: Option<FeedbackTally>,
    /// 5.4 Dossiers of the 2.1 denominator that drew feedback or a "dislike".
    pub dossiers_with_feedback: Option<u64>,
}

/// What an indicator shows, before scoring.
struct Measure {
    numerator: Option<u64>,
    denominator: Option<u64>,
    rate: Option<Rational>,
    parts: Vec<Part>,
}

impl Measure {
    fn not_available() -> Measure {
        Measure {
            numerator: None,
            denominator: None,
            rate: None,
            parts: Vec::new(),
        }
    }

    fn of(t: Option<Tally>) -> Measure {
        match t {
            None => Measure::not_available(),
            Some(t) => Measure {
                numerator: Some(t.numerator),
                denominator: Some(t.denominator),
                rate: t.rate(),
                parts: Vec::new(),
            },
        }
    }
}

fn part(key: &'static str, numerator: u64, denominator: u64) -> Part {
    Part {
        key,
        numerator,
        denominator,
        rate: Rational::of_counts(numerator, denominator).and_then(percent),
    }
}

/// 3.3: online share × synchronisation rate.
fn online_times_sync(online: Option<Tally>, sync: Option<Tally>) -> Measure {
    let (Some(o), Some(s)) = (online, sync) else {
        return Measure::not_available();
    };
    Measure {
        numerator: Some(o.numerator),
        denominator: Some(o.denominator),
        rate: o.rate().zip(s.rate()).and_then(|(a, b)| a.checked_mul(b)),
        parts: vec![
            part("online", o.numerator, o.denominator),
            part("synchronised", s.numerator, s.denominator),
        ],
    }
}

/// 5.4: 100 % − (overdue-dossier rate + rate of dossiers that drew feedback or a dislike),
/// over the 2.1 denominator; below 0 counts as 0.
pub fn satisfaction_5_4(on_time: Tally, drew_feedback: u64) -> Tally {
    let overdue = on_time.denominator.saturating_sub(on_time.numerator);
    Tally {
        numerator: on_time
            .denominator
            .saturating_sub(overdue.saturating_add(drew_feedback)),
        denominator: on_time.denominator,
    }
}

fn measure_5_4(on_time: Option<Tally>, drew: Option<u64>) -> Measure {
    let (Some(t), Some(drew)) = (on_time, drew) else {
        return Measure::not_available();
    };
    let s = satisfaction_5_4(t, drew);
    let mut m = Measure::of(Some(s));
    m.parts = vec![
        part("overdue", t.denominator.saturating_sub(t.numerator), t.denominator),
        part("drew_feedback", drew, t.denominator),
    ];
    m
}

fn measure_feedback(f: Option<FeedbackTally>, pick: fn(&FeedbackTally) -> u64, with_parts: bool) -> Measure {
    let Some(f) = f else {
        return Measure::not_available();
    };
    let mut m = Measure::of(Some(Tally::new(pick(&f), f.total)));
    if with_parts {
        m.parts = vec![
            part("dissatisfied", f.dissatisfied, f.total),
            part("overdue", f.overdue, f.total),
            part("repeated", f.repeated, f.total),
        ];
    }
    m
}

fn measure(key: &str, i: &IndexInputs) -> Measure {
    match key {
        "1.1" => Measure::of(i.published_on_time),
        "1.2" => Measure::of(i.updated_on_time),
        "1.3" => Measure::of(i.published_complete),
        "1.4" => Measure::of(i.synchronised),
        "2.1" => Measure::of(i.on_time),
        "3.1" => Measure::of(i.offered_online),
        "3.2" => Measure::of(i.online_services_used),
        "3.3" => online_times_sync(i.online_dossiers, i.synchronised),
        "3.5" => Measure::of(i.online_payment_integrated),
        "3.6" => Measure::of(i.paid_online),
        "4.1" => Measure::of(i.electronic_results),
        "4.2" => Measure::of(i.digitised),
        "4.3" => Measure::of(i.reused_data),
        "4.4" => Measure::of(i.personal_data_store),
        "4.5" => Measure::of(i.e_identity),
        "5.1" => measure_feedback(i.feedback, |f| f.classified, false),
        "5.2" => measure_feedback(i.feedback, |f| f.on_time, false),
        "5.3" => measure_feedback(i.feedback, |f| f.satisfied, true),
        "5.4" => measure_5_4(i.on_time, i.dossiers_with_feedback),
        _ => Measure::not_available(),
    }
}

/// `max × min(1, rate / threshold)`, 0 without a rate or below 0.
pub fn points(max: Rational, threshold_percent: u8, rate: Option<Rational>) -> Rational {
    let Some(rate) = rate else {
        return Rational::ZERO;
    };
    let Some(threshold) = Rational::new(i128::from(threshold_percent), 100) else {
        return Rational::ZERO;
    };
    if rate >= threshold {
        return max;
    }
    if rate <= Rational::ZERO {
        return Rational::ZERO;
    }
    rate.checked_div(threshold)
        .and_then(|r| r.checked_mul(max))
        .unwrap_or(Rational::ZERO)
}

fn score(w: &IndicatorWeight, m: Measure) -> IndicatorScore {
    let exact_points = points(w.max, w.threshold_percent, m.rate);
    IndicatorScore {
        key: w.key.clone(),
        name_vi: w.name_vi.clone(),
        name_en: w.name_en.clone(),
        numerator: m.numerator,
        denominator: m.denominator,
        rate: m.rate.and_then(percent),
        points: exact_points.to_fixed2().unwrap_or_default(),
        max: w.max.to_fixed2().unwrap_or_default(),
        threshold_percent: w.threshold_percent,
        official: w.official,
        parts: m.parts,
        exact_rate: m.rate,
        exact_points,
    }
}

/// The whole index of `agency` for `period` from `inputs`, weighted by `weights`.
pub fn compute_index(weights: &Weights, agency: AgencyId, period: &Period, inputs: &IndexInputs) -> IndexResult {
    let mut total_nano = 0i128;
    let groups = weights
        .groups
        .iter()
        .map(|g| {
            let indicators: Vec<IndicatorScore> =
                g.indicators.iter().map(|w| score(w, measure(&w.key, inputs))).collect();
            let group_nano = indicators
                .iter()
                .fold(0i128, |acc, i| acc.saturating_add(nano(i.exact_points)));
            total_nano = total_nano.saturating_add(group_nano);
            GroupScore {
                key: g.key.clone(),
                name_vi: g.name_vi.clone(),
                name_en: g.name_en.clone(),
                points: from_nano(group_nano),
                max: g.max.to_fixed2().unwrap_or_default(),
                column_assumed: g.column_assumed,
                indicators,
            }
        })
        .collect();
    IndexResult {
        agency_id: agency,
        period: PeriodView::from(period),
        total: from_nano(total_nano),
        max: weights.total.to_fixed2().unwrap_or(Fixed2(0)),
        weights_version: weights.version.clone(),
        groups,
    }
}
