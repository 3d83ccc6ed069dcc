use time::macros::datetime;

use super::*;

fn months(p: &Period) -> Vec<String> {
    p.months().iter().map(ToString::to_string).collect()
}

#[test]
fn every_kind_of_period_parses_into_vietnam_month_boundaries() {
    let m = Period::parse("2026-09").unwrap();
    assert_eq!(m.kind(), PeriodKind::Month);
    assert_eq!(m.from(), datetime!(2026-09-01 00:00 +7));
    assert_eq!(m.to(), datetime!(2026-10-01 00:00 +7));
    assert_eq!(m.to(), datetime!(2026-09-30 17:00 UTC));
    assert_eq!(months(&m), ["2026-09"]);

    let q = Period::parse("2026-Q3").unwrap();
    assert_eq!(
        (q.from(), q.to()),
        (datetime!(2026-07-01 00:00 +7), datetime!(2026-10-01 00:00 +7))
    );
    assert_eq!(months(&q), ["2026-07", "2026-08", "2026-09"]);

    let h = Period::parse("2026-H2").unwrap();
    assert_eq!(
        (h.from(), h.to()),
        (datetime!(2026-07-01 00:00 +7), datetime!(2027-01-01 00:00 +7))
    );
    assert_eq!(h.months().len(), 6);

    let nine = Period::parse("2026-9M").unwrap();
    assert_eq!(nine.kind(), PeriodKind::NineMonths);
    assert_eq!(
        (nine.from(), nine.to()),
        (datetime!(2026-01-01 00:00 +7), datetime!(2026-10-01 00:00 +7))
    );
    assert_eq!(nine.last_month().to_string(), "2026-09");

    let y = Period::parse("2026").unwrap();
    assert_eq!(
        (y.from(), y.to()),
        (datetime!(2026-01-01 00:00 +7), datetime!(2027-01-01 00:00 +7))
    );
    assert_eq!(y.months().len(), 12);
    assert_eq!(y.month_after().to_string(), "2027-01");
}

#[test]
fn labels_are_canonical_and_round_trip() {
    for text in ["2026-09", "2026-Q3", "2026-H1", "2026-9M", "2026", "2026-12", "2026-Q4"] {
        let p = Period::parse(text).unwrap();
        assert_eq!(p.label(), text);
        assert_eq!(Period::parse(&p.label()).unwrap(), p);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), p);
    }
    assert_eq!(Period::parse("2026-q3").unwrap().label(), "2026-Q3");
    assert_eq!(Period::parse("2026-9m").unwrap().label(), "2026-9M");
}

#[test]
fn malformed_periods_are_refused_with_a_stable_code() {
    for text in [
        "",
        "26",
        "2026-",
        "2026-9",
        "2026-13",
        "2026-00",
        "2026-Q0",
        "2026-Q5",
        "2026-H3",
        "2026-8M",
        "2026-Q12",
        "2026/09",
        " 2026",
        "2026-09 ",
        "1900",
        "2151-01",
        "２０２６",
        "2026-Qé",
        "abcd",
    ] {
        let err = Period::parse(text).unwrap_err();
        assert_eq!(err.code(), "invalid_period", "{text:?}");
    }
}

#[test]
fn instants_fall_in_their_vietnam_month() {
    assert_eq!(YearMonth::of(datetime!(2026-09-30 23:30 +7)).to_string(), "2026-09");
    assert_eq!(YearMonth::of(datetime!(2026-09-30 17:00 UTC)).to_string(), "2026-10");
    assert_eq!(YearMonth::of(datetime!(2026-09-30 16:59:59 UTC)).to_string(), "2026-09");
    let oct = Period::parse("2026-10").unwrap();
    assert!(oct.contains(datetime!(2026-10-01 00:00 +7)));
    assert!(!oct.contains(datetime!(2026-09-30 23:59:59 +7)));
    assert!(!oct.contains(datetime!(2026-11-01 00:00 +7)));
}

#[test]
fn trends_cover_the_twelve_months_up_to_the_period() {
    let p = Period::parse("2026-Q1").unwrap();
    let t: Vec<String> = p.trend_months().iter().map(ToString::to_string).collect();
    assert_eq!(t.len(), 12);
    assert_eq!(t.first().unwrap(), "2025-04");
    assert_eq!(t.last().unwrap(), "2026-03");
    assert!(t.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn months_step_across_years() {
    let dec = YearMonth::new(2026, 12).unwrap();
    assert_eq!(dec.plus(1).unwrap().to_string(), "2027-01");
    assert_eq!(dec.plus(-12).unwrap().to_string(), "2025-12");
    assert_eq!(YearMonth::from_ordinal(dec.ordinal()), Some(dec));
    assert!(YearMonth::new(2026, 0).is_none() && YearMonth::new(2026, 13).is_none());
    assert_eq!(
        "2026-07".parse::<YearMonth>().unwrap(),
        YearMonth::new(2026, 7).unwrap()
    );
    assert!("2026-Q3".parse::<YearMonth>().is_err());
}
