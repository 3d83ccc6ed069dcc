//! Periods of the index: a month (`2026-09`), a quarter (`2026-Q3`), a half-year (`2026-H1`),
//! nine months (`2026-9M`, January to September) or a year (`2026`). Each is a half-open
//! interval of Vietnam local time, from the 1st 00:00 of its first month to the 1st 00:00 of the
//! month after its last.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, OffsetDateTime, Time};

use super::IndexError;
use crate::calendar::VIETNAM;

/// Years a period may name (the years the working-day calendar computes).
pub const FIRST_YEAR: i32 = 1950;
/// Last year a period may name.
pub const LAST_YEAR: i32 = 2150;

/// A calendar month in Vietnam time, e.g. `2026-09`. Ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    /// `month` is 1–12.
    pub fn new(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(YearMonth { year, month })
    }

    /// The month an instant falls in, in Vietnam local time.
    pub fn of(at: OffsetDateTime) -> Self {
        let local = at.checked_to_offset(VIETNAM).unwrap_or(at);
        YearMonth {
            year: local.year(),
            month: u8::from(local.month()),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// Months since year 0 (`year × 12 + month − 1`): consecutive months differ by one.
    pub fn ordinal(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// The month with this [`YearMonth::ordinal`].
    pub fn from_ordinal(ordinal: i64) -> Option<Self> {
        let year = i32::try_from(ordinal.div_euclid(12)).ok()?;
        let month = u8::try_from(ordinal.rem_euclid(12) + 1).ok()?;
        YearMonth::new(year, month)
    }

    /// The month `n` months later (earlier if negative).
    pub fn plus(self, n: i64) -> Option<Self> {
        YearMonth::from_ordinal(self.ordinal().checked_add(n)?)
    }

    /// The 1st of the month, 00:00 Vietnam time (None beyond the dates `time` represents).
    pub fn start(self) -> Option<OffsetDateTime> {
        let month = Month::try_from(self.month).ok()?;
        let date = Date::from_calendar_date(self.year, month, 1).ok()?;
        Some(date.with_time(Time::MIDNIGHT).assume_offset(VIETNAM))
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = IndexError;
    fn from_str(s: &str) -> Result<Self, IndexError> {
        match Period::parse(s)? {
            p if p.kind == PeriodKind::Month => Ok(p.first),
            _ => Err(IndexError::InvalidPeriod(s.to_owned())),
        }
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What kind of period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Half,
    /// January to September.
    NineMonths,
    Year,
}

/// A period of the index. Build it with [`Period::parse`] or [`Period::month`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    kind: PeriodKind,
    first: YearMonth,
    months: u8,
    from: OffsetDateTime,
    to: OffsetDateTime,
}

impl Period {
    /// Parses `2026-09`, `2026-Q3`, `2026-H1`, `2026-9M` or `2026` (letters in either case).
    /// Years 1950–2150. Anything else is `invalid_period`.
    pub fn parse(s: &str) -> Result<Period, IndexError> {
        let bad = || IndexError::InvalidPeriod(s.to_owned());
        let (year_text, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year_text.parse().map_err(|_| bad())?;
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(bad());
        }
        let upper = rest.map(str::to_ascii_uppercase);
        let (kind, first_month, months) = match upper.as_deref() {
            None => (PeriodKind::Year, 1, 12),
            Some("9M") => (PeriodKind::NineMonths, 1, 9),
            Some(r) if r.len() == 2 && r.as_bytes()[0] == b'Q' => {
                let q = r[1..]
                    .parse::<u8>()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(bad)?;
                (PeriodKind::Quarter, (q - 1) * 3 + 1, 3)
            }
            Some(r) if r.len() == 2 && r.as_bytes()[0] == b'H' => {
                let h = r[1..]
                    .parse::<u8>()
                    .ok()
                    .filter(|h| (1..=2).contains(h))
                    .ok_or_else(bad)?;
                (PeriodKind::Half, (h - 1) * 6 + 1, 6)
            }
            Some(r) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_digit()) => {
                let m = r.parse::<u8>().map_err(|_| bad())?;
                (PeriodKind::Month, m, 1)
            }
            Some(_) => return Err(bad()),
        };
        let first = YearMonth::new(year, first_month).ok_or_else(bad)?;
        Period::build(kind, first, months).ok_or_else(bad)
    }

    /// The one-month period of `month` (None outside years 1950–2150).
    pub fn month(month: YearMonth) -> Option<Period> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&month.year) {
            return None;
        }
        Period::build(PeriodKind::Month, month, 1)
    }

    fn build(kind: PeriodKind, first: YearMonth, months: u8) -> Option<Period> {
        let from = first.start()?;
        let to = first.plus(i64::from(months))?.start()?;
        Some(Period {
            kind,
            first,
            months,
            from,
            to,
        })
    }

    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// Start, inclusive: the 1st of the first month, 00:00 Vietnam time.
    pub fn from(&self) -> OffsetDateTime {
        self.from
    }

    /// End, exclusive: the 1st of the month after the last, 00:00 Vietnam time.
    pub fn to(&self) -> OffsetDateTime {
        self.to
    }

    /// Whether `at` lies in `[from, to)`.
    pub fn contains(&self, at: OffsetDateTime) -> bool {
        self.from <= at && at < self.to
    }

    pub fn first_month(&self) -> YearMonth {
        self.first
    }

    pub fn last_month(&self) -> YearMonth {
        self.first.plus(i64::from(self.months) - 1).unwrap_or(self.first)
    }

    /// The month after the last: its start is [`Period::to`].
    pub fn month_after(&self) -> YearMonth {
        self.first.plus(i64::from(self.months)).unwrap_or(self.first)
    }

    /// The months the period covers, in order.
    pub fn months(&self) -> Vec<YearMonth> {
        (0..i64::from(self.months)).filter_map(|i| self.first.plus(i)).collect()
    }

    /// The twelve months ending with the period's last month, oldest first (a trend chart).
    pub fn trend_months(&self) -> Vec<YearMonth> {
        let last = self.last_month();
        (0..12).rev().filter_map(|i| last.plus(-i)).collect()
    }

    /// The canonical text: `2026-09`, `2026-Q3`, `2026-H1`, `2026-9M`, `2026`.
    pub fn label(&self) -> String {
        let y = self.first.year;
        match self.kind {
            PeriodKind::Month => self.first.to_string(),
            PeriodKind::Quarter => format!("{y:04}-Q{}", (self.first.month - 1) / 3 + 1),
            PeriodKind::Half => format!("{y:04}-H{}", (self.first.month - 1) / 6 + 1),
            PeriodKind::NineMonths => format!("{y:04}-9M"),
            PeriodKind::Year => format!("{y:04}"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

impl FromStr for Period {
    type Err = IndexError;
    fn from_str(s: &str) -> Result<Self, IndexError> {
        Period::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}
