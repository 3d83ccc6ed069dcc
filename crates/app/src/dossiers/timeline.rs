//! A dossier's timeline as readers see it: what happened, at which step, and who acted —
//! by role and unit for everyone, by name for officers only.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use time::OffsetDateTime;

use motcua_domain::account::{Principal, Role};
use motcua_domain::dossier::{HistoryAction, HistoryDetail, Status};
use motcua_domain::ids::{AgencyId, UnitId, UserId};

use super::DossierView;
use crate::{App, Result};

/// Who took an action, as the timeline shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActedBy {
    /// The applicant (or the counter recording the applicant's act).
    Applicant,
    /// An officer: their role and unit; their name only when an officer reads.
    Officer {
        role: Option<Role>,
        unit: Option<String>,
        agency: Option<String>,
        name: Option<String>,
    },
    /// The system (the overdue job).
    System,
}

/// One line of the timeline.
#[derive(Debug, Clone)]
pub struct TimelineLine {
    pub at: OffsetDateTime,
    pub action: HistoryAction,
    pub to_status: Status,
    /// The step the action was taken at.
    pub step: Option<String>,
    pub by: ActedBy,
    pub detail: HistoryDetail,
}

/// The timeline of a dossier `reader` may read.
pub async fn timeline(app: &App, reader: &Principal, v: &DossierView) -> Result<Vec<TimelineLine>> {
    let mut people: HashMap<UserId, Option<Principal>> = HashMap::new();
    let mut units: HashMap<AgencyId, HashMap<UnitId, String>> = HashMap::new();
    let cat = app.catalogue();
    let mut out = Vec::with_capacity(v.history.len());
    for h in &v.history {
        let step = h
            .from_step
            .and_then(|i| v.entry.process.steps.get(i))
            .or_else(|| v.entry.process.steps.get(h.to_step).filter(|_| h.from_step.is_none()))
            .map(|s| s.name.clone());
        let by = match h.actor_id {
            None => ActedBy::System,
            Some(id) if Some(id) == v.dossier.state.applicant_id && h.action != HistoryAction::Overdue => {
                ActedBy::Applicant
            }
            Some(id) => {
                if let Entry::Vacant(slot) = people.entry(id) {
                    slot.insert(app.store().principal(id).await?);
                }
                match people.get(&id).cloned().flatten() {
                    Some(p) if p.is_officer() => {
                        // The grant the officer acted under: in the agency that held the
                        // dossier, else their first.
                        let grant = p
                            .grants
                            .iter()
                            .find(|g| g.agency_id == h.agency_id || g.agency_id == v.dossier.receiving_agency_id)
                            .or(p.grants.first())
                            .cloned();
                        let unit = match grant.as_ref().and_then(|g| g.unit_id.map(|u| (g.agency_id, u))) {
                            Some((agency, u)) => {
                                if let Entry::Vacant(slot) = units.entry(agency) {
                                    let list = app.store().list_units(agency).await?;
                                    slot.insert(list.into_iter().map(|x| (x.id, x.name)).collect());
                                }
                                units.get(&agency).and_then(|m| m.get(&u)).cloned()
                            }
                            None => None,
                        };
                        ActedBy::Officer {
                            role: grant.as_ref().map(|g| g.role),
                            unit,
                            agency: grant
                                .as_ref()
                                .and_then(|g| cat.agency_by_id(g.agency_id))
                                .map(|a| a.name.clone()),
                            name: reader.is_officer().then(|| p.display_name.clone()),
                        }
                    }
                    Some(_) => ActedBy::Applicant,
                    None => ActedBy::Officer {
                        role: None,
                        unit: None,
                        agency: None,
                        name: None,
                    },
                }
            }
        };
        out.push(TimelineLine {
            at: h.at,
            action: h.action,
            to_status: h.to_status,
            step,
            by,
            detail: h.detail.clone(),
        });
    }
    Ok(out)
}
