//! Indicator 2.1 from month counters.
//!
//! For a period `[P0, P1)` judged at its end:
//! - denominator = Σ received over its months + open at `P0`;
//! - numerator = Σ ended within over its months + open and within at `P1`.
//!
//! Judged "now", inside the period: the months so far hold only the events before now, and the
//! dossiers still open are judged now: open now − open and already overdue now (the storage
//! counts the latter from each open dossier's [`DossierFacts::within_until`]).
//!
//! [`DossierFacts::within_until`]: super::facts::DossierFacts::within_until

use time::OffsetDateTime;

use super::counters::MonthCounters;
use super::indicators::Tally;
use super::period::Period;

/// When the open dossiers of a period are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judging {
    /// At the period's end (a period that is over).
    AtPeriodEnd,
    /// At `now`, inside the period. The counters must hold exactly the events before `now`;
    /// `overdue_open` is the number of dossiers open at `now` already past their deadline
    /// (`within_until < now`).
    Live { now: OffsetDateTime, overdue_open: u64 },
}

impl Judging {
    /// Live if `now` falls inside the period, else at the period's end.
    pub fn for_now(period: &Period, now: OffsetDateTime, overdue_open: u64) -> Judging {
        if now < period.to() {
            Judging::Live { now, overdue_open }
        } else {
            Judging::AtPeriodEnd
        }
    }

    /// The instant the open dossiers are judged at.
    pub fn instant(&self, period: &Period) -> OffsetDateTime {
        match *self {
            Judging::AtPeriodEnd => period.to(),
            Judging::Live { now, .. } => now.min(period.to()),
        }
    }
}

/// Indicator 2.1 of `counters` (one agency, or a roll-up) for `period`.
pub fn score_2_1(counters: &MonthCounters, period: &Period, judging: Judging) -> Tally {
    let in_period = counters.sum(period.first_month(), period.last_month());
    let carried = counters.open_at(period.first_month());
    let received = u64::try_from(in_period.received).unwrap_or(0);
    let ended_within = u64::try_from(in_period.ended_within).unwrap_or(0);
    let open_within = match judging {
        Judging::Live { now, .. } if now < period.from() => return Tally::default(),
        Judging::Live { now, overdue_open } if now < period.to() => counters.open_now().saturating_sub(overdue_open),
        _ => counters.within_at(period.month_after()),
    };
    Tally {
        numerator: ended_within.saturating_add(open_within),
        denominator: received.saturating_add(carried),
    }
}
