//! Counting time for deadlines: clock time, or office time of the working-day calendar, with
//! supplement waits left out. Every walk is bounded and uses checked arithmetic.

use time::{Date, Duration, OffsetDateTime};

use super::facts::SupplementWait;
use super::period::YearMonth;
use crate::calendar::{VIETNAM, WorkingCalendar};

/// The longest walk, in days (beyond it a deadline counts as never reached).
const MAX_DAYS: u32 = 200 * 366;

/// How time is counted.
pub(super) enum Clock<'a> {
    /// Every instant counts.
    Elapsed,
    /// Only office hours of working days count.
    Office(&'a WorkingCalendar),
}

impl Clock<'_> {
    /// Counted time in `[a, b)`.
    fn measure(&self, a: OffsetDateTime, b: OffsetDateTime) -> Duration {
        if b <= a {
            return Duration::ZERO;
        }
        match self {
            Clock::Elapsed => b - a,
            Clock::Office(cal) => {
                let mut total = Duration::ZERO;
                let mut day = Some(local_date(a));
                for _ in 0..MAX_DAYS {
                    let Some(d) = day else { break };
                    for (p0, p1) in office_periods(cal, d) {
                        if p0 >= b {
                            return total;
                        }
                        let (s, e) = (p0.max(a), p1.min(b));
                        if e > s {
                            total = total.saturating_add(e - s);
                        }
                    }
                    if day_start(d).is_none_or(|s| s >= b) {
                        break;
                    }
                    day = d.next_day();
                }
                total
            }
        }
    }

    /// The first instant `r ≥ a` with `amount` counted in `[a, r)`.
    fn advance(&self, a: OffsetDateTime, amount: Duration) -> Option<OffsetDateTime> {
        if amount <= Duration::ZERO {
            return Some(a);
        }
        match self {
            Clock::Elapsed => a.checked_add(amount),
            Clock::Office(cal) => {
                let mut left = amount;
                let mut day = Some(local_date(a));
                for _ in 0..MAX_DAYS {
                    let d = day?;
                    for (p0, p1) in office_periods(cal, d) {
                        let s = p0.max(a);
                        if p1 > s {
                            let room = p1 - s;
                            if left <= room {
                                return s.checked_add(left);
                            }
                            left -= room;
                        }
                    }
                    day = d.next_day();
                }
                None
            }
        }
    }

    /// The first instant `≥ t` at which time counts.
    fn next_counting(&self, t: OffsetDateTime) -> Option<OffsetDateTime> {
        match self {
            Clock::Elapsed => Some(t),
            Clock::Office(cal) => {
                let mut day = Some(local_date(t));
                for _ in 0..MAX_DAYS {
                    let d = day?;
                    if let Some((p0, _)) = office_periods(cal, d).into_iter().find(|(_, p1)| t < *p1) {
                        return Some(p0.max(t));
                    }
                    day = d.next_day();
                }
                None
            }
        }
    }
}

/// The last instant `x` at which the time counted since `start`, leaving out `waits`, is at
/// most `amount`; None if that never ends (a wait still open, or beyond the calendar).
pub(super) fn deadline(
    start: OffsetDateTime,
    amount: Duration,
    waits: &[SupplementWait],
    clock: &Clock,
) -> Option<OffsetDateTime> {
    let mut t = start;
    let mut left = amount;
    for w in waits {
        if w.until.is_some_and(|u| u <= t) {
            continue;
        }
        let gap_end = w.from.max(t);
        if gap_end > t {
            let counted = clock.measure(t, gap_end);
            if counted >= left {
                let reached = clock.advance(t, left)?;
                return next_counting(reached, waits, clock);
            }
            left -= counted;
        }
        t = w.until?;
    }
    let reached = clock.advance(t, left)?;
    next_counting(reached, waits, clock)
}

/// The first instant `≥ t` at which time counts and no wait runs: counted time grows right
/// after it, so it is the last instant with the amount not exceeded.
fn next_counting(mut t: OffsetDateTime, waits: &[SupplementWait], clock: &Clock) -> Option<OffsetDateTime> {
    for _ in 0..=waits.len() {
        t = clock.next_counting(t)?;
        match waits.iter().find(|w| w.from <= t && w.until.is_none_or(|u| t < u)) {
            Some(w) => t = w.until?,
            None => return Some(t),
        }
    }
    clock.next_counting(t)
}

/// Adds calendar months in Vietnam time, keeping the day of month where it exists.
pub(super) fn add_months(at: OffsetDateTime, months: u32) -> Option<OffsetDateTime> {
    let local = at.checked_to_offset(VIETNAM)?;
    let target = YearMonth::of(local).plus(i64::from(months))?;
    let month = time::Month::try_from(target.month()).ok()?;
    let last = time::util::days_in_month(month, target.year());
    let date = Date::from_calendar_date(target.year(), month, local.day().min(last)).ok()?;
    Some(date.with_time(local.time()).assume_offset(VIETNAM))
}

fn local_date(t: OffsetDateTime) -> Date {
    t.checked_to_offset(VIETNAM).unwrap_or(t).date()
}

fn day_start(d: Date) -> Option<OffsetDateTime> {
    Some(d.midnight().assume_offset(VIETNAM))
}

/// The office periods of a day as instants (none on a day off; invalid periods skipped).
fn office_periods(cal: &WorkingCalendar, d: Date) -> Vec<(OffsetDateTime, OffsetDateTime)> {
    if !cal.is_working_day(d) {
        return Vec::new();
    }
    cal.office
        .periods
        .iter()
        .filter(|(a, b)| a < b)
        .map(|(a, b)| {
            (
                d.with_time(*a).assume_offset(VIETNAM),
                d.with_time(*b).assume_offset(VIETNAM),
            )
        })
        .collect()
}
