//! Time in the one-stop shop: the Vietnamese lunar calendar, public holidays generated from
//! the law and corrected by a yearly table, and deadlines counted in working time, always in
//! Vietnam local time (UTC+7, no daylight saving).

pub mod holidays;
pub mod lunar;
pub mod working;

pub use holidays::{CalendarOverride, Holiday, HolidayKind, OverrideKind};
pub use working::{OfficeHours, OutsideHours, VIETNAM, WorkingCalendar, add_months};

#[cfg(test)]
mod lunar_tests;
#[cfg(test)]
mod working_tests;
