//! The month counters give exactly what judging every dossier gives, for arbitrary histories
//! (including ones the engine would refuse) and periods, at a period's end and live.

use proptest::prelude::*;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::testkit::*;
use super::*;
use crate::dossier::ActionKind;
use crate::procedure::TimeUnit;

const KINDS: [ActionKind; 11] = [
    ActionKind::Receive,
    ActionKind::RequestSupplement,
    ActionKind::CompleteSupplement,
    ActionKind::ApologiseExtend,
    ActionKind::MarkProcessed,
    ActionKind::ReturnResult,
    ActionKind::Refuse,
    ActionKind::Stop,
    ActionKind::Withdraw,
    ActionKind::Forward,
    ActionKind::HandOver,
];

/// 1 January 2025, 00:00 in Vietnam; the generated instants span three years from it.
const ORIGIN: OffsetDateTime = datetime!(2025-01-01 00:00 +7);

/// An instant: often exactly on a month boundary or one second from it, else any minute.
fn instant() -> impl Strategy<Value = OffsetDateTime> {
    prop_oneof![
        (0i64..36, -1i64..=1).prop_map(|(m, s)| {
            let start = YearMonth::of(ORIGIN).plus(m).unwrap().start().unwrap();
            start + Duration::seconds(s)
        }),
        (0i64..3 * 366 * 24 * 60).prop_map(|minutes| ORIGIN + Duration::minutes(minutes)),
    ]
}

fn event() -> impl Strategy<Value = DossierEvent> {
    (0..KINDS.len(), instant(), proptest::option::of(instant())).prop_map(|(k, at, appointment)| DossierEvent {
        at,
        kind: KINDS[k],
        appointment,
    })
}

/// A plausible life (receipt first, appointment later) or an arbitrary jumble.
fn history() -> impl Strategy<Value = Vec<DossierEvent>> {
    prop_oneof![
        (instant(), 1i64..60 * 24 * 40, proptest::collection::vec(event(), 0..5)).prop_map(|(at, span, mut rest)| {
            rest.insert(
                0,
                DossierEvent {
                    at,
                    kind: ActionKind::Receive,
                    appointment: Some(at + Duration::minutes(span)),
                },
            );
            rest
        }),
        proptest::collection::vec(event(), 0..8),
    ]
}

fn unit() -> impl Strategy<Value = TimeUnit> {
    prop_oneof![
        Just(TimeUnit::WorkingDays),
        Just(TimeUnit::Hours),
        Just(TimeUnit::Days),
        Just(TimeUnit::Months)
    ]
}

fn dossiers() -> impl Strategy<Value = Vec<(Vec<DossierEvent>, u32, TimeUnit)>> {
    proptest::collection::vec((history(), 1u32..20, unit()), 0..25)
}

fn any_period() -> impl Strategy<Value = Period> {
    (2025i32..=2027, 0usize..5, 1u8..=12).prop_map(|(y, kind, m)| {
        let text = match kind {
            0 => format!("{y}-{m:02}"),
            1 => format!("{y}-Q{}", (m - 1) / 3 + 1),
            2 => format!("{y}-H{}", (m - 1) / 6 + 1),
            3 => format!("{y}-9M"),
            _ => format!("{y}"),
        };
        Period::parse(&text).unwrap()
    })
}

fn build(all: &[(Vec<DossierEvent>, u32, TimeUnit)], before: Option<OffsetDateTime>) -> Vec<DossierFacts> {
    let cal = calendar();
    all.iter()
        .enumerate()
        .map(|(i, (events, value, unit))| {
            let kept: Vec<DossierEvent> = events
                .iter()
                .filter(|e| before.is_none_or(|b| e.at < b))
                .cloned()
                .collect();
            let id = i64::try_from(i).unwrap();
            DossierFacts::from_events(header(id, 1, *value, *unit), &kept, &cal)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A period that is over: the counters hold every event, even those after the period.
    #[test]
    fn counters_equal_dossier_by_dossier_at_the_period_end(
        all in dossiers(),
        p in any_period(),
        later in 0i64..400,
    ) {
        let facts = build(&all, None);
        let at = p.to() + Duration::days(later);
        prop_assert_eq!(score_2_1(&counters(&facts), &p, Judging::AtPeriodEnd), judged_tally(&facts, &p, at));
    }

    /// A running period judged "now": the counters hold the events before now, and the
    /// storage counts the open dossiers already past their deadline.
    #[test]
    fn counters_equal_dossier_by_dossier_live(
        all in dossiers(),
        p in any_period(),
        permille in 0i64..1000,
        second in 0i64..60,
    ) {
        let span = (p.to() - p.from()).whole_seconds();
        let now = p.from() + Duration::seconds(span / 1000 * permille + second);
        let known = build(&all, Some(now));
        let overdue_open = known
            .iter()
            .filter(|f| f.is_open_at(now) && f.within_until().is_some_and(|t| t < now))
            .count();
        let judging = Judging::for_now(&p, now, u64::try_from(overdue_open).unwrap());
        // Judged from what was known then (an imported "processed" after a refusal moves the
        // end later, so the whole history may say otherwise).
        prop_assert_eq!(score_2_1(&counters(&known), &p, judging), judged_tally(&known, &p, now));
    }

    /// Applying each event's change, as the storage does, ends with the final contribution.
    #[test]
    fn incremental_changes_add_up_to_the_final_counters(events in history(), p in any_period()) {
        let cal = calendar();
        let mut sorted = events.clone();
        sorted.sort_by_key(|e| e.at);
        let mut table = AgencyCounters::default();
        let mut previous = Contribution::default();
        for n in 0..=sorted.len() {
            let f = DossierFacts::from_events(header(1, 7, 5, TimeUnit::WorkingDays), &sorted[..n], &cal);
            let next = contribution(&f);
            table.apply(&changes(&previous, &next));
            previous = next;
        }
        let whole = DossierFacts::from_events(header(1, 7, 5, TimeUnit::WorkingDays), &events, &cal);
        let direct = counters(std::slice::from_ref(&whole));
        let rolled = table.roll_up(&[crate::ids::AgencyId(7)].into());
        prop_assert_eq!(score_2_1(&rolled, &p, Judging::AtPeriodEnd), score_2_1(&direct, &p, Judging::AtPeriodEnd));
        prop_assert_eq!(rolled.months.into_iter().filter(|(_, c)| !c.is_zero()).collect::<Vec<_>>(),
            direct.months.into_iter().collect::<Vec<_>>());
    }
}
