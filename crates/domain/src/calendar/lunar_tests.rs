use super::lunar::*;

fn tet(year: i32) -> (i32, u32, u32) {
    lunar_to_solar(
        LunarDate {
            year,
            month: 1,
            day: 1,
            leap: false,
        },
        VIETNAM_TZ,
    )
    .unwrap()
}

#[test]
fn spec_vectors() {
    for (year, tet_day, gio_to) in [
        (2024, (2024, 2, 10), (2024, 4, 18)),
        (2025, (2025, 1, 29), (2025, 4, 7)),
        (2026, (2026, 2, 17), (2026, 4, 26)),
        (2027, (2027, 2, 6), (2027, 4, 16)),
    ] {
        assert_eq!(tet(year), tet_day, "Tết {year}");
        let g = lunar_to_solar(
            LunarDate {
                year,
                month: 3,
                day: 10,
                leap: false,
            },
            VIETNAM_TZ,
        )
        .unwrap();
        assert_eq!(g, gio_to, "Giỗ Tổ {year}");
    }
}

#[test]
fn tet_over_decades() {
    // Tết as celebrated in Vietnam (1985, 2007 and 2030 differ from China's UTC+8 calendar).
    let known = [
        (1985, (1985, 1, 21)),
        (1990, (1990, 1, 27)),
        (1995, (1995, 1, 31)),
        (2000, (2000, 2, 5)),
        (2005, (2005, 2, 9)),
        (2007, (2007, 2, 17)),
        (2010, (2010, 2, 14)),
        (2015, (2015, 2, 19)),
        (2017, (2017, 1, 28)),
        (2020, (2020, 1, 25)),
        (2021, (2021, 2, 12)),
        (2022, (2022, 2, 1)),
        (2023, (2023, 1, 22)),
        (2028, (2028, 1, 26)),
        (2030, (2030, 2, 2)),
    ];
    for (year, date) in known {
        assert_eq!(tet(year), date, "Tết {year}");
    }
    // At UTC+8 (China) 1985, 2007 and 2030 fall on other days: the time zone matters.
    let china = |y| {
        lunar_to_solar(
            LunarDate {
                year: y,
                month: 1,
                day: 1,
                leap: false,
            },
            8.0,
        )
        .unwrap()
    };
    assert_eq!(china(1985), (1985, 2, 20));
    assert_eq!(china(2007), (2007, 2, 18));
    assert_eq!(china(2030), (2030, 2, 3));
}

#[test]
fn leap_months() {
    // 2025 has a leap 6th month; 2020 a leap 4th; 2023 a leap 2nd; 2026 none.
    for (year, month) in [(2020, 4), (2023, 2), (2025, 6), (2028, 5)] {
        assert!(
            lunar_to_solar(
                LunarDate {
                    year,
                    month,
                    day: 1,
                    leap: true
                },
                VIETNAM_TZ
            )
            .is_some(),
            "{year}"
        );
    }
    assert!(
        lunar_to_solar(
            LunarDate {
                year: 2026,
                month: 6,
                day: 1,
                leap: true
            },
            VIETNAM_TZ
        )
        .is_none()
    );
    let l = solar_to_lunar(2025, 7, 25, VIETNAM_TZ);
    assert_eq!(
        l,
        LunarDate {
            year: 2025,
            month: 6,
            day: 1,
            leap: true
        }
    );
}

#[test]
fn every_day_from_1950_to_2100_round_trips_and_months_are_29_or_30_days() {
    let start = jd_from_date(1950, 1, 1);
    let end = jd_from_date(2100, 12, 31);
    let mut prev = solar_to_lunar(1949, 12, 31, VIETNAM_TZ);
    let mut month_len: Option<u32> = None; // unknown until the first new month
    let mut months_in_year = 0u32;
    for jd in start..=end {
        let (y, m, d) = jd_to_date(jd);
        assert_eq!(jd_from_date(y, m, d), jd);
        let l = solar_to_lunar(y, m, d, VIETNAM_TZ);
        assert_eq!(lunar_to_solar(l, VIETNAM_TZ), Some((y, m, d)), "{y}-{m}-{d} → {l:?}");
        if l.day == 1 {
            assert!(
                prev.day == 29 || prev.day == 30,
                "month before {y}-{m}-{d} had {} days",
                prev.day
            );
            assert!(matches!(month_len, None | Some(29 | 30)), "{month_len:?}");
            month_len = Some(0);
            months_in_year += 1;
            if l.month == 1 && !l.leap {
                assert_eq!(l.year, prev.year + 1, "year changes at Tết {y}-{m}-{d}");
                assert!(
                    months_in_year == 12 || months_in_year == 13 || y == 1950,
                    "{months_in_year} months before {y}"
                );
                months_in_year = 0;
                assert!(
                    (m == 1 && d >= 21) || (m == 2 && d <= 20),
                    "Tết {y}-{m}-{d} outside 21 Jan–20 Feb"
                );
            }
        } else {
            assert_eq!(l.day, prev.day + 1, "{y}-{m}-{d}");
            assert_eq!((l.month, l.leap, l.year), (prev.month, prev.leap, prev.year));
        }
        month_len = month_len.map(|n| n + 1);
        prev = l;
    }
}
