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
            errors.extend(errs.into_iter().map(|error| ItemError {
                item: item.clone(),
                error,
            }));
        };
        let level_of = |code: &AgencyCode| {
            self.agencies
                .iter()
                .find(|a| &a.code == code)
                .map(|a| a.level)
                .or_else(|| known(code))
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

/// A problem found while reading a catalogue document, placed at its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedError {
    /// 1-based line in the document; 0 when the document had no lines (an API object).
    pub line: usize,
    /// `procedures/3` when the problem is inside an item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub field: String,
    pub code: &'static str,
    pub detail: Option<String>,
}

/// Where each item of a parsed document starts (1-based line), keyed `procedures/3`.
pub type ItemLines = std::collections::HashMap<String, usize>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc<'a> {
    #[serde(borrow, default)]
    agencies: Vec<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    units: Vec<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    procedures: Vec<&'a serde_json::value::RawValue>,
}

fn line_of(text: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len());
    text.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() + 1
}

/// serde's message without its " at line L column C" (relative to the item, so misleading;
/// the document line is reported on its own).
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.rfind(" at line ").map_or(text.clone(), |i| text[..i].to_owned())
}

fn parse_items<T: serde::de::DeserializeOwned>(
    text: &str,
    list: &str,
    raws: &[&serde_json::value::RawValue],
    lines: &mut ItemLines,
    errors: &mut Vec<LocatedError>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(raws.len());
    for (i, raw) in raws.iter().enumerate() {
        let start = line_of(text, raw.get());
        let item = format!("{list}/{i}");
        lines.insert(item.clone(), start);
        match serde_json::from_str::<T>(raw.get()) {
            Ok(v) => out.push(v),
            Err(e) => errors.push(LocatedError {
                line: start + e.line().saturating_sub(1),
                item: Some(item),
                field: String::new(),
                code: "invalid_item",
                detail: Some(without_position(&e)),
            }),
        }
    }
    out
}

/// Parses a catalogue document, reporting every malformed item with its line, and returns
/// where each item starts so later validation errors can be placed too.
pub fn parse_document(text: &str) -> Result<(CatalogueDoc, ItemLines), Vec<LocatedError>> {
    let raw: RawDoc = serde_json::from_str(text).map_err(|e| {
        vec![LocatedError {
            line: e.line(),
            item: None,
            field: String::new(),
            code: "malformed_json",
            detail: Some(e.to_string()),
        }]
    })?;
    let mut lines = ItemLines::new();
    let mut errors = Vec::new();
    let agencies = parse_items(text, "agencies", &raw.agencies, &mut lines, &mut errors);
    let units = parse_items(text, "units", &raw.units, &mut lines, &mut errors);
    let procedures = parse_items(text, "procedures", &raw.procedures, &mut lines, &mut errors);
    if errors.is_empty() {
        Ok((
            CatalogueDoc {
                agencies,
                units,
                procedures,
            },
            lines,
        ))
    } else {
        Err(errors)
    }
}

/// Places validation errors of items at the lines where those items start.
pub fn locate(errors: Vec<ItemError>, lines: &ItemLines) -> Vec<LocatedError> {
    errors
        .into_iter()
        .map(|e| LocatedError {
            line: lines.get(&e.item).copied().unwrap_or(0),
            item: Some(e.item),
            field: e.error.field,
            code: e.error.code,
            detail: e.error.detail,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_items_are_reported_at_their_line() {
        let text = "{\n  \"agencies\": [\n    {\"code\": \"H15\", \"name\": \"Tỉnh\", \"level\": \"province\"},\n    {\"code\": \"h15.x\", \"name\": \"X\", \"level\": \"province\"}\n  ]\n}";
        let errs = parse_document(text).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 4);
        assert_eq!(errs[0].item.as_deref(), Some("agencies/1"));
    }

    #[test]
    fn syntax_errors_carry_the_line() {
        let errs = parse_document("{\n\"agencies\": [\n{,}\n]}").unwrap_err();
        assert_eq!((errs[0].line, errs[0].code), (3, "malformed_json"));
        let errs = parse_document("{\"colour\": 1}").unwrap_err();
        assert!(errs[0].detail.as_deref().unwrap_or("").contains("unknown field"));
    }

    #[test]
    fn validation_errors_are_placed_at_their_item() {
        let text = "{\"agencies\": [\n{\"code\": \"H15\", \"name\": \"\", \"level\": \"province\"}\n]}";
        let (doc, lines) = parse_document(text).unwrap();
        let located = locate(doc.validate(&|_| None), &lines);
        assert_eq!(
            (located[0].line, located[0].field.as_str(), located[0].code),
            (2, "name", "required")
        );
    }
}
