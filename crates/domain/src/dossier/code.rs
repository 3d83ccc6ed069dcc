//! Dossier codes: `{agency code}-{YYMMDD}-{NNNN}` — the receiving agency's electronic code,
//! the receipt date in Vietnam local time, and that agency's sequence number for that day,
//! zero-padded to at least four digits (more when a day needs them).

use time::{Date, OffsetDateTime};

use crate::agency::AgencyCode;
use crate::calendar::VIETNAM;

/// The local receipt date of an instant (a date taken in UTC is a real, observed bug).
pub fn local_day(at: OffsetDateTime) -> Date {
    at.to_offset(VIETNAM).date()
}

/// The day key of the per-agency sequence: `YYMMDD`.
pub fn day_key(day: Date) -> String {
    format!(
        "{:02}{:02}{:02}",
        day.year().rem_euclid(100),
        u8::from(day.month()),
        day.day()
    )
}

/// Builds a dossier code from its parts.
pub fn format(agency: &AgencyCode, day: Date, sequence: u64) -> String {
    format!("{agency}-{}-{sequence:04}", day_key(day))
}

/// The parts of a well-formed dossier code: agency, `YYMMDD`, sequence.
pub fn parse(code: &str) -> Option<(AgencyCode, &str, u64)> {
    let (rest, seq) = code.rsplit_once('-')?;
    let (agency, day) = rest.rsplit_once('-')?;
    let ok_day = day.len() == 6 && day.bytes().all(|b| b.is_ascii_digit());
    let ok_seq = seq.len() >= 4 && seq.bytes().all(|b| b.is_ascii_digit());
    if !ok_day || !ok_seq {
        return None;
    }
    Some((AgencyCode::parse(agency).ok()?, day, seq.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_as_the_spec_example() {
        let agency = AgencyCode::parse("H15.50.05.13").unwrap();
        let day = local_day(datetime!(2026-10-08 09:00 +7));
        assert_eq!(format(&agency, day, 975), "H15.50.05.13-261008-0975");
        assert_eq!(
            format(&agency, day, 12_345),
            "H15.50.05.13-261008-12345",
            "more digits when needed"
        );
        let (a, d, s) = parse("H15.50.05.13-261008-0975").unwrap();
        assert_eq!((a.as_str(), d, s), ("H15.50.05.13", "261008", 975));
        assert!(parse("H15-2610-0001").is_none());
        assert!(parse("H15-261008-01").is_none());
        assert!(parse("h15-261008-0001").is_none());
    }

    #[test]
    fn the_day_is_vietnamese_not_utc() {
        // 23:30 UTC on 7 October is 06:30 on 8 October in Hà Nội.
        assert_eq!(day_key(local_day(datetime!(2026-10-07 23:30 UTC))), "261008");
        assert_eq!(day_key(local_day(datetime!(2026-10-08 16:59 UTC))), "261008");
        assert_eq!(day_key(local_day(datetime!(2026-10-08 17:00 UTC))), "261009");
    }
}
