//! Whether a dossier is within its deadline at an instant, as a step function of time.
//!
//! The state at `x` comes from the events strictly before `x`. Between two instants where the
//! state changes (receipt, an appointment set, a supplement requested or completed) the state is
//! fixed, and "within at `x`" is `x ≤ T` for one threshold `T` (or always / never):
//! - two or more supplement requests: never (overdue);
//! - with an appointment: `x − (supplement waiting since it was set) ≤ appointment`;
//! - without one: `x − receipt − supplement waiting ≤ statutory limit`, in the limit's unit
//!   (working days and hours in office time via the calendar, days and calendar months in
//!   clock time).
//!
//! `T` is the last instant the condition holds: the measured time never decreases, so the
//! condition holds up to `T` and fails after.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::facts::{DossierFacts, SupplementWait};
use super::worktime::{self, Clock};
use crate::calendar::WorkingCalendar;
use crate::procedure::TimeUnit;

/// What decides the deadline during a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    /// Not received yet: no clock runs.
    NotReceived,
    /// Two or more supplement requests: overdue whatever the dates.
    SupplementRequests { count: u32 },
    /// The appointment in force.
    Appointment { due: OffsetDateTime },
    /// No appointment: the statutory limit from the receipt.
    StatutoryLimit,
}

/// The state after `after` (exclusive) until the next segment's `after` (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub after: OffsetDateTime,
    pub basis: Basis,
    /// Within iff `x ≤ deadline`; None: within however late (the clock is stopped, or no
    /// clock runs).
    pub deadline: Option<OffsetDateTime>,
}

impl Segment {
    /// Within the deadline at `x` (for `x` inside this segment).
    pub fn within(&self, x: OffsetDateTime) -> bool {
        match self.basis {
            Basis::SupplementRequests { .. } => false,
            _ => self.deadline.is_none_or(|t| x <= t),
        }
    }

    /// The last instant this segment is within (None: always within; an instant not after
    /// `after`: never within).
    pub fn within_until(&self) -> Option<OffsetDateTime> {
        match self.basis {
            Basis::SupplementRequests { .. } => Some(self.after),
            _ => self.deadline,
        }
    }
}

/// The segments of a dossier, one per instant its state changed, in order.
pub(super) fn segments(facts: &DossierFacts, calendar: &WorkingCalendar) -> Vec<Segment> {
    let mut instants: Vec<OffsetDateTime> = Vec::new();
    instants.extend(facts.received_at());
    instants.extend(facts.appointments().iter().map(|a| a.set_at));
    instants.extend(facts.supplement_requests().iter().copied());
    instants.extend(facts.waits().iter().filter_map(|w| w.until));
    instants.sort();
    instants.dedup();
    instants
        .into_iter()
        .map(|a| segment_after(facts, calendar, a))
        .collect()
}

/// The state after every event at or before `a`.
fn segment_after(facts: &DossierFacts, calendar: &WorkingCalendar, a: OffsetDateTime) -> Segment {
    let count = facts.supplement_requests().iter().filter(|t| **t <= a).count();
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    let known: Vec<SupplementWait> = facts
        .waits()
        .iter()
        .filter(|w| w.from <= a)
        .map(|w| SupplementWait {
            from: w.from,
            until: w.until.filter(|u| *u <= a),
        })
        .collect();
    let segment = |basis, deadline| Segment {
        after: a,
        basis,
        deadline,
    };
    if count >= 2 {
        return segment(Basis::SupplementRequests { count }, None);
    }
    let Some(received) = facts.received_at().filter(|r| *r <= a) else {
        return segment(Basis::NotReceived, None);
    };
    let appointment = facts.appointments().iter().rev().find(|ap| ap.set_at <= a);
    match appointment {
        Some(ap) => {
            let deadline = if ap.due < ap.set_at {
                Some(ap.due)
            } else {
                worktime::deadline(ap.set_at, ap.due - ap.set_at, &known, &Clock::Elapsed)
            };
            segment(Basis::Appointment { due: ap.due }, deadline)
        }
        None => {
            let limit = facts.limit();
            let deadline = statutory_amount(calendar, received, limit.value, limit.unit)
                .and_then(|(amount, clock)| worktime::deadline(received, amount, &known, &clock));
            segment(Basis::StatutoryLimit, deadline)
        }
    }
}

/// The statutory limit as an amount of counted time, and how time is counted.
fn statutory_amount(
    calendar: &WorkingCalendar,
    received: OffsetDateTime,
    value: u32,
    unit: TimeUnit,
) -> Option<(Duration, Clock<'_>)> {
    let n = i32::try_from(value).ok()?;
    match unit {
        TimeUnit::WorkingDays => Some((calendar.office.day_length().checked_mul(n)?, Clock::Office(calendar))),
        TimeUnit::Hours => Some((Duration::hours(1).checked_mul(n)?, Clock::Office(calendar))),
        TimeUnit::Days => Some((Duration::days(1).checked_mul(n)?, Clock::Elapsed)),
        TimeUnit::Months => {
            let later = worktime::add_months(received, value)?;
            Some((later - received, Clock::Elapsed))
        }
    }
}
