//! Hand-computed scenarios of indicator 2.1 for dossiers without an appointment (imported
//! history): the statutory limit in its unit, supplement waiting left out. Office hours
//! 08:00–12:00 and 13:30–17:00 (7.5 h a working day); October 2026 has no public holiday;
//! 5 October is a Monday.

use time::Duration;
use time::macros::datetime;

use super::testkit::*;
use super::*;
use crate::dossier::ActionKind::*;
use crate::procedure::TimeUnit;

#[test]
fn supplement_waiting_is_subtracted_without_an_appointment() {
    // Limit 3 working days, no appointment recorded (imported). Received Mon 5 Oct 08:00.
    // Until the request on Tue 6 Oct 08:00: 4 h + 3.5 h = 1 working day used.
    // Waiting Tue 6 Oct 08:00 → Mon 12 Oct 08:00 does not count.
    // 2 days left: Mon 12 and Tue 13 Oct, used up Tue 17:00; nothing counts before Wed 08:00,
    // so ending Wed 14 Oct 08:00 uses exactly 3 days (on time) and 08:01 is 1 minute over.
    let cal = calendar();
    let h = |id| header(id, 1, 3, TimeUnit::WorkingDays);
    let with_wait = |id, end| {
        DossierFacts::from_events(
            h(id),
            &[
                ev(Receive, datetime!(2026-10-05 08:00 +7)),
                ev(RequestSupplement, datetime!(2026-10-06 08:00 +7)),
                ev(CompleteSupplement, datetime!(2026-10-12 08:00 +7)),
                ev(MarkProcessed, end),
            ],
            &cal,
        )
    };
    let a = with_wait(1, datetime!(2026-10-14 08:00 +7));
    let b = with_wait(2, datetime!(2026-10-14 08:01 +7));
    let late_evening = with_wait(3, datetime!(2026-10-13 17:30 +7));
    // Without the supplement the 3 days end Wed 7 Oct 17:00 (deadline Thu 8 Oct 08:00): ending
    // Wed 14 Oct 08:01 is 6 days and 1 minute after it.
    let c = DossierFacts::from_events(
        h(4),
        &[
            ev(Receive, datetime!(2026-10-05 08:00 +7)),
            ev(MarkProcessed, datetime!(2026-10-14 08:01 +7)),
        ],
        &cal,
    );
    let oct = period("2026-10");
    assert!(judge(&a, &oct, oct.to()).unwrap().on_time);
    assert!(
        judge(&late_evening, &oct, oct.to()).unwrap().on_time,
        "17:30 adds no office time"
    );
    assert_eq!(
        judge(&b, &oct, oct.to()).unwrap().reason,
        Some(LateReason::EndedOverStatutoryLimit {
            deadline: datetime!(2026-10-14 08:00 +7),
            by: Duration::minutes(1)
        })
    );
    assert_eq!(
        judge(&c, &oct, oct.to()).unwrap().reason,
        Some(LateReason::EndedOverStatutoryLimit {
            deadline: datetime!(2026-10-08 08:00 +7),
            by: Duration::days(6) + Duration::minutes(1)
        })
    );
    assert_eq!(both(&[a, b, late_evening, c], &oct), Tally::new(2, 4));
}

#[test]
fn a_limit_used_up_just_as_the_clock_stops_waits_for_the_supplement() {
    // 1 working day from Mon 5 Oct 08:00 is used up at 17:00, exactly when the supplement is
    // requested; the wait lasts until Wed 7 Oct 10:00 and time counts again from then, so the
    // deadline is Wed 10:00 (not Tue 08:00, the next opening).
    let cal = calendar();
    let ending = |id, end| {
        DossierFacts::from_events(
            header(id, 1, 1, TimeUnit::WorkingDays),
            &[
                ev(Receive, datetime!(2026-10-05 08:00 +7)),
                ev(RequestSupplement, datetime!(2026-10-05 17:00 +7)),
                ev(CompleteSupplement, datetime!(2026-10-07 10:00 +7)),
                ev(MarkProcessed, end),
            ],
            &cal,
        )
    };
    let oct = period("2026-10");
    let on_time = ending(1, datetime!(2026-10-07 10:00 +7));
    let late = ending(2, datetime!(2026-10-07 10:01 +7));
    assert!(judge(&on_time, &oct, oct.to()).unwrap().on_time);
    assert_eq!(
        judge(&late, &oct, oct.to()).unwrap().reason,
        Some(LateReason::EndedOverStatutoryLimit {
            deadline: datetime!(2026-10-07 10:00 +7),
            by: Duration::minutes(1)
        })
    );
    // While it waited, it stayed within its deadline whatever the date.
    assert_eq!(
        on_time.segment_at(datetime!(2026-10-06 12:00 +7)).unwrap().deadline,
        None
    );
}

#[test]
fn calendar_days_and_months_limits_count_clock_time_minus_waiting() {
    // 10 days: received Thu 1 Oct 10:00, waiting Sat 3 Oct 10:00 → Mon 5 Oct 10:00 (2 days),
    // ended Tue 13 Oct 10:00: 12 days − 2 = 10 → on time; 10:01 → 1 minute over.
    let cal = calendar();
    let days = |id, end| {
        DossierFacts::from_events(
            header(id, 1, 10, TimeUnit::Days),
            &[
                ev(Receive, datetime!(2026-10-01 10:00 +7)),
                ev(RequestSupplement, datetime!(2026-10-03 10:00 +7)),
                ev(CompleteSupplement, datetime!(2026-10-05 10:00 +7)),
                ev(Stop, end),
            ],
            &cal,
        )
    };
    // 1 calendar month: received 15 Oct 10:00, limit ends 15 Nov 10:00.
    let month = |id, end| {
        DossierFacts::from_events(
            header(id, 1, 1, TimeUnit::Months),
            &[ev(Receive, datetime!(2026-10-15 10:00 +7)), ev(MarkProcessed, end)],
            &cal,
        )
    };
    let q4 = period("2026-Q4");
    let all = [
        days(1, datetime!(2026-10-13 10:00 +7)),
        days(2, datetime!(2026-10-13 10:01 +7)),
        month(3, datetime!(2026-11-15 10:00 +7)),
        month(4, datetime!(2026-11-15 10:01 +7)),
    ];
    let verdicts: Vec<bool> = all.iter().map(|f| judge(f, &q4, q4.to()).unwrap().on_time).collect();
    assert_eq!(verdicts, [true, false, true, false]);
    assert_eq!(both(&all, &q4), Tally::new(2, 4));
}
