//! Public holidays: generated from the Labour Code 2019 (art. 112) for any year, then
//! corrected by the yearly table an administrator keeps (the official Tết window, the day
//! next to National Day, extra days off, swapped working Saturdays).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

use super::lunar::{LunarDate, VIETNAM_TZ, lunar_to_solar};

/// Why a day is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// A holiday of the Labour Code.
    Statutory,
    /// The working day that replaces a holiday falling on a weekend.
    Compensatory,
    /// A day off decided for this year (administrator's table).
    Extra,
}

/// A day off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    pub date: Date,
    pub name: String,
    pub kind: HolidayKind,
}

/// One line of the yearly table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideKind {
    /// An extra day off (e.g. a decided bridge day).
    DayOff,
    /// A weekend day worked in exchange for a day off.
    WorkingDay,
    /// A generated holiday that does not apply this year (replaced by another day).
    NotHoliday,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarOverride {
    pub date: Date,
    pub kind: OverrideKind,
    #[serde(default)]
    pub name: String,
}

pub fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

fn date(year: i32, month: u8, day: u8) -> Option<Date> {
    Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()
}

fn lunar(year: i32, month: u8, day: u8) -> Option<Date> {
    let (y, m, d) = lunar_to_solar(
        LunarDate {
            year,
            month,
            day,
            leap: false,
        },
        VIETNAM_TZ,
    )?;
    date(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// The holidays the law gives in `year`, before compensation and corrections:
/// 1 January; Tết (the last day of the lunar year and the first four of the new one, the
/// usual government choice); Hùng Kings (10/3 lunar); 30 April; 1 May; 2 September and the
/// day before it (the adjacent day is decided yearly; correct it in the table).
pub fn statutory(year: i32) -> Vec<Holiday> {
    let mut out = Vec::new();
    let mut push = |d: Option<Date>, name: &str| {
        if let Some(date) = d {
            out.push(Holiday {
                date,
                name: name.to_owned(),
                kind: HolidayKind::Statutory,
            });
        }
    };
    push(date(year, 1, 1), "Tết Dương lịch");
    if let Some(tet) = lunar(year, 1, 1) {
        push(Some(tet - Duration::days(1)), "Tết Nguyên đán (Giao thừa)");
        for i in 0..4 {
            push(Some(tet + Duration::days(i)), "Tết Nguyên đán");
        }
    }
    push(lunar(year, 3, 10), "Giỗ Tổ Hùng Vương");
    push(date(year, 4, 30), "Ngày Chiến thắng");
    push(date(year, 5, 1), "Ngày Quốc tế Lao động");
    push(date(year, 9, 1), "Quốc khánh (ngày liền kề)");
    push(date(year, 9, 2), "Quốc khánh");
    out.sort_by_key(|h| h.date);
    out
}

/// The days off of `year`: the law's holidays, a compensatory working day for each that
/// falls on a weekend, then the year's corrections applied in order.
pub fn days_off(year: i32, corrections: &[CalendarOverride]) -> BTreeMap<Date, Holiday> {
    let mut off: BTreeMap<Date, Holiday> = statutory(year).into_iter().map(|h| (h.date, h)).collect();
    let on_weekend: Vec<Holiday> = off.values().filter(|h| is_weekend(h.date)).cloned().collect();
    for h in on_weekend {
        let mut d = h.date + Duration::days(1);
        while is_weekend(d) || off.contains_key(&d) {
            d += Duration::days(1);
        }
        off.insert(
            d,
            Holiday {
                date: d,
                name: format!("Nghỉ bù {}", h.name),
                kind: HolidayKind::Compensatory,
            },
        );
    }
    for c in corrections.iter().filter(|c| c.date.year() == year) {
        match c.kind {
            OverrideKind::DayOff => {
                off.insert(
                    c.date,
                    Holiday {
                        date: c.date,
                        name: c.name.clone(),
                        kind: HolidayKind::Extra,
                    },
                );
            }
            OverrideKind::NotHoliday | OverrideKind::WorkingDay => {
                off.remove(&c.date);
            }
        }
    }
    off
}
