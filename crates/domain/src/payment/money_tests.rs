use super::money::*;
use proptest::prelude::*;

#[test]
fn vnd_is_grouped_by_thousands_with_dots() {
    assert_eq!(format_vnd(1_000_000), "1.000.000 đ");
    assert_eq!(format_vnd(0), "0 đ");
    assert_eq!(format_vnd(8_000), "8.000 đ");
    assert_eq!(format_vnd(999), "999 đ");
    assert_eq!(format_vnd(1_000), "1.000 đ");
    assert_eq!(format_vnd(12_345_678), "12.345.678 đ");
    assert_eq!(format_vnd(-200_000), "-200.000 đ");
    assert_eq!(format_vnd(i64::MIN), "-9.223.372.036.854.775.808 đ");
    assert_eq!(Money::from_dong(200_000).to_string(), "200.000 đ");
}

#[test]
fn typed_amounts_are_read_strictly() {
    assert_eq!(parse_vnd("1.000.000 đ"), Some(Money::from_dong(1_000_000)));
    assert_eq!(parse_vnd("8.000đ"), Some(Money::from_dong(8_000)));
    assert_eq!(parse_vnd(" 200000 "), Some(Money::from_dong(200_000)));
    assert_eq!(parse_vnd("-5.000"), Some(Money::from_dong(-5_000)));
    for bad in [
        "",
        "đ",
        "1.5",
        "1,000",
        "1.0000",
        "1000.000",
        "0.500",
        "12a",
        "--1",
        "99999999999999999999",
    ] {
        assert_eq!(parse_vnd(bad), None, "{bad:?}");
    }
}

#[test]
fn arithmetic_is_checked() {
    let max = Money::from_dong(i64::MAX);
    assert_eq!(max.checked_add(Money::from_dong(1)), None);
    assert_eq!(Money::from_dong(i64::MIN).checked_sub(Money::from_dong(1)), None);
    assert_eq!(Money::from_dong(8_000).checked_mul(3), Some(Money::from_dong(24_000)));
    assert_eq!(Money::from_dong(i64::MAX / 2 + 1).checked_mul(2), None);
    assert_eq!(Money::checked_sum([Money::from_dong(1), max]), None);
    assert_eq!(
        Money::checked_sum([Money::from_dong(200_000), Money::from_dong(5_000)]),
        Some(Money::from_dong(205_000))
    );
}

#[test]
fn money_serialises_as_a_bare_integer() {
    assert_eq!(serde_json::to_string(&Money::from_dong(8000)).unwrap(), "8000");
    assert_eq!(
        serde_json::from_str::<Money>("200000").unwrap(),
        Money::from_dong(200_000)
    );
    assert!(serde_json::from_str::<Money>("8000.5").is_err(), "never a float");
}

proptest! {
    #[test]
    fn formatting_round_trips(d in (i64::MIN + 1)..=i64::MAX) {
        let text = format_vnd(d);
        prop_assert_eq!(parse_vnd(&text), Some(Money::from_dong(d)));
    }

    #[test]
    fn formatted_digits_are_the_number(d in any::<i64>()) {
        let text = format_vnd(d);
        prop_assert!(text.ends_with(" đ"));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        prop_assert_eq!(digits, d.unsigned_abs().to_string());
        // Every group after the first has exactly three digits.
        let body = text.trim_start_matches('-').trim_end_matches(" đ");
        let groups: Vec<&str> = body.split('.').collect();
        prop_assert!((1..=3).contains(&groups[0].len()));
        prop_assert!(groups[1..].iter().all(|g| g.len() == 3));
    }

    #[test]
    fn checked_arithmetic_agrees_with_wide_integers(a in any::<i64>(), b in any::<i64>()) {
        let wide_sum = i128::from(a) + i128::from(b);
        let wide_product = i128::from(a) * i128::from(b);
        let sum = Money::from_dong(a).checked_add(Money::from_dong(b));
        let product = Money::from_dong(a).checked_mul(b);
        prop_assert_eq!(sum.map(|m| i128::from(m.dong())), i64::try_from(wide_sum).ok().map(i128::from));
        prop_assert_eq!(product.map(|m| i128::from(m.dong())), i64::try_from(wide_product).ok().map(i128::from));
    }
}
