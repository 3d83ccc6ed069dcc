//! A catalogue document: agencies, units and procedures together, as imported, exported and
//! shipped as demo data. Cross-references (a procedure's agencies, a unit's agency, an
//! agency's parent) are checked against the document plus what storage already holds.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use crate::agency::{AgencyCode, AgencyInput, UnitInput};
use crate::procedure::ProcedureInput;
use crate::validation::FieldError;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueDoc {
    #[serde(default)]
    pub agencies: Vec<AgencyInput>,
    #[serde(default)]
    pub units: Vec<UnitInput>,
    #[serde(default)]
    pub procedures: Vec<ProcedureInput>,
}

/// An error found in one item of a catalogue document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemError {
    /// `agencies/3`, `procedures/12`.
    pub item: String,
    #[serde(flatten)]
    pub error: FieldError,
}

impl CatalogueDoc {
    /// Validates every item and every cross-reference. `known` answers whether an agency
    /// code already exists in storage (so a document may refer to agencies imported before).
    pub fn validate(&self, known: &dyn Fn(&AgencyCode) -> Option<crate::agency::Level>) -> Vec<ItemError> {
        let mut errors = Vec::new();
        let mut push = |item: String, errs: Vec<FieldError>| {
            errors.extend(errs.into_iter().map(|error| ItemError { item: item.clone(), error }));
        };
        let level_of = |code: &AgencyCode| {
            self.agencies.iter().find(|a| &a.code == code).map(|a| a.level).or_else(|| known(code))
        };
        let mut codes = HashSet::new();
        for (i, a) in self.agencies.iter().enumerate() {
            let mut v = a.validate(a.parent.as_ref().and_then(level_of));
            if !codes.insert(&a.code) {
                v.push("code", "duplicate", None);
            }
            if let Some(p) = &a.parent
                && level_of(p).is_none()
            {
                v.push("parent", "unknown_agency", Some(p.to_string()));
            }
            push(format!("agencies/{i}"), v.into_errors());
        }
        let mut unit_keys = HashSet::new();
        for (i, u) in self.units.iter().enumerate() {
            let mut v = u.validate();
            if level_of(&u.agency).is_none() {
                v.push("agency", "unknown_agency", Some(u.agency.to_string()));
            }
            if !unit_keys.insert((&u.agency, &u.code)) {
                v.push("code", "duplicate", None);
            }
            push(format!("units/{i}"), v.into_errors());
        }
        let mut proc_codes = HashSet::new();
        for (i, p) in self.procedures.iter().enumerate() {
            let mut v = p.validate();
            if !proc_codes.insert(&p.code) {
                v.push("code", "duplicate", None);
            }
            for (j, a) in p.agencies.iter().enumerate() {
                if level_of(a).is_none() {
                    v.push(format!("agencies/{j}"), "unknown_agency", Some(a.to_string()));
                }
            }
            push(format!("procedures/{i}"), v.into_errors());
        }
        errors
    }
}
