//! The fee of a filing, quoted from the procedure's schedule and the form's answers.

use motcua_domain::FieldError;
use motcua_domain::procedure::ProcedureInput;
use motcua_storage::NewFee;

use crate::{AppError, Result};

/// The fee to pay for these answers, or `None` when the procedure has no schedule or the
/// applicant owes nothing (every item waived). A quote that cannot be made from the answers
/// is a field error under `data/`.
pub fn quote_for(p: &ProcedureInput, data: &serde_json::Map<String, serde_json::Value>) -> Result<Option<NewFee>> {
    let Some(schedule) = &p.fee_schedule else {
        return Ok(None);
    };
    let quote = schedule.amount(data).map_err(|e| {
        AppError::Validation(vec![FieldError {
            field: e.field().map_or_else(|| "data".to_owned(), |f| format!("data/{f}")),
            code: e.code(),
            detail: match &e {
                motcua_domain::payment::FeeError::QuantityOutOfRange { min, max, .. } => Some(format!("{min}..{max}")),
                _ => None,
            },
        }])
    })?;
    if quote.is_free() {
        return Ok(None);
    }
    let json = serde_json::to_value(&quote).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Some(NewFee {
        amount: quote.total,
        due: quote.due,
        quote: json,
    }))
}
