//! How dates, times and amounts appear in messages: Vietnam time (UTC+7), `dd/mm/yyyy`,
//! `HH:MM dd/mm/yyyy`, and amounts as `1.000.000 đ`, in both languages.

use motcua_domain::calendar::VIETNAM;
use time::{Date, OffsetDateTime};

/// `05/01/2026` for the Vietnam-time day of `at`.
pub fn date(at: OffsetDateTime) -> String {
    day(at.to_offset(VIETNAM).date())
}

/// `05/01/2026` for a calendar day.
pub fn day(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// `16:30 05/01/2026`, in Vietnam time.
pub fn date_time(at: OffsetDateTime) -> String {
    let local = at.to_offset(VIETNAM);
    format!("{:02}:{:02} {}", local.hour(), local.minute(), day(local.date()))
}

/// `1.000.000 đ` for an amount in đồng (negative amounts keep their sign).
pub fn amount(dong: i64) -> String {
    let digits = dong.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if dong < 0 { "-" } else { "" };
    format!("{sign}{grouped} đ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_are_in_vietnam_time() {
        // 17:30 UTC is already the next day in Vietnam.
        let at = datetime!(2026-01-04 17:30 UTC);
        assert_eq!(date(at), "05/01/2026");
        assert_eq!(date_time(at), "00:30 05/01/2026");
        assert_eq!(date_time(datetime!(2026-12-31 09:05 +7)), "09:05 31/12/2026");
    }

    #[test]
    fn amounts_are_grouped_with_dots() {
        assert_eq!(amount(0), "0 đ");
        assert_eq!(amount(999), "999 đ");
        assert_eq!(amount(1_000), "1.000 đ");
        assert_eq!(amount(1_000_000), "1.000.000 đ");
        assert_eq!(amount(12_345_678), "12.345.678 đ");
        assert_eq!(amount(-50_000), "-50.000 đ");
        assert_eq!(amount(i64::MIN), "-9.223.372.036.854.775.808 đ");
    }
}
