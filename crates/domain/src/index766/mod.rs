//! The Decision-766 service-quality index (Quyết định 766/QĐ-TTg), computed purely.
//!
//! - [`period`]: the periods the index is shown for (month, quarter, half, nine months, year),
//!   as half-open intervals of Vietnam local time.
//! - [`facts`] and [`standing`]: what the index needs to know about one dossier, derived from its
//!   history, and whether it is within its deadline at any instant.
//! - [`mod@judge`]: indicator 2.1 for one dossier in one period (the drill-down list).
//! - [`counters`] and [`score21`]: the same indicator from per-agency per-month counters, exact,
//!   for provinces with millions of dossiers; [`rollup`] sums agencies.
//! - [`feedback`]: the facts of a citizen report for 5.1–5.3.
//! - [`weights`], [`rational`], [`indicators`], [`result`]: every indicator's score from counts the
//!   application supplies, with the weights read from a versioned data file.
//!
//! # Why the month decomposition is exact
//! Every period starts and ends on a month boundary (Vietnam time). For a period `[P0, P1)` the
//! 2.1 denominator is "received in `[P0, P1)`" plus "open at `P0`", and the numerator is "ended in
//! `[P0, P1)` within the deadline" plus "open at `P1` and within the deadline at `P1`". The first
//! and third are sums of per-month counts. "Open at `b`" is the number received before `b` minus
//! the number ended before `b`: a prefix sum of the same counts. "Open and within at `b`" is the
//! value at `b` of a step function per dossier (1 while open and within its deadline); its
//! changes happen just after known instants (an event, or the instant a deadline passes) and
//! are bucketed by the month of that instant, so the prefix sum of the months before `b` is
//! exactly its value at `b`. The state at an instant `x` is taken from the events strictly
//! before `x`, which is what makes "a change at `t` counts for the boundary `b` iff `t < b`" hold.

pub mod counters;
pub mod facts;
pub mod feedback;
pub mod indicators;
pub mod judge;
pub mod period;
pub mod rational;
pub mod result;
pub mod rollup;
pub mod score21;
pub mod standing;
pub mod weights;
mod worktime;

pub use counters::{Contribution, MonthCounters, MonthCounts, changes, contribution};
pub use facts::{Appointment, DossierEvent, DossierFacts, DossierHeader, End, EndKind, StatutoryLimit, SupplementWait};
pub use feedback::{
    FeedbackEvent, FeedbackFacts, FeedbackJudgement, FeedbackRecord, FeedbackStep, FeedbackTally, judge_feedback,
};
pub use indicators::{IndexInputs, Tally, compute_index, points, satisfaction_5_4};
pub use judge::{Judgement, LateReason, judge};
pub use period::{Period, PeriodKind, YearMonth};
pub use rational::{Fixed2, Rational};
pub use result::{GroupScore, IndexResult, IndicatorScore, Part, PeriodView};
pub use rollup::{AgencyCounters, Scope, agencies_in_scope};
pub use score21::{Judging, score_2_1};
pub use standing::{Basis, Segment};
pub use weights::{GroupWeight, INDICATOR_KEYS, IndicatorWeight, WEIGHTS_766_2022, Weights};

/// Errors of the index. Each has a stable code for the API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("invalid period {0:?}: expected 2026-09, 2026-Q3, 2026-H1, 2026-9M or 2026")]
    InvalidPeriod(String),
    #[error("invalid weights file: {0}")]
    InvalidWeights(String),
}

impl IndexError {
    /// Stable code for API errors.
    pub fn code(&self) -> &'static str {
        match self {
            IndexError::InvalidPeriod(_) => "invalid_period",
            IndexError::InvalidWeights(_) => "invalid_weights",
        }
    }
}

#[cfg(test)]
mod aggregation_tests;
#[cfg(test)]
mod indicator_tests;
#[cfg(test)]
mod period_tests;
#[cfg(test)]
mod robustness_tests;
#[cfg(test)]
mod scenarios_tests;
#[cfg(test)]
mod statutory_limit_tests;
#[cfg(test)]
mod testkit;
