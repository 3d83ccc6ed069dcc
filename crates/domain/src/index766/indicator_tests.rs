//! Hand-computed scores of the other indicators, the weights file, and the feedback facts.

use time::macros::datetime;

use super::testkit::period;
use super::*;
use crate::dossier::Timeliness;
use crate::feedback::Classification;
use crate::ids::{AgencyId, ReportId};

fn weights() -> Weights {
    Weights::embedded().unwrap()
}

fn score_of<'a>(r: &'a IndexResult, key: &str) -> &'a IndicatorScore {
    r.groups
        .iter()
        .flat_map(|g| &g.indicators)
        .find(|i| i.key == key)
        .unwrap()
}

fn index(inputs: &IndexInputs) -> IndexResult {
    compute_index(&weights(), AgencyId(1), &period("2026-Q3"), inputs)
}

fn f2(text: &str) -> Fixed2 {
    let r = Rational::parse(text).unwrap();
    r.to_fixed2().unwrap()
}

#[test]
fn the_weights_file_loads_with_the_known_weights_and_even_splits() {
    let w = weights();
    let groups: Vec<(&str, String)> = w.groups.iter().map(|g| (g.key.as_str(), g.max.to_string())).collect();
    assert_eq!(
        groups,
        [
            ("CKMB", "18".into()),
            ("TDGQ", "20".into()),
            ("CLGQ", "12".into()),
            ("TTTT", "10".into()),
            ("MDSH", "22".into()),
            ("MDHL", "18".into())
        ]
    );
    for (key, max) in [
        ("1.2", "4"),
        ("2.1", "20"),
        ("5.1", "5"),
        ("5.2", "5"),
        ("5.3", "2"),
        ("5.4", "6"),
    ] {
        let i = w.indicator(key).unwrap();
        assert!(i.official, "{key}");
        assert_eq!(i.max.to_string(), max);
    }
    // CKMB: (18 − 4) / 3 each for 1.1, 1.3, 1.4; MDSH: 22 / 5 each.
    assert_eq!(w.indicator("1.1").unwrap().max.to_string(), "14/3");
    assert!(!w.indicator("1.3").unwrap().official);
    assert_eq!(w.indicator("4.4").unwrap().max.to_string(), "22/5");
    assert!(
        w.groups
            .iter()
            .filter(|g| g.column_assumed)
            .map(|g| g.key.as_str())
            .eq(["CLGQ", "TTTT"])
    );
    let thresholds: Vec<(&str, u8)> = ["3.1", "3.3", "3.5", "4.2", "4.3", "5.4", "2.1"]
        .into_iter()
        .map(|k| (k, w.indicator(k).unwrap().threshold_percent))
        .collect();
    assert_eq!(
        thresholds,
        [
            ("3.1", 80),
            ("3.3", 50),
            ("3.5", 80),
            ("4.2", 80),
            ("4.3", 80),
            ("5.4", 90),
            ("2.1", 100)
        ]
    );
}

#[test]
fn a_weights_file_that_does_not_add_up_is_refused() {
    let broken = WEIGHTS_766_2022.replacen(
        "\"max\": \"4\", \"threshold_percent\": 100, \"official\": true",
        "\"max\": \"5\", \"threshold_percent\": 100, \"official\": true",
        1,
    );
    assert_ne!(broken, WEIGHTS_766_2022);
    let err = Weights::from_json(&broken).unwrap_err();
    assert_eq!(err.code(), "invalid_weights");
    assert!(err.to_string().contains("CKMB"), "{err}");
    let unknown = WEIGHTS_766_2022.replacen("\"key\": \"4.5\"", "\"key\": \"4.9\"", 1);
    assert!(Weights::from_json(&unknown).unwrap_err().to_string().contains("4.9"));
    let twice = WEIGHTS_766_2022.replacen("\"key\": \"4.5\"", "\"key\": \"4.4\"", 1);
    assert!(Weights::from_json(&twice).unwrap_err().to_string().contains("twice"));
    assert_eq!(Weights::from_json("{}").unwrap_err().code(), "invalid_weights");
}

#[test]
fn no_data_and_zero_denominators_show_na_and_score_nothing() {
    let none = index(&IndexInputs::default());
    assert_eq!(none.total, Fixed2(0));
    for i in none.groups.iter().flat_map(|g| &g.indicators) {
        assert_eq!(
            (i.numerator, i.denominator, i.rate, i.points),
            (None, None, None, Fixed2(0)),
            "{}",
            i.key
        );
    }
    let zero = index(&IndexInputs {
        on_time: Some(score_2_1(
            &MonthCounters::default(),
            &period("2026-Q3"),
            Judging::AtPeriodEnd,
        )),
        ..IndexInputs::default()
    });
    let s = score_of(&zero, "2.1");
    assert_eq!(
        (s.numerator, s.denominator, s.rate, s.points),
        (Some(0), Some(0), None, Fixed2(0))
    );
    let json = serde_json::to_value(s).unwrap();
    assert!(json["rate"].is_null());
}

#[test]
fn thresholds_of_80_50_and_100_percent() {
    let r = index(&IndexInputs {
        // 3.1 (max 4, 80 %): 6/10 = 60 % → 4 × 60/80 = 3.00.
        offered_online: Some(Tally::new(6, 10)),
        // 3.5 (max 5, 80 %): 9/10 = 90 % ≥ 80 % → 5.00.
        online_payment_integrated: Some(Tally::new(9, 10)),
        // 3.3 (max 4, 50 %): online 3/10 × synchronised 9/10 = 27 % → 4 × 27/50 = 2.16.
        online_dossiers: Some(Tally::new(3, 10)),
        synchronised: Some(Tally::new(9, 10)),
        // 1.1 (max 14/3, 100 %): 1/2 → 7/3 = 2.333… → 2.33.
        published_on_time: Some(Tally::new(1, 2)),
        // 4.2 (max 22/5, 80 %): 7/10 → 4.4 × 70/80 = 3.85.
        digitised: Some(Tally::new(7, 10)),
        // 4.3 (max 22/5, 80 %): exactly 80 % → 4.40.
        reused_data: Some(Tally::new(4, 5)),
        // 2.1 (max 20): 2/3 = 66.67 % → 13.33.
        on_time: Some(Tally::new(2, 3)),
        ..IndexInputs::default()
    });
    let got = |k| {
        let s = score_of(&r, k);
        (s.rate, s.points)
    };
    assert_eq!(got("3.1"), (Some(f2("60")), f2("3")));
    assert_eq!(got("3.5"), (Some(f2("90")), f2("5")));
    assert_eq!(got("3.3"), (Some(f2("27")), f2("2.16")));
    assert_eq!(got("1.1"), (Some(f2("50")), f2("2.33")));
    assert_eq!(got("4.2"), (Some(f2("70")), f2("3.85")));
    assert_eq!(got("4.3"), (Some(f2("80")), f2("4.4")));
    assert_eq!(got("2.1"), (Some(f2("66.67")), f2("13.33")));
    assert_eq!(score_of(&r, "3.3").parts.len(), 2);
    // 3.3 without a synchronisation rate is not made up.
    let alone = index(&IndexInputs {
        online_dossiers: Some(Tally::new(3, 10)),
        ..IndexInputs::default()
    });
    assert_eq!(score_of(&alone, "3.3").rate, None);
}

#[test]
fn satisfaction_5_4_is_100_percent_minus_overdue_and_feedback_rates() {
    // 200 dossiers, 180 on time (20 overdue = 10 %), 10 drew feedback (5 %):
    // 100 − 15 = 85 % < 90 % → 6 × 85/90 = 17/3 = 5.666… → 5.67.
    let r = index(&IndexInputs {
        on_time: Some(Tally::new(180, 200)),
        dossiers_with_feedback: Some(10),
        ..IndexInputs::default()
    });
    let s = score_of(&r, "5.4");
    assert_eq!((s.numerator, s.denominator), (Some(170), Some(200)));
    assert_eq!((s.rate, s.points), (Some(f2("85")), f2("5.67")));
    assert_eq!(s.exact_points, Rational::new(17, 3).unwrap());
    let parts: Vec<_> = s.parts.iter().map(|p| (p.key, p.numerator, p.rate)).collect();
    assert_eq!(
        parts,
        [("overdue", 20, Some(f2("10"))), ("drew_feedback", 10, Some(f2("5")))]
    );
    // 100 dossiers, 5 overdue, 3 with feedback: 92 % ≥ 90 % → the full 6.
    let full = index(&IndexInputs {
        on_time: Some(Tally::new(95, 100)),
        dossiers_with_feedback: Some(3),
        ..IndexInputs::default()
    });
    assert_eq!(score_of(&full, "5.4").points, f2("6"));
    // Overlapping rates above 100 % give 0, never a negative score.
    assert_eq!(satisfaction_5_4(Tally::new(10, 100), 50), Tally::new(0, 100));
}

#[test]
fn full_marks_add_up_to_exactly_100() {
    let all = Some(Tally::new(1, 1));
    let r = index(&IndexInputs {
        published_on_time: all,
        updated_on_time: all,
        published_complete: all,
        synchronised: all,
        on_time: all,
        offered_online: all,
        online_services_used: all,
        online_dossiers: all,
        online_payment_integrated: all,
        paid_online: all,
        electronic_results: all,
        digitised: all,
        reused_data: all,
        personal_data_store: all,
        e_identity: all,
        feedback: Some(FeedbackTally {
            total: 1,
            classified: 1,
            on_time: 1,
            satisfied: 1,
            ..FeedbackTally::default()
        }),
        dossiers_with_feedback: Some(0),
    });
    assert_eq!(r.total, f2("100"));
    assert_eq!(r.groups[0].points, f2("18"), "3 × 14/3 + 4");
    assert_eq!(score_of(&r, "1.1").max, f2("4.67"));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["total"], serde_json::json!(100.0));
    assert_eq!(json["groups"][0]["indicators"][0]["max"], serde_json::json!(4.67));
    assert_eq!(json["period"]["label"], "2026-Q3");
}

fn report(id: i64, received: time::OffsetDateTime, class: Option<Classification>) -> FeedbackRecord {
    FeedbackRecord {
        report_id: ReportId(id),
        agency_id: AgencyId(1),
        classification: class,
        received_at: received,
        due_at: None,
        likes: 0,
        dislikes: 0,
        repeat_of: None,
    }
}

fn timed(step: FeedbackStep, at: time::OffsetDateTime, t: Timeliness) -> FeedbackEvent {
    FeedbackEvent {
        at,
        step,
        deadline: Some(at),
        timeliness: Some(t),
    }
}

#[test]
fn feedback_indicators_from_the_history() {
    use Classification::*;
    use FeedbackStep::*;
    use Timeliness::*;
    let r = datetime!(2026-10-05 09:00 +7);
    let answered = datetime!(2026-10-15 09:00 +7);
    // r1 classified, answered and published on time, 3 likes / 1 dislike: satisfied.
    let mut r1 = report(1, r, Some(Regulation));
    (r1.likes, r1.dislikes) = (3, 1);
    let r1 = FeedbackFacts::from_history(r1, &[timed(Answer, answered, OnTime), timed(Publish, answered, Early)]);
    // r2 answered late.
    let r2 = FeedbackFacts::from_history(report(2, r, Some(Conduct)), &[timed(Answer, answered, Late)]);
    // r3 not classified, on time, 2 dislikes: dissatisfied.
    let mut r3 = report(3, r, None);
    r3.dislikes = 2;
    let r3 = FeedbackFacts::from_history(r3, &[timed(Answer, answered, OnTime)]);
    // r4 a repeat of an earlier report.
    let mut r4 = report(4, r, Some(Regulation));
    r4.repeat_of = Some(ReportId(99));
    let r4 = FeedbackFacts::from_history(r4, &[timed(Answer, answered, OnTime)]);
    // r5 received in September: not in October.
    let r5 = FeedbackFacts::from_history(report(5, datetime!(2026-09-30 23:59 +7), Some(Regulation)), &[]);
    // r6 still unanswered on 1 Nov, its answer due 25 Oct: overdue.
    let mut r6 = report(6, datetime!(2026-10-20 09:00 +7), Some(Conduct));
    r6.due_at = Some(datetime!(2026-10-25 17:00 +7));
    let r6 = FeedbackFacts::from_history(r6, &[]);
    let oct = period("2026-10");
    let js: Vec<FeedbackJudgement> = [&r1, &r2, &r3, &r4, &r5, &r6]
        .into_iter()
        .filter_map(|f| judge_feedback(f, &oct, oct.to()))
        .collect();
    let t = FeedbackTally::of(&js);
    // 5 reports; classified r1 r2 r4 r6; on time r1 r3 r4; satisfied r1 only.
    assert_eq!((t.total, t.classified, t.on_time, t.satisfied), (5, 4, 3, 1));
    assert_eq!((t.overdue, t.dissatisfied, t.repeated), (2, 1, 1));
    // Judged on 24 Oct, r6 was still within its deadline.
    assert!(
        judge_feedback(&r6, &oct, datetime!(2026-10-24 09:00 +7))
            .unwrap()
            .on_time
    );
    let idx = index(&IndexInputs {
        feedback: Some(t),
        ..IndexInputs::default()
    });
    // 5.1: 4/5 → 5 × 0.8 = 4.00. 5.2: 3/5 → 3.00. 5.3: 1/5 → 2 × 0.2 = 0.40.
    assert_eq!(score_of(&idx, "5.1").points, f2("4"));
    assert_eq!(score_of(&idx, "5.2").points, f2("3"));
    assert_eq!(score_of(&idx, "5.3").points, f2("0.4"));
    assert_eq!(score_of(&idx, "5.3").parts.len(), 3);
}

#[test]
fn rationals_compare_and_round_exactly() {
    let third = Rational::new(1, 3).unwrap();
    assert!(third.checked_mul(Rational::integer(3)).unwrap() == Rational::ONE);
    assert_eq!(Rational::new(2, -4).unwrap(), Rational::new(-1, 2).unwrap());
    assert_eq!(
        Rational::new(5, 1000).unwrap().to_fixed2(),
        Some(Fixed2(1)),
        "0.005 → 0.01"
    );
    assert_eq!(
        Rational::new(-5, 1000).unwrap().to_fixed2(),
        Some(Fixed2(-1)),
        "away from zero"
    );
    assert_eq!(Rational::new(4, 1000).unwrap().to_fixed2(), Some(Fixed2(0)));
    let big = Rational::new(i128::MAX - 1, i128::MAX).unwrap();
    assert!(big < Rational::ONE && big > Rational::new(i128::MAX - 2, i128::MAX).unwrap());
    assert_eq!(Fixed2(-5).to_string(), "-0.05");
    assert_eq!(Rational::parse("4.4"), Rational::new(22, 5));
    assert_eq!(Rational::parse("x"), None);
    assert_eq!(Rational::parse("1/0"), None);
}
