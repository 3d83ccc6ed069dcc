//! Dates as VNPay writes them: `yyyyMMddHHmmss` in Vietnam time (UTC+7).

use motcua_domain::calendar::VIETNAM;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

const FORMAT: &[BorrowedFormatItem<'static>] = format_description!("[year][month][day][hour][minute][second]");

/// `yyyyMMddHHmmss` of `at` in Vietnam time.
pub fn format(at: OffsetDateTime) -> String {
    let local = at.to_offset(VIETNAM);
    local
        .format(FORMAT)
        .expect("a date of numeric components always formats")
}

/// Reads `yyyyMMddHHmmss` as Vietnam time.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    if text.len() != 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    PrimitiveDateTime::parse(text, FORMAT)
        .ok()
        .map(|t| t.assume_offset(VIETNAM))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_are_written_in_vietnam_time() {
        assert_eq!(format(datetime!(2026-03-02 02:05:09 UTC)), "20260302090509");
        assert_eq!(
            format(datetime!(2026-12-31 17:00:00 UTC)),
            "20270101000000",
            "new year in Hà Nội"
        );
        assert_eq!(parse("20260302090509"), Some(datetime!(2026-03-02 02:05:09 UTC)));
    }

    #[test]
    fn only_real_fourteen_digit_dates_are_read() {
        for bad in [
            "",
            "2026030209050",
            "202603020905099",
            "20261302090509",
            "20260230090509",
            "2026-3-2 9:5:9",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
