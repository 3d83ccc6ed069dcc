//! The Vietnamese lunar calendar, computed with the astronomical method published by
//! Hồ Ngọc Đức (new moons and the sun's longitude from Jean Meeus' formulas) in the
//! Vietnamese time zone, UTC+7. China computes the same calendar at UTC+8, so some years
//! differ (Tết 1985 and 2007, for instance): a Chinese-calendar library is wrong here.

use std::f64::consts::PI;

/// Hours east of UTC in which the Vietnamese calendar is computed.
pub const VIETNAM_TZ: f64 = 7.0;

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LunarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    /// The month is the leap (nhuận) repetition of `month`.
    pub leap: bool,
}

/// Julian day number of a Gregorian date (proleptic before 1582 is not needed here).
pub fn jd_from_date(year: i32, month: u32, day: u32) -> i64 {
    let a = (14 - i64::from(month)) / 12;
    let y = i64::from(year) + 4800 - a;
    let m = i64::from(month) + 12 * a - 3;
    i64::from(day) + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
}

/// Gregorian date of a Julian day number.
pub fn jd_to_date(jd: i64) -> (i32, u32, u32) {
    let a = jd + 32044;
    let b = (4 * a + 3) / 146_097;
    let c = a - b * 146_097 / 4;
    let d = (4 * c + 3) / 1461;
    let e = c - 1461 * d / 4;
    let m = (5 * e + 2) / 153;
    let day = e - (153 * m + 2) / 5 + 1;
    let month = m + 3 - 12 * (m / 10);
    let year = b * 100 + d - 4800 + m / 10;
    // The ranges are small by construction (day 1..=31, month 1..=12).
    (year as i32, month as u32, day as u32)
}

/// Julian day (with fraction, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49).
fn new_moon(k: f64) -> f64 {
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let s = |x: f64| (x * dr).sin();
    let c1 = (0.1734 - 0.000_393 * t) * s(m) + 0.0021 * s(2.0 * m) - 0.4068 * s(mpr) + 0.0161 * s(2.0 * mpr)
        - 0.0004 * s(3.0 * mpr)
        + 0.0104 * s(2.0 * f)
        - 0.0051 * s(m + mpr)
        - 0.0074 * s(m - mpr)
        + 0.0004 * s(2.0 * f + m)
        - 0.0004 * s(2.0 * f - m)
        - 0.0006 * s(2.0 * f + mpr)
        + 0.0010 * s(2.0 * f - mpr)
        + 0.0005 * s(2.0 * mpr + m);
    let deltat = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - deltat
}

/// The sun's apparent longitude, in radians in [0, 2π), at Julian day `jdn` (UT).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Local day number on which the k-th new moon falls, in time zone `tz`.
fn new_moon_day(k: i64, tz: f64) -> i64 {
    (new_moon(k as f64) + 0.5 + tz / 24.0).floor() as i64
}

/// Which twelfth of the ecliptic (0..=11) the sun is in at local midnight starting `day`.
fn sun_sector(day: i64, tz: f64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - tz / 24.0) / PI * 6.0).floor() as i64
}

/// Day the 11th lunar month (the one holding the winter solstice) of year `year` begins.
fn lunar_month_11(year: i32, tz: f64) -> i64 {
    let off = jd_from_date(year, 12, 31) - 2_415_021;
    let k = (off as f64 / 29.530_588_853).floor() as i64;
    let nm = new_moon_day(k, tz);
    if sun_sector(nm, tz) >= 9 {
        new_moon_day(k - 1, tz)
    } else {
        nm
    }
}

/// In a leap lunar year starting at month 11 on `a11`, the offset of the leap month
/// (the first month without a major solar term).
fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = ((a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853 + 0.5).floor() as i64;
    let mut last;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i, tz), tz);
    loop {
        last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i, tz), tz);
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// The lunar date of a Gregorian date, in time zone `tz` (Vietnam: `VIETNAM_TZ`).
pub fn solar_to_lunar(year: i32, month: u32, day: u32, tz: f64) -> LunarDate {
    let day_number = jd_from_date(year, month, day);
    // The mean lunation gives k to within one; the true new moon can fall a day either side
    // of the estimate, so step until new_moon_day(k) <= day < new_moon_day(k + 1).
    let mut k = ((day_number as f64 - 2_415_021.076_998_695) / 29.530_588_853).floor() as i64;
    while new_moon_day(k + 1, tz) <= day_number {
        k += 1;
    }
    while new_moon_day(k, tz) > day_number {
        k -= 1;
    }
    let month_start = new_moon_day(k, tz);
    let mut a11 = lunar_month_11(year, tz);
    let mut b11 = a11;
    let lunar_year;
    if a11 >= month_start {
        lunar_year = year;
        a11 = lunar_month_11(year - 1, tz);
    } else {
        lunar_year = year + 1;
        b11 = lunar_month_11(year + 1, tz);
    }
    let lunar_day = day_number - month_start + 1;
    let diff = (month_start - a11) / 29;
    let mut leap = false;
    let mut lunar_month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11, tz);
        if diff >= leap_diff {
            lunar_month = diff + 10;
            if diff == leap_diff {
                leap = true;
            }
        }
    }
    if lunar_month > 12 {
        lunar_month -= 12;
    }
    let lunar_year = if lunar_month >= 11 && diff < 4 {
        lunar_year - 1
    } else {
        lunar_year
    };
    LunarDate {
        year: lunar_year,
        month: lunar_month as u8,
        day: lunar_day as u8,
        leap,
    }
}

/// The Gregorian date of a lunar date; `None` when no such lunar day exists (a leap month
/// the year lacks, or day 30 of a 29-day month).
pub fn lunar_to_solar(l: LunarDate, tz: f64) -> Option<(i32, u32, u32)> {
    let (a11, b11) = if l.month < 11 {
        (lunar_month_11(l.year - 1, tz), lunar_month_11(l.year, tz))
    } else {
        (lunar_month_11(l.year, tz), lunar_month_11(l.year + 1, tz))
    };
    let k = (0.5 + (a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853).floor() as i64;
    let mut off = i64::from(l.month) - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11, tz);
        let leap_month = if leap_off - 2 < 0 { leap_off + 10 } else { leap_off - 2 };
        if l.leap && i64::from(l.month) != leap_month {
            return None;
        }
        if l.leap || off >= leap_off {
            off += 1;
        }
    } else if l.leap {
        return None;
    }
    let start = new_moon_day(k + off, tz);
    let next = new_moon_day(k + off + 1, tz);
    let jd = start + i64::from(l.day) - 1;
    if l.day == 0 || jd >= next {
        return None;
    }
    Some(jd_to_date(jd))
}
