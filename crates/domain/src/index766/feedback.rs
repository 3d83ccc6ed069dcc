//! The facts of a citizen report (phản ánh, kiến nghị) for indicators 5.1–5.3, from its
//! handling history: classification, the recorded timeliness of each timed action (refuse ≤ 2,
//! ask for information ≤ 5, answer ≤ 15, publish ≤ 2 working days), likes and dislikes of the
//! answer, and repeats.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::period::Period;
use crate::dossier::Timeliness;
use crate::feedback::Classification;
use crate::ids::{AgencyId, ReportId};

/// A handling action, named as `FeedbackAction::name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStep {
    Accept,
    Refuse,
    RequestInfo,
    SupplyInfo,
    Answer,
    Publish,
    Transfer,
    Dispute,
}

impl FeedbackStep {
    pub const ALL: [FeedbackStep; 8] = [
        FeedbackStep::Accept,
        FeedbackStep::Refuse,
        FeedbackStep::RequestInfo,
        FeedbackStep::SupplyInfo,
        FeedbackStep::Answer,
        FeedbackStep::Publish,
        FeedbackStep::Transfer,
        FeedbackStep::Dispute,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackStep::Accept => "accept",
            FeedbackStep::Refuse => "refuse",
            FeedbackStep::RequestInfo => "request_info",
            FeedbackStep::SupplyInfo => "supply_info",
            FeedbackStep::Answer => "answer",
            FeedbackStep::Publish => "publish",
            FeedbackStep::Transfer => "transfer",
            FeedbackStep::Dispute => "dispute",
        }
    }

    /// The step of a history row's `action` (None for names this module does not know).
    pub fn parse(name: &str) -> Option<FeedbackStep> {
        FeedbackStep::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// One row of a report's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedbackEvent {
    pub at: OffsetDateTime,
    pub step: FeedbackStep,
    /// The deadline the action was measured against (timed actions).
    pub deadline: Option<OffsetDateTime>,
    /// Whether the action met its limit, as the workflow recorded it.
    pub timeliness: Option<Timeliness>,
}

/// What the report row says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRecord {
    pub report_id: ReportId,
    pub agency_id: AgencyId,
    /// (a) regulation / policy / procedure, (b) officials' conduct, or another class; None if
    /// not classified.
    pub classification: Option<Classification>,
    pub received_at: OffsetDateTime,
    /// The current stage's deadline; None once closed or while waiting on the reporter.
    pub due_at: Option<OffsetDateTime>,
    pub likes: u32,
    pub dislikes: u32,
    /// Marked as a repeat of an earlier report about the same matter.
    pub repeat_of: Option<ReportId>,
}

/// The facts of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackFacts {
    record: FeedbackRecord,
    /// Timed actions (those with a recorded timeliness), in time order.
    timed: Vec<FeedbackEvent>,
    /// Instants the reporter disputed the answer (came back about the same matter).
    disputes: Vec<OffsetDateTime>,
}

impl FeedbackFacts {
    /// From the report and its history (any order).
    pub fn from_history(record: FeedbackRecord, events: &[FeedbackEvent]) -> FeedbackFacts {
        let mut timed: Vec<FeedbackEvent> = events.iter().filter(|e| e.timeliness.is_some()).copied().collect();
        timed.sort_by_key(|e| e.at);
        let mut disputes: Vec<OffsetDateTime> = events
            .iter()
            .filter(|e| e.step == FeedbackStep::Dispute)
            .map(|e| e.at)
            .collect();
        disputes.sort();
        FeedbackFacts {
            record,
            timed,
            disputes,
        }
    }

    pub fn record(&self) -> &FeedbackRecord {
        &self.record
    }

    /// Classified (5.1).
    pub fn classified(&self) -> bool {
        self.record.classification.is_some()
    }

    /// More dislikes than likes.
    pub fn dissatisfied(&self) -> bool {
        self.record.dislikes > self.record.likes
    }

    /// A repeat of an earlier report, or disputed before `x`.
    pub fn repeated_at(&self, x: OffsetDateTime) -> bool {
        self.record.repeat_of.is_some() || self.disputes.iter().any(|d| *d < x)
    }

    /// Handled on time as known at `x` (5.2): no timed action before `x` was late, and the
    /// deadline in force at `x` had not passed. That deadline is the one of the next timed
    /// action at or after `x`, else the report's current one.
    pub fn on_time_at(&self, x: OffsetDateTime) -> bool {
        let late_before = self
            .timed
            .iter()
            .any(|e| e.at < x && e.timeliness == Some(Timeliness::Late));
        let in_force = match self.timed.iter().find(|e| e.at >= x) {
            Some(next) => next.deadline,
            None => self.record.due_at,
        };
        !late_before && in_force.is_none_or(|d| x <= d)
    }
}

/// One report of the period, as it counts for 5.1–5.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeedbackJudgement {
    pub report_id: ReportId,
    pub classified: bool,
    pub on_time: bool,
    pub dissatisfied: bool,
    pub repeated: bool,
}

impl FeedbackJudgement {
    /// Counts as satisfied in 5.3: not dissatisfied, not overdue, not repeated.
    pub fn satisfied(&self) -> bool {
        self.on_time && !self.dissatisfied && !self.repeated
    }
}

/// Judges a report received in `period` before `at`, at `min(at, period end)`; None for a
/// report received outside.
pub fn judge_feedback(facts: &FeedbackFacts, period: &Period, at: OffsetDateTime) -> Option<FeedbackJudgement> {
    let judging = at.min(period.to());
    let received = facts.record.received_at;
    if received < period.from() || received >= judging {
        return None;
    }
    Some(FeedbackJudgement {
        report_id: facts.record.report_id,
        classified: facts.classified(),
        on_time: facts.on_time_at(judging),
        dissatisfied: facts.dissatisfied(),
        repeated: facts.repeated_at(judging),
    })
}

/// Counts of the reports of a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackTally {
    pub total: u64,
    pub classified: u64,
    pub on_time: u64,
    pub dissatisfied: u64,
    pub overdue: u64,
    pub repeated: u64,
    /// None of dissatisfied, overdue, repeated (each report counted once).
    pub satisfied: u64,
}

impl FeedbackTally {
    pub fn add(&mut self, j: &FeedbackJudgement) {
        let one = |b: bool| u64::from(b);
        self.total += 1;
        self.classified += one(j.classified);
        self.on_time += one(j.on_time);
        self.overdue += one(!j.on_time);
        self.dissatisfied += one(j.dissatisfied);
        self.repeated += one(j.repeated);
        self.satisfied += one(j.satisfied());
    }

    pub fn of<'a>(judgements: impl IntoIterator<Item = &'a FeedbackJudgement>) -> FeedbackTally {
        let mut t = FeedbackTally::default();
        for j in judgements {
            t.add(j);
        }
        t
    }
}
