//! Reading ratings: an officer's own, a leader's unit's or agency's, with counts.

use std::collections::HashMap;

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::ids::{AgencyId, DossierId, UnitId};
use motcua_domain::rating::{Tally, leader_scopes};
use motcua_storage::{RatingFilter, RatingRecord};

use crate::{App, AppError, Result};

/// Most ratings a page lists (the counts cover every rating of the period).
const LIST_LIMIT: usize = 200;
/// Most ratings counted at once.
const COUNT_LIMIT: i64 = 100_000;

/// A period of ratings: given at or after `from`, before `until` (both optional).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub from: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
}

/// Counts of one unit of the agency (none: officers whose role names no unit).
#[derive(Debug, Clone)]
pub struct UnitTally {
    pub unit_id: Option<UnitId>,
    pub tally: Tally,
}

/// Ratings read together: their counts, the latest of them, and (for an agency) the counts
/// per unit.
#[derive(Debug, Clone, Default)]
pub struct Ratings {
    pub tally: Tally,
    /// The latest ratings, newest first (at most 200).
    pub latest: Vec<RatingRecord>,
    pub by_unit: Vec<UnitTally>,
}

fn tally_of(records: &[RatingRecord]) -> Tally {
    let mut t = Tally::default();
    for r in records {
        t.add(&r.rating);
    }
    t
}

/// The ratings of dossiers the calling officer acted on.
pub async fn mine(app: &App, who: &Principal, period: Period) -> Result<Ratings> {
    if !who.is_officer() {
        return Err(AppError::Forbidden);
    }
    let f = RatingFilter {
        officer: Some(who.user_id),
        from: period.from,
        until: period.until,
        limit: COUNT_LIMIT,
        ..RatingFilter::default()
    };
    let all = app.store().ratings(&f).await?;
    Ok(Ratings {
        tally: tally_of(&all),
        latest: all.into_iter().take(LIST_LIMIT).collect(),
        by_unit: Vec::new(),
    })
}

/// The ratings of `agency` (received there or handled there), or of one of its units,
/// for a leader whose grant covers it (or a system administrator); `Forbidden` otherwise.
/// For a whole agency, the counts per unit come too.
pub async fn for_scope(
    app: &App,
    who: &Principal,
    agency: AgencyId,
    unit: Option<UnitId>,
    period: Period,
) -> Result<Ratings> {
    let allowed = who.is_system_admin()
        || leader_scopes(who)
            .into_iter()
            .any(|(a, u)| a == agency && (u.is_none() || u == unit));
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let f = RatingFilter {
        agency: Some(agency),
        unit,
        from: period.from,
        until: period.until,
        limit: COUNT_LIMIT,
        ..RatingFilter::default()
    };
    let all = app.store().ratings(&f).await?;
    let by_unit = if unit.is_none() {
        let handlers = app.store().rating_handlers_in(agency).await?;
        let mut units: HashMap<DossierId, Vec<Option<UnitId>>> = HashMap::new();
        for (dossier, h) in handlers {
            let list = units.entry(dossier).or_default();
            if !list.contains(&h.unit_id) {
                list.push(h.unit_id);
            }
        }
        let mut tallies: Vec<UnitTally> = Vec::new();
        for r in &all {
            for u in units.get(&r.dossier_id).into_iter().flatten() {
                match tallies.iter_mut().find(|t| t.unit_id == *u) {
                    Some(t) => t.tally.add(&r.rating),
                    None => {
                        let mut tally = Tally::default();
                        tally.add(&r.rating);
                        tallies.push(UnitTally { unit_id: *u, tally });
                    }
                }
            }
        }
        tallies.sort_by_key(|t| t.unit_id);
        tallies
    } else {
        Vec::new()
    };
    Ok(Ratings {
        tally: tally_of(&all),
        latest: all.into_iter().take(LIST_LIMIT).collect(),
        by_unit,
    })
}
