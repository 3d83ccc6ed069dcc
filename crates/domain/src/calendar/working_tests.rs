use proptest::prelude::*;
use time::macros::{date, datetime};
use time::{Date, Duration, OffsetDateTime};

use super::*;
use crate::procedure::TimeUnit;

fn cal() -> WorkingCalendar {
    WorkingCalendar::new(Vec::new(), OfficeHours::default())
}

fn off_days(year: i32) -> Vec<(Date, HolidayKind)> {
    cal().holidays(year).into_iter().map(|h| (h.date, h.kind)).collect()
}

#[test]
fn holidays_2026_as_the_law_and_the_spec_say() {
    let days = off_days(2026);
    for d in [
        date!(2026 - 01 - 01),
        date!(2026 - 02 - 16),
        date!(2026 - 02 - 20),
        date!(2026 - 04 - 30),
        date!(2026 - 05 - 01),
        date!(2026 - 09 - 02),
    ] {
        assert!(days.iter().any(|(x, _)| *x == d), "{d} should be off");
    }
    assert!(
        days.contains(&(date!(2026 - 04 - 26), HolidayKind::Statutory)),
        "Giỗ Tổ is Sunday 26 April"
    );
    assert!(
        days.contains(&(date!(2026 - 04 - 27), HolidayKind::Compensatory)),
        "compensated on Monday 27 April"
    );
    let c = cal();
    assert!(!c.is_working_day(date!(2026 - 02 - 18)));
    assert!(c.is_working_day(date!(2026 - 02 - 23)));
    assert_eq!(
        days.iter().filter(|(_, k)| *k == HolidayKind::Statutory).count(),
        11,
        "11 paid holidays"
    );
}

#[test]
fn the_yearly_table_corrects_the_law() {
    // 2024: National Day was 2–3 September; a Saturday was worked to bridge a gap.
    let table = vec![
        CalendarOverride {
            date: date!(2024 - 09 - 01),
            kind: OverrideKind::NotHoliday,
            name: String::new(),
        },
        CalendarOverride {
            date: date!(2024 - 09 - 03),
            kind: OverrideKind::DayOff,
            name: "Quốc khánh (ngày liền kề)".into(),
        },
        CalendarOverride {
            date: date!(2024 - 05 - 04),
            kind: OverrideKind::WorkingDay,
            name: "Làm bù".into(),
        },
    ];
    let c = WorkingCalendar::new(table, OfficeHours::default());
    assert!(!c.is_working_day(date!(2024 - 09 - 03)));
    assert!(c.is_working_day(date!(2024 - 05 - 04)), "a swapped Saturday is worked");
    assert!(c.holidays(2024).iter().all(|h| h.date != date!(2024 - 09 - 01)));
}

#[test]
fn working_days_skip_weekends_and_tet() {
    let c = cal();
    let due = c.due(datetime!(2026-02-09 10:00 +7), 5, TimeUnit::WorkingDays);
    assert_eq!(due, datetime!(2026-02-23 10:00 +7), "Tết week 16–20 Feb does not count");
    let due = c.due(datetime!(2026-04-24 09:00 +7), 1, TimeUnit::WorkingDays);
    assert_eq!(
        due,
        datetime!(2026-04-28 09:00 +7),
        "Sunday Giỗ Tổ is compensated on Monday"
    );
}

#[test]
fn outside_office_hours_counts_from_the_next_opening() {
    let c = cal();
    assert_eq!(
        c.due(datetime!(2026-03-06 17:30 +7), 1, TimeUnit::WorkingDays),
        datetime!(2026-03-10 08:00 +7)
    );
    assert_eq!(
        c.due(datetime!(2026-03-07 10:00 +7), 1, TimeUnit::WorkingDays),
        datetime!(2026-03-10 08:00 +7),
        "Saturday"
    );
    assert_eq!(
        c.due(datetime!(2026-03-09 12:45 +7), 4, TimeUnit::Hours),
        datetime!(2026-03-10 08:30 +7),
        "lunch break"
    );
    // A UTC instant is read in Vietnam time: 2026-03-09 02:00Z is 09:00 in Hà Nội.
    assert_eq!(
        c.due(datetime!(2026-03-09 02:00 UTC), 2, TimeUnit::Hours),
        datetime!(2026-03-09 11:00 +7)
    );
    let prev = WorkingCalendar::new(
        Vec::new(),
        OfficeHours {
            outside_hours: OutsideHours::PreviousClose,
            ..OfficeHours::default()
        },
    );
    assert_eq!(
        prev.due(datetime!(2026-03-06 17:30 +7), 1, TimeUnit::WorkingDays),
        datetime!(2026-03-09 17:00 +7)
    );
}

#[test]
fn calendar_days_and_months_end_on_a_working_day() {
    let c = cal();
    // 15 days from Friday 2026-03-13 10:00 is Saturday 28 March: the period ends Monday 30 at closing.
    assert_eq!(
        c.due(datetime!(2026-03-13 10:00 +7), 15, TimeUnit::Days),
        datetime!(2026-03-30 17:00 +7)
    );
    assert_eq!(
        c.due(datetime!(2026-01-30 10:00 +7), 1, TimeUnit::Months),
        datetime!(2026-03-02 17:00 +7),
        "28 Feb is Saturday"
    );
    // 31 March + 1 month = 30 April, a holiday; 1 May too, then a weekend: Monday 4 May.
    assert_eq!(
        c.due(datetime!(2026-03-31 10:00 +7), 1, TimeUnit::Months),
        datetime!(2026-05-04 17:00 +7)
    );
}

fn instant() -> impl Strategy<Value = OffsetDateTime> {
    // Any minute between 1990 and 2100.
    (0i64..(110 * 365 * 24 * 60)).prop_map(|m| datetime!(1990-01-01 00:00 +7) + Duration::minutes(m))
}

fn in_office(c: &WorkingCalendar, t: OffsetDateTime) -> bool {
    let t = t.to_offset(VIETNAM);
    c.is_working_day(t.date()) && c.office.periods.iter().any(|(a, b)| *a <= t.time() && t.time() <= *b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn working_day_deadlines_over_a_century(start in instant(), n in 1u32..60) {
        let c = cal();
        let due = c.due(start, n, TimeUnit::WorkingDays);
        prop_assert!(due > start);
        prop_assert!(in_office(&c, due), "{due} is not inside office hours");
        // Exactly n working days lie after the counting start up to the due day.
        let from = c.counting_start(start).date();
        let mut d = from;
        let mut count = 0;
        while d < due.date() {
            d += Duration::days(1);
            if c.is_working_day(d) { count += 1; }
        }
        prop_assert_eq!(count, n);
        // Splitting the limit changes nothing.
        let k = n / 2;
        if k > 0 {
            let half = c.due(start, k, TimeUnit::WorkingDays);
            prop_assert_eq!(c.due(half, n - k, TimeUnit::WorkingDays), due);
        }
    }

    #[test]
    fn every_year_has_tet_and_eleven_paid_holidays(year in 1951i32..2149) {
        let c = cal();
        let hs = c.holidays(year);
        prop_assert_eq!(hs.iter().filter(|h| h.kind == HolidayKind::Statutory).count(), 11);
        prop_assert!(hs.iter().all(|h| !c.is_working_day(h.date)));
        let tet: Vec<_> = hs.iter().filter(|h| h.name.starts_with("Tết Nguyên đán")).collect();
        prop_assert_eq!(tet.len(), 5);
        prop_assert!(tet.windows(2).all(|w| w[1].date - w[0].date == Duration::days(1)));
        // Every compensatory day is a weekday following a weekend holiday.
        for h in hs.iter().filter(|h| h.kind == HolidayKind::Compensatory) {
            prop_assert!(!holidays::is_weekend(h.date));
        }
    }
}
