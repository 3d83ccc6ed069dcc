//! Checks a fee schedule against the procedure's form. Paths are relative to the schedule
//! (`items/2/field`); the procedure nests them under `fee_schedule`, and the catalogue import
//! places them at the procedure's line like every other error.

use std::collections::HashSet;

use super::money::{MAX_AMOUNT_VND, Money};
use super::schedule::{Exemption, FeeItem, FeeSchedule, MAX_UNITS_CAP};
use crate::procedure::form::{self, FieldKind, FormField};
use crate::validation::Validation;

const DESCRIPTION_MAX: usize = 1000;

impl FeeSchedule {
    /// Checks every item and exemption against `form`. Codes: `empty_schedule`,
    /// `duplicate_item`, `unknown_field`, `wrong_field_kind`, `field_not_required`,
    /// `negative_amount`, `amount_too_large`, `unknown_option`, `duplicate_option`,
    /// `option_not_priced`, `unknown_item`, `out_of_range`, plus `required`, `too_long`,
    /// `invalid_format` and `duplicate` as elsewhere.
    pub fn validate(&self, form: &[FormField]) -> Validation {
        let mut v = Validation::new();
        if self.items.is_empty() {
            v.push("items", "empty_schedule", None);
        }
        let mut codes = HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let at = |f: &str| format!("items/{i}/{f}");
            if !form::is_key(item.code()) {
                v.push(at("code"), "invalid_format", Some("a-z 0-9 _".into()));
            } else if !codes.insert(item.code()) {
                v.push(at("code"), "duplicate_item", Some(item.code().to_owned()));
            }
            v.text(&at("description"), item.description(), DESCRIPTION_MAX);
            validate_item(&mut v, &at, item, form);
        }
        for (i, exemption) in self.exemptions.iter().enumerate() {
            validate_exemption(&mut v, &format!("exemptions/{i}"), exemption, form, &codes);
        }
        v
    }
}

fn validate_item(v: &mut Validation, at: &dyn Fn(&str) -> String, item: &FeeItem, form: &[FormField]) {
    match item {
        FeeItem::Fixed { amount_vnd, .. } => amount(v, &at("amount_vnd"), *amount_vnd),
        FeeItem::PerUnit {
            field,
            unit_amount_vnd,
            free_units,
            min_units,
            max_units,
            ..
        } => {
            amount(v, &at("unit_amount_vnd"), *unit_amount_vnd);
            quantity_field(v, &at("field"), field, form, &[FieldKind::Number]);
            if !(1..=MAX_UNITS_CAP).contains(max_units) {
                v.push(at("max_units"), "out_of_range", Some(format!("1..{MAX_UNITS_CAP}")));
            }
            if min_units > max_units {
                v.push(at("min_units"), "out_of_range", Some(format!("0..{max_units}")));
            }
            if free_units > max_units {
                v.push(at("free_units"), "out_of_range", Some(format!("0..{max_units}")));
            }
        }
        FeeItem::ByChoice { field, amounts, .. } => {
            let select = quantity_field(v, &at("field"), field, form, &[FieldKind::Select]);
            if amounts.is_empty() {
                v.push(at("amounts"), "required", None);
            }
            let mut seen = HashSet::new();
            for (j, choice) in amounts.iter().enumerate() {
                amount(v, &at(&format!("amounts/{j}/amount_vnd")), choice.amount_vnd);
                if !seen.insert(choice.option.as_str()) {
                    v.push(at(&format!("amounts/{j}/option")), "duplicate_option", None);
                } else if select.is_some_and(|f| !f.options.contains(&choice.option)) {
                    v.push(
                        at(&format!("amounts/{j}/option")),
                        "unknown_option",
                        Some(choice.option.clone()),
                    );
                }
            }
            for option in select.map(|f| f.options.as_slice()).unwrap_or_default() {
                if !seen.contains(option.as_str()) {
                    v.push(at("amounts"), "option_not_priced", Some(option.clone()));
                }
            }
        }
    }
}

fn validate_exemption(v: &mut Validation, at: &str, e: &Exemption, form: &[FormField], items: &HashSet<&str>) {
    let field = known_field(
        v,
        &format!("{at}/field"),
        &e.field,
        form,
        &[FieldKind::Select, FieldKind::Checkbox],
    );
    if e.values.is_empty() {
        v.push(format!("{at}/values"), "required", None);
    }
    for (j, value) in e.values.iter().enumerate() {
        let ok = match field.map(|f| f.kind) {
            Some(FieldKind::Select) => field.is_some_and(|f| f.options.contains(value)),
            Some(FieldKind::Checkbox) => value == "true",
            _ => true,
        };
        if !ok {
            v.push(format!("{at}/values/{j}"), "unknown_option", Some(value.clone()));
        } else if e.values[..j].contains(value) {
            v.push(format!("{at}/values/{j}"), "duplicate", None);
        }
    }
    if let Some(waived) = &e.waived_items {
        if waived.is_empty() {
            v.push(format!("{at}/waived_items"), "required", None);
        }
        for (j, item) in waived.iter().enumerate() {
            if !items.contains(item.as_str()) {
                v.push(format!("{at}/waived_items/{j}"), "unknown_item", Some(item.clone()));
            }
        }
    }
}

fn amount(v: &mut Validation, at: &str, amount: Money) {
    if amount.is_negative() {
        v.push(at, "negative_amount", None);
    } else if amount.dong() > MAX_AMOUNT_VND {
        v.push(at, "amount_too_large", Some(MAX_AMOUNT_VND.to_string()));
    }
}

/// The field an amount depends on: it must exist, be of one of `kinds`, and be required
/// (a fee cannot be computed from an answer the applicant may leave out).
fn quantity_field<'f>(
    v: &mut Validation,
    at: &str,
    key: &str,
    form: &'f [FormField],
    kinds: &[FieldKind],
) -> Option<&'f FormField> {
    let field = known_field(v, at, key, form, kinds)?;
    if !field.required {
        v.push(at, "field_not_required", Some(key.to_owned()));
    }
    Some(field)
}

fn known_field<'f>(
    v: &mut Validation,
    at: &str,
    key: &str,
    form: &'f [FormField],
    kinds: &[FieldKind],
) -> Option<&'f FormField> {
    let Some(field) = form.iter().find(|f| f.key == key) else {
        v.push(at, "unknown_field", Some(key.to_owned()));
        return None;
    };
    if !kinds.contains(&field.kind) {
        let expected = kinds.iter().map(kind_name).collect::<Vec<_>>().join(",");
        v.push(at, "wrong_field_kind", Some(expected));
        return None;
    }
    Some(field)
}

fn kind_name(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Number => "number",
        FieldKind::Select => "select",
        FieldKind::Checkbox => "checkbox",
        _ => "other",
    }
}
