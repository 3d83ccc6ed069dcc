//! The itemised amount an applicant owes, computed from the schedule and the form answers.

use serde::Serialize;
use serde_json::{Map, Value};

use super::error::FeeError;
use super::money::Money;
use super::schedule::{FeeDue, FeeItem, FeeSchedule};

/// One line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteLine {
    /// The schedule item's code.
    pub item: String,
    pub description: String,
    /// Units charged (after free units); 1 for fixed and choice items.
    pub quantity: u32,
    #[serde(rename = "unit_amount_vnd")]
    pub unit_amount: Money,
    /// `quantity × unit_amount`, or zero when waived.
    #[serde(rename = "total_vnd")]
    pub total: Money,
    /// Waived by an exemption the applicant falls under.
    pub waived: bool,
}

/// The itemised fee and its total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub due: FeeDue,
    pub lines: Vec<QuoteLine>,
    #[serde(rename = "total_vnd")]
    pub total: Money,
}

impl Quote {
    /// Whether there is nothing to pay (no item charged, or all waived).
    pub fn is_free(&self) -> bool {
        self.total == Money::ZERO
    }
}

impl FeeSchedule {
    /// The quote for these form answers. The schedule is assumed valid against the form
    /// (`validate`); answers are read defensively all the same, so a missing, malformed or
    /// out-of-bounds quantity or choice is an error, never a panic or a wrong amount.
    pub fn amount(&self, values: &Map<String, Value>) -> Result<Quote, FeeError> {
        let mut lines = Vec::with_capacity(self.items.len());
        for item in &self.items {
            let (quantity, unit_amount) = price(item, values)?;
            let waived = self
                .exemptions
                .iter()
                .any(|e| e.waives(item.code()) && answer(values, &e.field).is_some_and(|a| e.values.contains(&a)));
            let total = if waived {
                Money::ZERO
            } else {
                unit_amount.checked_mul(i64::from(quantity)).ok_or(FeeError::Overflow)?
            };
            lines.push(QuoteLine {
                item: item.code().to_owned(),
                description: item.description().to_owned(),
                quantity,
                unit_amount,
                total,
                waived,
            });
        }
        let total = Money::checked_sum(lines.iter().map(|l| l.total)).ok_or(FeeError::Overflow)?;
        Ok(Quote {
            due: self.due,
            lines,
            total,
        })
    }
}

fn price(item: &FeeItem, values: &Map<String, Value>) -> Result<(u32, Money), FeeError> {
    match item {
        FeeItem::Fixed { amount_vnd, .. } => Ok((1, *amount_vnd)),
        FeeItem::PerUnit {
            field,
            unit_amount_vnd,
            free_units,
            min_units,
            max_units,
            ..
        } => {
            let units = quantity(values, field)?;
            if units < i64::from(*min_units) || units > i64::from(*max_units) {
                return Err(FeeError::QuantityOutOfRange {
                    field: field.clone(),
                    min: *min_units,
                    max: *max_units,
                });
            }
            let charged = u32::try_from(units)
                .map_err(|_| FeeError::Overflow)?
                .saturating_sub(*free_units);
            Ok((charged, *unit_amount_vnd))
        }
        FeeItem::ByChoice { field, amounts, .. } => {
            let chosen = answer(values, field).ok_or_else(|| FeeError::ChoiceMissing(field.clone()))?;
            amounts
                .iter()
                .find(|c| c.option == chosen)
                .map(|c| (1, c.amount_vnd))
                .ok_or_else(|| FeeError::ChoiceUnknown(field.clone()))
        }
    }
}

/// A non-empty answer as text: strings trimmed, booleans `true`/`false`, numbers as written.
fn answer(values: &Map<String, Value>, key: &str) -> Option<String> {
    let text = match values.get(key)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A whole number of units, written as a JSON integer or as digits in a string.
fn quantity(values: &Map<String, Value>, key: &str) -> Result<i64, FeeError> {
    let invalid = || FeeError::QuantityInvalid(key.to_owned());
    match values.get(key) {
        None | Some(Value::Null) => Err(FeeError::QuantityMissing(key.to_owned())),
        Some(Value::Number(n)) => n.as_i64().ok_or_else(invalid),
        Some(Value::String(s)) if s.trim().is_empty() => Err(FeeError::QuantityMissing(key.to_owned())),
        Some(Value::String(s)) => {
            let s = s.trim();
            let digits = s.strip_prefix('-').unwrap_or(s);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            s.parse().map_err(|_| invalid())
        }
        Some(_) => Err(invalid()),
    }
}
