//! Deadlines in working time. Office hours and the rule for dossiers received outside them
//! are settings; every instant is taken in Vietnam local time (UTC+7, no daylight saving).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};

use super::holidays::{CalendarOverride, Holiday, OverrideKind, days_off, is_weekend};
use crate::procedure::TimeUnit;

/// Vietnam's offset from UTC.
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// Years the calendar computes (wider than any dossier's life).
const FIRST_YEAR: i32 = 1950;
const LAST_YEAR: i32 = 2150;

/// What to do with a dossier received outside office hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutsideHours {
    /// Start counting at the next opening (the default).
    #[default]
    NextOpening,
    /// Count as if received at the last closing before it.
    PreviousClose,
}

/// Office hours: the working periods of a working day, in order, e.g. 08:00–12:00 and
/// 13:30–17:00.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours {
    pub periods: Vec<(Time, Time)>,
    #[serde(default)]
    pub outside_hours: OutsideHours,
}

impl Default for OfficeHours {
    fn default() -> Self {
        let t = |h, m| Time::from_hms(h, m, 0).unwrap_or(Time::MIDNIGHT);
        Self {
            periods: vec![(t(8, 0), t(12, 0)), (t(13, 30), t(17, 0))],
            outside_hours: OutsideHours::NextOpening,
        }
    }
}

impl OfficeHours {
    /// Working time in one working day.
    pub fn day_length(&self) -> Duration {
        self.periods.iter().map(|(a, b)| *b - *a).sum()
    }

    /// Periods must be non-empty, each start before its end, in order, not overlapping.
    pub fn is_valid(&self) -> bool {
        !self.periods.is_empty()
            && self.periods.iter().all(|(a, b)| a < b)
            && self.periods.windows(2).all(|w| w[0].1 <= w[1].0)
    }
}

struct YearDays {
    off: BTreeMap<Date, Holiday>,
    worked_weekend: BTreeSet<Date>,
}

/// The working-day calendar: holidays (law + yearly table) and office hours.
pub struct WorkingCalendar {
    corrections: Vec<CalendarOverride>,
    pub office: OfficeHours,
    years: Vec<OnceLock<YearDays>>,
}

impl WorkingCalendar {
    /// `office` must be valid (`OfficeHours::is_valid`); invalid hours fall back to the default.
    pub fn new(corrections: Vec<CalendarOverride>, office: OfficeHours) -> Self {
        let office = if office.is_valid() {
            office
        } else {
            OfficeHours::default()
        };
        let span = usize::try_from(LAST_YEAR - FIRST_YEAR + 1).unwrap_or(0);
        Self {
            corrections,
            office,
            years: (0..span).map(|_| OnceLock::new()).collect(),
        }
    }

    fn year(&self, year: i32) -> Option<&YearDays> {
        let i = usize::try_from(year - FIRST_YEAR).ok()?;
        let cell = self.years.get(i)?;
        Some(cell.get_or_init(|| {
            YearDays {
                off: days_off(year, &self.corrections),
                worked_weekend: self
                    .corrections
                    .iter()
                    .filter(|c| c.kind == OverrideKind::WorkingDay && c.date.year() == year)
                    .map(|c| c.date)
                    .collect(),
            }
        }))
    }

    /// The days off of a year (empty outside the years the calendar covers).
    pub fn holidays(&self, year: i32) -> Vec<Holiday> {
        self.year(year)
            .map(|y| y.off.values().cloned().collect())
            .unwrap_or_default()
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        match self.year(d.year()) {
            Some(y) => {
                if y.worked_weekend.contains(&d) {
                    return true;
                }
                !is_weekend(d) && !y.off.contains_key(&d)
            }
            None => !is_weekend(d),
        }
    }

    /// The next working day strictly after `d`.
    pub fn next_working_day(&self, d: Date) -> Date {
        let mut n = d + Duration::days(1);
        while !self.is_working_day(n) {
            n += Duration::days(1);
        }
        n
    }

    /// Where counting starts for something received at `at`: `at` itself inside office
    /// hours, otherwise the next opening (or the previous closing, per the setting).
    pub fn counting_start(&self, at: OffsetDateTime) -> OffsetDateTime {
        let local = at.to_offset(VIETNAM);
        let (day, t) = (local.date(), local.time());
        if self.is_working_day(day) && self.office.periods.iter().any(|(a, b)| *a <= t && t < *b) {
            return local;
        }
        match self.office.outside_hours {
            OutsideHours::NextOpening => self.next_opening(day, t),
            OutsideHours::PreviousClose => self.previous_close(day, t),
        }
    }

    fn at(day: Date, t: Time) -> OffsetDateTime {
        day.with_time(t).assume_offset(VIETNAM)
    }

    fn next_opening(&self, day: Date, t: Time) -> OffsetDateTime {
        if self.is_working_day(day)
            && let Some((open, _)) = self.office.periods.iter().find(|(a, _)| t < *a)
        {
            return Self::at(day, *open);
        }
        Self::at(self.next_working_day(day), self.office.periods[0].0)
    }

    fn previous_close(&self, day: Date, t: Time) -> OffsetDateTime {
        if self.is_working_day(day)
            && let Some((_, close)) = self.office.periods.iter().rev().find(|(_, b)| *b <= t)
        {
            return Self::at(day, *close);
        }
        let mut d = day - Duration::days(1);
        while !self.is_working_day(d) {
            d -= Duration::days(1);
        }
        let last = self.office.periods.len() - 1;
        Self::at(d, self.office.periods[last].1)
    }

    /// Adds working time to an instant already inside office hours (or at an opening).
    pub fn add_working_time(&self, start: OffsetDateTime, amount: Duration) -> OffsetDateTime {
        let mut now = self.counting_start(start);
        let mut left = amount;
        let day_len = self.office.day_length();
        // Whole days first, keeping the time of day (fast for long limits).
        while left >= day_len && day_len > Duration::ZERO {
            let next = self.next_working_day(now.date());
            now = Self::at(next, now.time());
            left -= day_len;
        }
        loop {
            if left <= Duration::ZERO {
                return now;
            }
            let (day, t) = (now.date(), now.time());
            let Some((_, end)) = self.office.periods.iter().find(|(a, b)| *a <= t && t < *b) else {
                now = self.next_opening(day, t);
                continue;
            };
            let room = *end - t;
            if left <= room {
                return now + left;
            }
            left -= room;
            now = self.next_opening(day, *end);
        }
    }

    /// The due instant of a time limit counted from receipt at `received`:
    /// working days and hours in office time; days and months on the calendar, a due day
    /// that is not a working day moving to the end of the next working day.
    pub fn due(&self, received: OffsetDateTime, value: u32, unit: TimeUnit) -> OffsetDateTime {
        let local = received.to_offset(VIETNAM);
        match unit {
            TimeUnit::WorkingDays => self.add_working_time(local, self.office.day_length() * value),
            TimeUnit::Hours => self.add_working_time(local, Duration::hours(i64::from(value))),
            TimeUnit::Days => self.roll_to_working(self.counting_start(local) + Duration::days(i64::from(value))),
            TimeUnit::Months => self.roll_to_working(add_months(self.counting_start(local), value)),
        }
    }

    fn roll_to_working(&self, at: OffsetDateTime) -> OffsetDateTime {
        if self.is_working_day(at.date()) {
            return at;
        }
        let last = self.office.periods.len() - 1;
        Self::at(self.next_working_day(at.date()), self.office.periods[last].1)
    }
}

/// Adds calendar months, keeping the day of month where it exists (31 Jan + 1 month = 28/29 Feb).
pub fn add_months(at: OffsetDateTime, months: u32) -> OffsetDateTime {
    let d = at.date();
    let total = i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1 + i64::from(months);
    let year = i32::try_from(total / 12).unwrap_or(d.year());
    let month = time::Month::try_from(u8::try_from(total % 12 + 1).unwrap_or(1)).unwrap_or(time::Month::January);
    let last = time::util::days_in_month(month, year);
    let date = Date::from_calendar_date(year, month, d.day().min(last)).unwrap_or(d);
    date.with_time(at.time()).assume_offset(at.offset())
}
