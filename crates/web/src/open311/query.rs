//! The filters of `GET /requests.{fmt}`: `service_request_id` (overrides the rest),
//! `service_code`, `start_date`/`end_date` (span ≤ 90 days; by default the last 90 days),
//! `status`, and the extensions `updated_after`/`updated_before`, `bbox`, `page`/`page_size`.

use time::{Duration, OffsetDateTime};

use motcua_app::records::{FeedbackFilter, FeedbackOrder};
use motcua_domain::feedback::{BBox, Status};

use super::errors::Open311Error;
use super::params::{Params, parse_datetime};

/// The longest date range, and the default window.
pub const MAX_SPAN: Duration = Duration::days(90);
/// The most requests in one reply (and the default page size).
pub const MAX_RESULTS: i64 = 1000;

fn date(p: &Params, name: &str) -> Result<Option<OffsetDateTime>, Open311Error> {
    p.get(name).map(|s| parse_datetime(name, s)).transpose()
}

fn statuses(p: &Params) -> Result<Vec<Status>, Open311Error> {
    let (mut open, mut closed) = (false, false);
    for s in p.list("status") {
        match s.to_ascii_lowercase().as_str() {
            "open" => open = true,
            "closed" => closed = true,
            _ => return Err(Open311Error::bad("status", "unknown_status")),
        }
    }
    if open == closed {
        return Ok(Vec::new());
    }
    Ok(Status::ALL.into_iter().filter(|s| s.is_closed() == closed).collect())
}

/// The end of the longest range from `start` (the last instant there is, near year 9999).
fn span_after(start: OffsetDateTime) -> OffsetDateTime {
    start
        .checked_add(MAX_SPAN)
        .unwrap_or(time::PrimitiveDateTime::MAX.assume_utc())
}

/// The start of the longest range up to `end` (the first instant there is, near year −9999).
fn span_before(end: OffsetDateTime) -> OffsetDateTime {
    end.checked_sub(MAX_SPAN)
        .unwrap_or(time::PrimitiveDateTime::MIN.assume_utc())
}

/// `start_date` and `end_date`, each optional; together, the end not before the start and
/// at most 90 days after it.
fn span(p: &Params) -> Result<(Option<OffsetDateTime>, Option<OffsetDateTime>), Open311Error> {
    let (start, end) = (date(p, "start_date")?, date(p, "end_date")?);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            return Err(Open311Error::bad("end_date", "end_before_start"));
        }
        if e - s > MAX_SPAN {
            return Err(Open311Error::bad("end_date", "range_too_long"));
        }
    }
    Ok((start, end))
}

/// The window of `servicerequestupdates`: `start_date` to `end_date` (the same rule as for
/// requests); with one of them, the 90 days after or before it; with neither, the last 90 days.
pub fn update_window(p: &Params, now: OffsetDateTime) -> Result<(OffsetDateTime, OffsetDateTime), Open311Error> {
    Ok(match span(p)? {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, span_after(s)),
        (None, Some(e)) => (span_before(e), e),
        (None, None) => (span_before(now), now),
    })
}

/// `page` (from 1) and `page_size` (1–1000) as a limit and an offset.
pub fn page(p: &Params) -> Result<(i64, i64), Open311Error> {
    let size = number(p, "page_size", MAX_RESULTS, MAX_RESULTS)?;
    let page = number(p, "page", 1, 1_000_000)?;
    Ok((size, (page - 1) * size))
}

fn window(p: &Params, now: OffsetDateTime, f: &mut FeedbackFilter) -> Result<(), Open311Error> {
    let (start, end) = span(p)?;
    let (after, before) = (date(p, "updated_after")?, date(p, "updated_before")?);
    if let (Some(a), Some(b)) = (after, before)
        && b < a
    {
        return Err(Open311Error::bad("updated_before", "end_before_start"));
    }
    (f.requested_from, f.requested_to) = match (start, end) {
        (Some(s), Some(e)) => (Some(s), Some(e)),
        (Some(s), None) => (Some(s), Some(span_after(s))),
        (None, Some(e)) => (Some(span_before(e)), Some(e)),
        // An incremental sync by update time is not cut to recent reports.
        (None, None) if after.is_some() || before.is_some() => (None, None),
        (None, None) => (Some(span_before(now)), None),
    };
    (f.updated_from, f.updated_to) = (after, before);
    if after.is_some() || before.is_some() {
        f.order = FeedbackOrder::Updated;
    }
    Ok(())
}

fn number(p: &Params, name: &str, default: i64, max: i64) -> Result<i64, Open311Error> {
    match p.get(name) {
        None => Ok(default),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(Open311Error::bad(name, "out_of_range")),
        },
    }
}

/// The storage filter for a listing of public reports.
pub fn filter(p: &Params, now: OffsetDateTime) -> Result<FeedbackFilter, Open311Error> {
    let mut f = FeedbackFilter {
        public_only: true,
        limit: MAX_RESULTS,
        ..FeedbackFilter::default()
    };
    let ids = p.list("service_request_id");
    if !ids.is_empty() {
        for id in ids {
            let id = id
                .parse::<i64>()
                .map_err(|_| Open311Error::bad("service_request_id", "invalid_id"))?;
            f.ids.push(motcua_domain::ids::ReportId(id));
        }
        return Ok(f);
    }
    f.categories = p.list("service_code");
    f.statuses = statuses(p)?;
    window(p, now, &mut f)?;
    if let Some(b) = p.get("bbox") {
        f.bbox = Some(BBox::parse(b).map_err(|_| Open311Error::bad("bbox", "invalid_bbox"))?);
    }
    (f.limit, f.offset) = page(p)?;
    Ok(f)
}
