//! Builders for the index tests.

use time::OffsetDateTime;

use super::*;
use crate::calendar::{OfficeHours, WorkingCalendar};
use crate::dossier::ActionKind;
use crate::ids::{AgencyId, DossierId};
use crate::procedure::{Channel, TimeUnit};

pub fn calendar() -> WorkingCalendar {
    WorkingCalendar::new(Vec::new(), OfficeHours::default())
}

pub fn period(s: &str) -> Period {
    Period::parse(s).unwrap()
}

pub fn header(id: i64, agency: i64, value: u32, unit: TimeUnit) -> DossierHeader {
    DossierHeader {
        dossier_id: DossierId(id),
        agency_id: AgencyId(agency),
        channel: Channel::Online,
        limit: StatutoryLimit { value, unit },
    }
}

/// An event without a recorded appointment.
pub fn ev(kind: ActionKind, at: OffsetDateTime) -> DossierEvent {
    DossierEvent {
        at,
        kind,
        appointment: None,
    }
}

/// An event that set the appointment `due`.
pub fn ev_due(kind: ActionKind, at: OffsetDateTime, due: OffsetDateTime) -> DossierEvent {
    DossierEvent {
        at,
        kind,
        appointment: Some(due),
    }
}

/// Facts of a dossier with a 15-working-day limit.
pub fn facts_of(id: i64, agency: i64, events: &[DossierEvent]) -> DossierFacts {
    DossierFacts::from_events(header(id, agency, 15, TimeUnit::WorkingDays), events, &calendar())
}

/// Counters of one agency holding these dossiers.
pub fn counters(all: &[DossierFacts]) -> MonthCounters {
    let mut c = MonthCounters::default();
    for f in all {
        c.add(&contribution(f));
    }
    c
}

/// 2.1 summed dossier by dossier.
pub fn judged_tally(all: &[DossierFacts], p: &Period, at: OffsetDateTime) -> Tally {
    let mut t = Tally::default();
    for j in all.iter().filter_map(|f| judge(f, p, at)) {
        t.denominator += 1;
        t.numerator += u64::from(j.on_time);
    }
    t
}

/// 2.1 from the counters, after checking it equals 2.1 dossier by dossier.
pub fn both(all: &[DossierFacts], p: &Period) -> Tally {
    let by_counters = score_2_1(&counters(all), p, Judging::AtPeriodEnd);
    assert_eq!(
        by_counters,
        judged_tally(all, p, p.to()),
        "counters and dossiers disagree for {p}"
    );
    by_counters
}
