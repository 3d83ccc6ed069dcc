//! Roll-up: a province counts every agency below it; a commune or a department only its own
//! dossiers.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::counters::{MonthCounters, MonthCounts};
use super::period::YearMonth;
use crate::ids::AgencyId;

/// Which agencies an index covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The agency alone (a commune, a department).
    OwnOnly,
    /// The agency and every agency below it (the province).
    WithDescendants,
}

/// The agencies in `scope` of `agency`, given each agency's parent. Cycles in the map are
/// tolerated (each agency once).
pub fn agencies_in_scope(agency: AgencyId, scope: Scope, parents: &BTreeMap<AgencyId, AgencyId>) -> BTreeSet<AgencyId> {
    let mut found = BTreeSet::from([agency]);
    if scope == Scope::OwnOnly {
        return found;
    }
    let mut children: BTreeMap<AgencyId, Vec<AgencyId>> = BTreeMap::new();
    for (child, parent) in parents {
        children.entry(*parent).or_default().push(*child);
    }
    let mut todo = vec![agency];
    while let Some(a) = todo.pop() {
        for c in children.get(&a).into_iter().flatten() {
            if found.insert(*c) {
                todo.push(*c);
            }
        }
    }
    found
}

/// Counters of every agency, as the storage holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyCounters {
    pub by_agency: BTreeMap<AgencyId, MonthCounters>,
}

impl AgencyCounters {
    /// Adds rows, e.g. the output of [`super::counters::changes`].
    pub fn apply(&mut self, rows: &[(AgencyId, YearMonth, MonthCounts)]) {
        for (agency, month, counts) in rows {
            self.by_agency.entry(*agency).or_default().add_row(*month, *counts);
        }
    }

    /// The sum over `agencies`.
    pub fn roll_up(&self, agencies: &BTreeSet<AgencyId>) -> MonthCounters {
        let mut total = MonthCounters::default();
        for a in agencies {
            if let Some(c) = self.by_agency.get(a) {
                total.merge(c);
            }
        }
        total
    }
}
