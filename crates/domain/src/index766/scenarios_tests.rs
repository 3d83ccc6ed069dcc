//! Hand-computed scenarios of indicator 2.1. Office hours 08:00–12:00 and 13:30–17:00
//! (7.5 h a working day); October 2026 has no public holiday; 5 October is a Monday.
//! Every scenario also checks that the month counters give what the dossiers give one by one.

use std::collections::BTreeMap;

use time::Duration;
use time::macros::datetime;

use super::testkit::*;
use super::*;
use crate::dossier::ActionKind::*;
use crate::ids::AgencyId;

#[test]
fn ending_at_the_appointment_minute_is_on_time_and_one_minute_later_is_late() {
    // Received Mon 5 Oct 09:00, appointment Fri 9 Oct 16:00.
    // A ends 16:00: end == appointment → on time. B ends 16:01 → late by 60 s.
    let due = datetime!(2026-10-09 16:00 +7);
    let received = datetime!(2026-10-05 09:00 +7);
    let a = facts_of(1, 1, &[ev_due(Receive, received, due), ev(MarkProcessed, due)]);
    let b = facts_of(
        2,
        1,
        &[
            ev_due(Receive, received, due),
            ev(MarkProcessed, due + Duration::minutes(1)),
        ],
    );
    let oct = period("2026-10");
    let ja = judge(&a, &oct, oct.to()).unwrap();
    assert!(ja.on_time && ja.finished && ja.reason.is_none());
    let jb = judge(&b, &oct, oct.to()).unwrap();
    assert!(!jb.on_time);
    assert_eq!(
        jb.reason,
        Some(LateReason::EndedAfterAppointment {
            appointment: due,
            by: Duration::seconds(60)
        })
    );
    // 2 received in October, 1 ended within: 1/2.
    let json = serde_json::to_value(jb).unwrap();
    assert_eq!(json["reason"]["kind"], "ended_after_appointment");
    assert_eq!(json["reason"]["by_seconds"], 60);
    assert_eq!(both(&[a, b], &oct), Tally::new(1, 2));
}

#[test]
fn a_second_supplement_request_makes_the_dossier_overdue_whatever_the_dates() {
    // Both processed Mon 12 Oct, long before any appointment (30 Oct at the latest).
    let r = datetime!(2026-10-05 09:00 +7);
    let once = facts_of(
        1,
        1,
        &[
            ev_due(Receive, r, datetime!(2026-10-26 17:00 +7)),
            ev(RequestSupplement, datetime!(2026-10-06 09:00 +7)),
            ev_due(
                CompleteSupplement,
                datetime!(2026-10-07 09:00 +7),
                datetime!(2026-10-28 09:00 +7),
            ),
            ev(MarkProcessed, datetime!(2026-10-12 10:00 +7)),
        ],
    );
    let twice = facts_of(
        2,
        1,
        &[
            ev_due(Receive, r, datetime!(2026-10-26 17:00 +7)),
            ev(RequestSupplement, datetime!(2026-10-06 09:00 +7)),
            ev_due(
                CompleteSupplement,
                datetime!(2026-10-07 09:00 +7),
                datetime!(2026-10-28 09:00 +7),
            ),
            ev(RequestSupplement, datetime!(2026-10-08 09:00 +7)),
            ev_due(
                CompleteSupplement,
                datetime!(2026-10-09 09:00 +7),
                datetime!(2026-10-30 09:00 +7),
            ),
            ev(MarkProcessed, datetime!(2026-10-12 10:00 +7)),
        ],
    );
    let oct = period("2026-10");
    assert!(judge(&once, &oct, oct.to()).unwrap().on_time);
    let j = judge(&twice, &oct, oct.to()).unwrap();
    assert!(!j.on_time);
    assert_eq!(j.reason, Some(LateReason::TooManySupplementRequests { count: 2 }));
    assert_eq!(both(&[once, twice], &oct), Tally::new(1, 2));
}

#[test]
fn unfinished_dossiers_are_judged_at_the_period_end_by_their_appointment() {
    let oct = period("2026-10");
    let end = datetime!(2026-11-01 00:00 +7);
    assert_eq!(oct.to(), end);
    let a = facts_of(
        1,
        1,
        &[ev_due(
            Receive,
            datetime!(2026-10-20 09:00 +7),
            datetime!(2026-11-03 17:00 +7),
        )],
    );
    let b = facts_of(
        2,
        1,
        &[ev_due(
            Receive,
            datetime!(2026-10-01 09:00 +7),
            datetime!(2026-10-30 17:00 +7),
        )],
    );
    let c = facts_of(3, 1, &[ev_due(Receive, datetime!(2026-10-01 09:00 +7), end)]);
    let ja = judge(&a, &oct, end).unwrap();
    assert!(ja.on_time && !ja.finished && ja.judged_at == end);
    // B: 30 Oct 17:00 → 1 Nov 00:00 is 24 h + 7 h = 31 h past its appointment.
    assert_eq!(
        judge(&b, &oct, end).unwrap().reason,
        Some(LateReason::UnfinishedPastAppointment {
            appointment: datetime!(2026-10-30 17:00 +7),
            by: Duration::hours(31)
        })
    );
    // C: an appointment at exactly the period end has not passed yet.
    assert!(judge(&c, &oct, end).unwrap().on_time);
    // 3 received, 2 open and within on 1 Nov 00:00.
    assert_eq!(both(&[a, b, c], &oct), Tally::new(2, 3));
}

#[test]
fn a_dossier_ending_after_the_period_is_judged_at_its_end_then_again_when_it_ends() {
    // D: appointment 27 Oct 17:00, processed 5 Nov 10:00. E: appointment 10 Nov 17:00,
    // processed 12 Nov 09:00.
    let d = facts_of(
        1,
        1,
        &[
            ev_due(Receive, datetime!(2026-10-20 09:00 +7), datetime!(2026-10-27 17:00 +7)),
            ev(MarkProcessed, datetime!(2026-11-05 10:00 +7)),
        ],
    );
    let e = facts_of(
        2,
        1,
        &[
            ev_due(Receive, datetime!(2026-10-20 09:00 +7), datetime!(2026-11-10 17:00 +7)),
            ev(MarkProcessed, datetime!(2026-11-12 09:00 +7)),
        ],
    );
    let (oct, nov, q4) = (period("2026-10"), period("2026-11"), period("2026-Q4"));
    // October: D past its appointment on 1 Nov 00:00, E still within.
    assert!(!judge(&d, &oct, oct.to()).unwrap().on_time);
    assert!(judge(&e, &oct, oct.to()).unwrap().on_time);
    assert_eq!(both(&[d.clone(), e.clone()], &oct), Tally::new(1, 2));
    // November: both carried over and ended late. D: 27 Oct 17:00 → 5 Nov 10:00 = 8 d 17 h.
    // E: 10 Nov 17:00 → 12 Nov 09:00 = 40 h.
    assert_eq!(
        judge(&d, &nov, nov.to()).unwrap().reason,
        Some(LateReason::EndedAfterAppointment {
            appointment: datetime!(2026-10-27 17:00 +7),
            by: Duration::hours(8 * 24 + 17)
        })
    );
    assert_eq!(
        judge(&e, &nov, nov.to()).unwrap().reason,
        Some(LateReason::EndedAfterAppointment {
            appointment: datetime!(2026-11-10 17:00 +7),
            by: Duration::hours(40)
        })
    );
    assert_eq!(both(&[d.clone(), e.clone()], &nov), Tally::new(0, 2));
    // The quarter sees both received and ended late once: 0/2.
    assert_eq!(both(&[d, e], &q4), Tally::new(0, 2));
}

#[test]
fn dossiers_open_when_the_period_begins_are_carried_over() {
    let f = facts_of(
        1,
        1,
        &[
            ev_due(Receive, datetime!(2026-09-25 09:00 +7), datetime!(2026-10-06 17:00 +7)),
            ev(MarkProcessed, datetime!(2026-10-05 10:00 +7)),
        ],
    );
    let g = facts_of(
        2,
        1,
        &[
            ev_due(Receive, datetime!(2026-09-20 09:00 +7), datetime!(2026-09-30 17:00 +7)),
            ev(MarkProcessed, datetime!(2026-09-28 10:00 +7)),
        ],
    );
    // H ends at exactly 1 Oct 00:00: not "ended when October began", so carried over.
    let h = facts_of(
        3,
        1,
        &[
            ev_due(Receive, datetime!(2026-09-30 09:00 +7), datetime!(2026-10-02 17:00 +7)),
            ev(MarkProcessed, datetime!(2026-10-01 00:00 +7)),
        ],
    );
    let i = facts_of(
        4,
        1,
        &[ev_due(
            Receive,
            datetime!(2026-09-15 09:00 +7),
            datetime!(2026-09-25 17:00 +7),
        )],
    );
    let oct = period("2026-10");
    assert!(judge(&g, &oct, oct.to()).is_none(), "ended in September");
    assert!(judge(&f, &oct, oct.to()).unwrap().on_time);
    assert!(judge(&h, &oct, oct.to()).unwrap().on_time);
    assert!(!judge(&i, &oct, oct.to()).unwrap().on_time);
    // Received in October 0 + open on 1 Oct (F, H, I) 3; F and H ended within: 2/3.
    assert_eq!(both(&[f, g, h, i], &oct), Tally::new(2, 3));
}

#[test]
fn refused_stopped_withdrawn_and_returned_dossiers_end_at_the_right_instant() {
    let r = datetime!(2026-10-05 09:00 +7);
    let due = datetime!(2026-10-09 17:00 +7);
    let refused = facts_of(
        1,
        1,
        &[ev_due(Receive, r, due), ev(Refuse, datetime!(2026-10-06 10:00 +7))],
    );
    let stopped = facts_of(
        2,
        1,
        &[ev_due(Receive, r, due), ev(Stop, datetime!(2026-10-12 10:00 +7))],
    );
    // Withdrawn while the applicant was asked for a supplement (appointment 7 Oct 17:00): the
    // clock stopped at the request on 6 Oct 09:00, so the withdrawal on 20 Oct is on time.
    let withdrawn = facts_of(
        3,
        1,
        &[
            ev_due(Receive, r, datetime!(2026-10-07 17:00 +7)),
            ev(RequestSupplement, datetime!(2026-10-06 09:00 +7)),
            ev(Withdraw, datetime!(2026-10-20 09:00 +7)),
        ],
    );
    // Processed 9 Oct 16:00 and returned 12 Oct: the end is "processed".
    let processed = facts_of(
        4,
        1,
        &[
            ev_due(Receive, r, due),
            ev(MarkProcessed, datetime!(2026-10-09 16:00 +7)),
            ev(ReturnResult, datetime!(2026-10-12 09:00 +7)),
        ],
    );
    // Imported history with only a returned result, on 12 Oct: late.
    let returned = facts_of(
        5,
        1,
        &[
            ev_due(Receive, r, due),
            ev(ReturnResult, datetime!(2026-10-12 09:00 +7)),
        ],
    );
    // Withdrawn before it was received: not in the index.
    let never = facts_of(6, 1, &[ev(Withdraw, r)]);
    let kinds: Vec<_> = [&refused, &stopped, &withdrawn, &processed, &returned]
        .iter()
        .map(|f| f.end().unwrap().kind)
        .collect();
    assert_eq!(
        kinds,
        [
            EndKind::Refused,
            EndKind::Stopped,
            EndKind::Withdrawn,
            EndKind::Processed,
            EndKind::ResultReturned
        ]
    );
    assert_eq!(processed.end().unwrap().at, datetime!(2026-10-09 16:00 +7));
    let oct = period("2026-10");
    let verdicts: Vec<bool> = [&refused, &stopped, &withdrawn, &processed, &returned]
        .iter()
        .map(|f| judge(f, &oct, oct.to()).unwrap().on_time)
        .collect();
    assert_eq!(verdicts, [true, false, true, true, false]);
    assert!(judge(&never, &oct, oct.to()).is_none());
    assert_eq!(
        both(&[refused, stopped, withdrawn, processed, returned, never], &oct),
        Tally::new(3, 5)
    );
}

#[test]
fn period_boundaries_are_vietnam_local_time() {
    // 30 Sep 23:30 +07:00 is September; 1 Oct 00:00 +07:00 (30 Sep 17:00 UTC) is October.
    let due = datetime!(2026-11-20 17:00 +7);
    let x = facts_of(1, 1, &[ev_due(Receive, datetime!(2026-09-30 23:30 +7), due)]);
    let y = facts_of(2, 1, &[ev_due(Receive, datetime!(2026-09-30 17:00 UTC), due)]);
    let (sep, oct) = (period("2026-09"), period("2026-10"));
    assert_eq!(oct.from(), datetime!(2026-09-30 17:00 UTC));
    assert_eq!(YearMonth::of(x.received_at().unwrap()).to_string(), "2026-09");
    assert_eq!(YearMonth::of(y.received_at().unwrap()).to_string(), "2026-10");
    assert!(judge(&x, &sep, sep.to()).is_some());
    assert!(judge(&y, &sep, sep.to()).is_none());
    assert!(judge(&y, &oct, oct.to()).is_some());
    // September: X received, within on 1 Oct. October: X carried over, Y received, both within.
    assert_eq!(both(&[x.clone(), y.clone()], &sep), Tally::new(1, 1));
    assert_eq!(both(&[x, y], &oct), Tally::new(2, 2));
}

#[test]
fn a_province_adds_up_its_communes_and_a_commune_counts_only_its_own() {
    // Province 1 above communes 11 and 12 and department 13.
    let parents = BTreeMap::from([
        (AgencyId(11), AgencyId(1)),
        (AgencyId(12), AgencyId(1)),
        (AgencyId(13), AgencyId(1)),
    ]);
    let r = datetime!(2026-10-05 09:00 +7);
    let due = datetime!(2026-10-09 17:00 +7);
    let on_time = datetime!(2026-10-08 09:00 +7);
    let late = datetime!(2026-10-12 09:00 +7);
    let dossiers = [
        facts_of(1, 11, &[ev_due(Receive, r, due), ev(MarkProcessed, on_time)]),
        facts_of(2, 11, &[ev_due(Receive, r, due), ev(MarkProcessed, late)]),
        facts_of(3, 12, &[ev_due(Receive, r, due), ev(MarkProcessed, on_time)]),
    ];
    let mut table = AgencyCounters::default();
    for f in &dossiers {
        table.apply(&changes(&Contribution::default(), &contribution(f)));
    }
    let oct = period("2026-10");
    let score = |agency, scope| {
        let agencies = agencies_in_scope(AgencyId(agency), scope, &parents);
        score_2_1(&table.roll_up(&agencies), &oct, Judging::AtPeriodEnd)
    };
    // Commune 11: 1 of its 2. Commune 12: 1 of 1. Department 13: none. Province: 2 of 3.
    assert_eq!(score(11, Scope::OwnOnly), Tally::new(1, 2));
    assert_eq!(score(12, Scope::OwnOnly), Tally::new(1, 1));
    assert_eq!(score(13, Scope::OwnOnly), Tally::new(0, 0));
    assert_eq!(score(1, Scope::WithDescendants), Tally::new(2, 3));
    assert_eq!(score(1, Scope::OwnOnly), Tally::new(0, 0));
}
