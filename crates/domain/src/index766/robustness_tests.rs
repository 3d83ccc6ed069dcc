//! Histories no engine would write: the index still gives facts and verdicts, never a panic
//! or an endless walk.

use time::macros::datetime;
use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};

use super::testkit::*;
use super::*;
use crate::calendar::{OfficeHours, WorkingCalendar};
use crate::dossier::ActionKind::{self, *};
use crate::procedure::TimeUnit;

fn far(date: Date, offset: UtcOffset) -> OffsetDateTime {
    date.with_time(Time::MIDNIGHT).assume_offset(offset)
}

#[test]
fn extreme_instants_and_limits_give_facts_not_panics() {
    let ends = [
        far(Date::MIN, UtcOffset::UTC),
        far(Date::MAX, UtcOffset::UTC),
        far(Date::MAX, crate::calendar::VIETNAM),
    ];
    let kinds: [ActionKind; 6] = [
        Receive,
        RequestSupplement,
        CompleteSupplement,
        ApologiseExtend,
        Stop,
        MarkProcessed,
    ];
    let cal = calendar();
    let no_office = WorkingCalendar::new(Vec::new(), OfficeHours::default());
    let mut no_office = no_office;
    no_office.office.periods.clear();
    let oct = period("2026-10");
    for unit in [TimeUnit::WorkingDays, TimeUnit::Hours, TimeUnit::Days, TimeUnit::Months] {
        for value in [0, 1, 3650, u32::MAX] {
            for (i, at) in ends.iter().enumerate() {
                let with_due: Vec<DossierEvent> = kinds
                    .iter()
                    .map(|k| ev_due(*k, *at, ends[(i + 1) % ends.len()]))
                    .chain([ev(Receive, datetime!(2026-10-05 09:00 +7))])
                    .collect();
                let without: Vec<DossierEvent> = kinds.iter().map(|k| ev(*k, *at)).collect();
                for (c, events) in [
                    (&cal, &with_due),
                    (&no_office, &with_due),
                    (&cal, &without),
                    (&no_office, &without),
                ] {
                    let f = DossierFacts::from_events(header(1, 1, value, unit), events, c);
                    let _ = judge(&f, &oct, oct.to());
                    let _ = contribution(&f);
                    let _ = f.within_until();
                    let _ = f.processing_time();
                }
            }
        }
    }
}

#[test]
fn without_office_hours_a_working_day_limit_never_runs_out() {
    let mut cal = WorkingCalendar::new(Vec::new(), OfficeHours::default());
    cal.office.periods.clear();
    let f = DossierFacts::from_events(
        header(1, 1, 3, TimeUnit::WorkingDays),
        &[ev(Receive, datetime!(2026-10-05 09:00 +7))],
        &cal,
    );
    assert_eq!(f.within_until(), None);
}

#[test]
fn processing_time_leaves_out_supplement_waiting() {
    // Received 5 Oct 09:00, waited 6 Oct 09:00 → 8 Oct 09:00, processed 9 Oct 09:00:
    // 4 days − 2 days = 2 days.
    let f = facts_of(
        1,
        1,
        &[
            ev(Receive, datetime!(2026-10-05 09:00 +7)),
            ev(RequestSupplement, datetime!(2026-10-06 09:00 +7)),
            ev(CompleteSupplement, datetime!(2026-10-08 09:00 +7)),
            ev(MarkProcessed, datetime!(2026-10-09 09:00 +7)),
        ],
    );
    assert_eq!(f.processing_time(), Some(Duration::days(2)));
    assert_eq!(
        facts_of(2, 1, &[ev(Receive, datetime!(2026-10-05 09:00 +7))]).processing_time(),
        None
    );
}

#[test]
fn an_end_recorded_before_the_receipt_counts_at_the_receipt() {
    let r = datetime!(2026-10-05 09:00 +7);
    let f = facts_of(
        1,
        1,
        &[
            ev(Stop, datetime!(2026-10-01 09:00 +7)),
            ev_due(Receive, r, r + Duration::days(3)),
        ],
    );
    assert_eq!(f.end().unwrap().at, r);
    let oct = period("2026-10");
    assert!(judge(&f, &oct, oct.to()).unwrap().on_time);
    assert_eq!(both(&[f], &oct), Tally::new(1, 1));
}
