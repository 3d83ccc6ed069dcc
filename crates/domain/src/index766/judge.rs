//! Indicator 2.1 for one dossier in one period: whether it is in the denominator, and whether
//! it counts as early / on time / still within its deadline. Feeds the drill-down list.

use serde::{Serialize, Serializer};
use time::{Duration, OffsetDateTime};

use super::facts::DossierFacts;
use super::period::Period;
use super::standing::Basis;

/// Why a dossier costs points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LateReason {
    /// More than one supplement request: overdue whatever the dates.
    TooManySupplementRequests { count: u32 },
    /// Ended after its appointment; `by` does not count supplement waiting.
    EndedAfterAppointment {
        #[serde(with = "time::serde::rfc3339")]
        appointment: OffsetDateTime,
        #[serde(rename = "by_seconds", serialize_with = "seconds")]
        by: Duration,
    },
    /// Without an appointment, ended beyond the statutory limit; `deadline` is when the limit
    /// was used up (supplement waiting left out).
    EndedOverStatutoryLimit {
        #[serde(with = "time::serde::rfc3339")]
        deadline: OffsetDateTime,
        #[serde(rename = "by_seconds", serialize_with = "seconds")]
        by: Duration,
    },
    /// Not finished when judged, and its appointment had passed.
    UnfinishedPastAppointment {
        #[serde(with = "time::serde::rfc3339")]
        appointment: OffsetDateTime,
        #[serde(rename = "by_seconds", serialize_with = "seconds")]
        by: Duration,
    },
    /// Not finished when judged, without an appointment, beyond the statutory limit.
    UnfinishedOverStatutoryLimit {
        #[serde(with = "time::serde::rfc3339")]
        deadline: OffsetDateTime,
        #[serde(rename = "by_seconds", serialize_with = "seconds")]
        by: Duration,
    },
}

fn seconds<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(d.whole_seconds())
}

/// The verdict on one dossier of the denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Judgement {
    /// Finished early or on time, or still within its deadline.
    pub on_time: bool,
    /// Ended in the period (judged at its end) or not (judged at the period's end, or `at`).
    pub finished: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub judged_at: OffsetDateTime,
    /// Set iff `on_time` is false.
    pub reason: Option<LateReason>,
}

/// Judges `facts` for `period` as known at `at`: `at` at or after the period's end judges the
/// whole period; `at` inside it judges the period so far ("now"). None: not in the denominator
/// (not received before the judging instant, or ended before the period began).
///
/// The denominator holds the dossiers received in the period (before the judging instant) and
/// those received earlier and not ended when it began. One that ended before the judging instant
/// is judged at its end; any other at the judging instant.
pub fn judge(facts: &DossierFacts, period: &Period, at: OffsetDateTime) -> Option<Judgement> {
    let received = facts.received_at()?;
    if at < period.from() {
        return None;
    }
    let judging = at.min(period.to());
    if received >= judging {
        return None;
    }
    if received < period.from() && !facts.is_open_at(period.from()) {
        return None;
    }
    let (x, finished) = match facts.end() {
        Some(end) if end.at < judging => (end.at, true),
        _ => (judging, false),
    };
    let on_time = facts.within_at(x);
    let reason = if on_time { None } else { late_reason(facts, x, finished) };
    Some(Judgement {
        on_time,
        finished,
        judged_at: x,
        reason,
    })
}

fn late_reason(facts: &DossierFacts, x: OffsetDateTime, finished: bool) -> Option<LateReason> {
    let segment = facts.segment_at(x)?;
    let late_by = |t: OffsetDateTime| (x - t) - facts.waited(t, x);
    Some(match (segment.basis, segment.deadline) {
        (Basis::SupplementRequests { count }, _) => LateReason::TooManySupplementRequests { count },
        (Basis::Appointment { due }, Some(t)) => {
            let by = late_by(t);
            if finished {
                LateReason::EndedAfterAppointment { appointment: due, by }
            } else {
                LateReason::UnfinishedPastAppointment { appointment: due, by }
            }
        }
        (Basis::StatutoryLimit, Some(t)) => {
            let by = late_by(t);
            if finished {
                LateReason::EndedOverStatutoryLimit { deadline: t, by }
            } else {
                LateReason::UnfinishedOverStatutoryLimit { deadline: t, by }
            }
        }
        // Within whatever the date: never late.
        (Basis::NotReceived, _) | (_, None) => return None,
    })
}
