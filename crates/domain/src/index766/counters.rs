//! Per-agency per-month counters from which indicator 2.1 is computed exactly for any period
//! (see the module documentation of `index766` for why).
//!
//! What one dossier adds is a pure function of its facts, [`contribution`]. The storage keeps,
//! per agency and month, the sum of the contributions of its dossiers; when an event changes a
//! dossier's facts it subtracts the old contribution and adds the new one ([`changes`]), in the
//! same transaction as the event.

use std::collections::BTreeMap;
use std::ops::{AddAssign, SubAssign};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::facts::DossierFacts;
use super::period::YearMonth;
use crate::ids::AgencyId;

/// The counts of one agency (or a roll-up) in one month. Signed so that differences subtract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCounts {
    /// Dossiers received in the month.
    pub received: i64,
    /// Dossiers that ended in the month, within their deadline at the end.
    pub ended_within: i64,
    /// Dossiers that ended in the month, past their deadline (or with 2+ supplement requests).
    pub ended_late: i64,
    /// Net change, over the month, of the number of dossiers open and within their deadline.
    /// Summed over every month before `b`, it is that number at the instant `b`.
    pub within_change: i64,
}

impl MonthCounts {
    /// All four are zero.
    pub fn is_zero(&self) -> bool {
        *self == MonthCounts::default()
    }

    fn ended(&self) -> i64 {
        self.ended_within.saturating_add(self.ended_late)
    }
}

impl AddAssign for MonthCounts {
    fn add_assign(&mut self, o: Self) {
        self.received = self.received.saturating_add(o.received);
        self.ended_within = self.ended_within.saturating_add(o.ended_within);
        self.ended_late = self.ended_late.saturating_add(o.ended_late);
        self.within_change = self.within_change.saturating_add(o.within_change);
    }
}

impl SubAssign for MonthCounts {
    fn sub_assign(&mut self, o: Self) {
        self.received = self.received.saturating_sub(o.received);
        self.ended_within = self.ended_within.saturating_sub(o.ended_within);
        self.ended_late = self.ended_late.saturating_sub(o.ended_late);
        self.within_change = self.within_change.saturating_sub(o.within_change);
    }
}

/// What one dossier adds to its agency's counters. Store it with the dossier (JSON) so the next
/// event subtracts exactly what was added, even if the calendar changed in between.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contribution {
    pub agency_id: Option<AgencyId>,
    /// Non-zero rows only, by month.
    pub months: BTreeMap<YearMonth, MonthCounts>,
}

/// The contribution of one dossier: +1 `received` in the month of its receipt; +1
/// `ended_within` or `ended_late` in the month of its end; and the changes of "open and within
/// its deadline" in the months they happen (just after the receipt, after a deadline passes,
/// after an event that restores it, after the end). Nothing for a dossier never received.
/// Changes may fall in future months (a deadline that will pass if nothing happens): they are
/// exact for every boundary up to the last event, and move when a new event comes.
pub fn contribution(facts: &DossierFacts) -> Contribution {
    let mut c = Contribution {
        agency_id: Some(facts.agency_id()),
        months: BTreeMap::new(),
    };
    let Some(received) = facts.received_at() else {
        return Contribution::default();
    };
    c.row(received).received += 1;
    let end = facts.end().map(|e| e.at);
    if let Some(at) = end {
        if facts.within_at(at) {
            c.row(at).ended_within += 1;
        } else {
            c.row(at).ended_late += 1;
        }
    }
    // The value of "open and within" just after each instant, in order.
    let mut value = 0i64;
    let mut set = |c: &mut Contribution, at: OffsetDateTime, v: i64| {
        if v != value {
            c.row(at).within_change += v - value;
            value = v;
        }
    };
    let segments: Vec<_> = facts.standing().iter().filter(|s| s.after >= received).collect();
    for (i, s) in segments.iter().enumerate() {
        if end.is_some_and(|e| e <= s.after) {
            break;
        }
        let next = segments.get(i + 1).map(|n| n.after);
        let stop = match (next, end) {
            (Some(n), Some(e)) => Some(n.min(e)),
            (n, e) => n.or(e),
        };
        let within_now = s.within_until().is_none_or(|t| t > s.after);
        set(&mut c, s.after, i64::from(within_now));
        if let Some(t) = s.within_until()
            && within_now
            && stop.is_none_or(|stop| t < stop)
        {
            set(&mut c, t, 0);
        }
    }
    if let Some(at) = end {
        set(&mut c, at, 0);
    }
    c.months.retain(|_, m| !m.is_zero());
    c
}

impl Contribution {
    fn row(&mut self, at: OffsetDateTime) -> &mut MonthCounts {
        self.months.entry(YearMonth::of(at)).or_default()
    }
}

/// The rows to add to the storage's counters when a dossier's contribution goes from `old` to
/// `new` (either may be empty): non-zero differences only, keyed by agency and month.
pub fn changes(old: &Contribution, new: &Contribution) -> Vec<(AgencyId, YearMonth, MonthCounts)> {
    let mut out: BTreeMap<(AgencyId, YearMonth), MonthCounts> = BTreeMap::new();
    if let Some(a) = old.agency_id {
        for (m, counts) in &old.months {
            *out.entry((a, *m)).or_default() -= *counts;
        }
    }
    if let Some(a) = new.agency_id {
        for (m, counts) in &new.months {
            *out.entry((a, *m)).or_default() += *counts;
        }
    }
    out.into_iter()
        .filter(|(_, c)| !c.is_zero())
        .map(|((a, m), c)| (a, m, c))
        .collect()
}

/// The counters of one agency, or of a roll-up, by month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCounters {
    pub months: BTreeMap<YearMonth, MonthCounts>,
}

impl MonthCounters {
    /// Adds one month's row (from storage, or a roll-up).
    pub fn add_row(&mut self, month: YearMonth, counts: MonthCounts) {
        *self.months.entry(month).or_default() += counts;
    }

    /// Adds a dossier's contribution, whatever its agency.
    pub fn add(&mut self, c: &Contribution) {
        for (m, counts) in &c.months {
            self.add_row(*m, *counts);
        }
    }

    /// Adds every month of another set of counters.
    pub fn merge(&mut self, other: &MonthCounters) {
        for (m, counts) in &other.months {
            self.add_row(*m, *counts);
        }
    }

    /// Sum over the months in `[first, last]`.
    pub fn sum(&self, first: YearMonth, last: YearMonth) -> MonthCounts {
        let mut total = MonthCounts::default();
        if first <= last {
            for c in self.months.range(first..=last).map(|(_, c)| *c) {
                total += c;
            }
        }
        total
    }

    fn before(&self, month: YearMonth) -> MonthCounts {
        let mut total = MonthCounts::default();
        for c in self.months.range(..month).map(|(_, c)| *c) {
            total += c;
        }
        total
    }

    /// Dossiers open at the start of `month`: received before it and not ended before it.
    pub fn open_at(&self, month: YearMonth) -> u64 {
        let b = self.before(month);
        u64::try_from(b.received.saturating_sub(b.ended())).unwrap_or(0)
    }

    /// Dossiers open at the start of `month` and within their deadline then.
    pub fn within_at(&self, month: YearMonth) -> u64 {
        u64::try_from(self.before(month).within_change).unwrap_or(0)
    }

    /// Dossiers open now: every dossier received minus every dossier ended (the counters must
    /// hold exactly the events so far).
    pub fn open_now(&self) -> u64 {
        let mut all = MonthCounts::default();
        for c in self.months.values() {
            all += *c;
        }
        u64::try_from(all.received.saturating_sub(all.ended())).unwrap_or(0)
    }
}
