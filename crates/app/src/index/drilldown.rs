//! The dossiers that cost an agency points in a period, and why.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::ids::AgencyId;
use motcua_domain::index766::{INDICATOR_KEYS, LateReason, judge};

use super::compute::bring_up_to_date;
use super::{IndexQueryError, agency_of, period_of, scope_of};
use crate::{App, AppError, Result};

/// One dossier that cost points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillItem {
    pub code: String,
    pub received_at: OffsetDateTime,
    /// Ended in the period (judged at its end) or not (judged at the period's end, or now).
    pub finished: bool,
    pub judged_at: OffsetDateTime,
    pub reason: LateReason,
}

/// The dossiers behind the points lost on `indicator` by the agency `agency_code` in the
/// period, as known at `now`. For officers of the agency or of an agency above it, and
/// system administrators; `NotFound` for anyone else (existence does not leak). Indicators
/// without data yet lose no points through any dossier: their list is empty.
pub async fn drilldown(
    app: &App,
    who: &Principal,
    agency_code: &str,
    period_text: &str,
    indicator: &str,
    now: OffsetDateTime,
) -> Result<Vec<DrillItem>> {
    let agency = agency_of(app, agency_code)?;
    if !may_drill(app, who, agency.id) {
        return Err(AppError::NotFound);
    }
    let period = period_of(period_text)?;
    if !INDICATOR_KEYS.contains(&indicator) {
        return Err(AppError::Index(IndexQueryError::UnknownIndicator(indicator.to_owned())));
    }
    if indicator != "2.1" {
        return Ok(Vec::new());
    }
    bring_up_to_date(app).await?;
    let agencies = scope_of(app, &agency);
    let judging = now.min(period.to());
    let dossiers = app.store().indexed_dossiers(&agencies, judging, period.from()).await?;
    Ok(dossiers
        .into_iter()
        .filter_map(|d| {
            let j = judge(&d.facts, &period, now)?;
            let reason = j.reason.filter(|_| !j.on_time)?;
            Some(DrillItem {
                code: d.code,
                received_at: d.facts.received_at()?,
                finished: j.finished,
                judged_at: j.judged_at,
                reason,
            })
        })
        .collect())
}

/// System administrators, and officers holding a role in the agency or in one above it.
fn may_drill(app: &App, who: &Principal, agency: AgencyId) -> bool {
    if who.is_system_admin() {
        return true;
    }
    if !who.is_officer() {
        return false;
    }
    let catalogue = app.catalogue();
    let mut current = Some(agency);
    let mut steps = 0;
    while let Some(a) = current {
        if who.works_at(a, None) {
            return true;
        }
        steps += 1;
        if steps > 64 {
            return false;
        }
        current = catalogue.agency_by_id(a).and_then(|x| x.parent_id);
    }
    false
}
