//! The working-day calendar's yearly corrections and office hours (system administrators).

use motcua_domain::account::Principal;
use motcua_domain::calendar::{CalendarOverride, OfficeHours};

use crate::{App, AppError, Result};

/// Only system administrators keep the calendar (checked first, before any input).
pub fn authorise(who: &Principal) -> Result<()> {
    if who.is_system_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The stored corrections (days off and working days), by date.
pub async fn overrides(app: &App) -> Result<Vec<CalendarOverride>> {
    Ok(app.store().calendar_overrides().await?)
}

/// Adds or replaces the correction of a date.
pub async fn set_override(app: &App, who: &Principal, o: &CalendarOverride) -> Result<()> {
    authorise(who)?;
    if o.name.chars().count() > 200 {
        return Err(AppError::Validation(vec![motcua_domain::FieldError {
            field: "name".into(),
            code: "too_long",
            detail: Some("200".into()),
        }]));
    }
    app.store().set_calendar_override(Some(who.user_id), o).await?;
    app.refresh_calendar().await
}

/// Removes the correction of a date (`NotFound` when there is none).
pub async fn delete_override(app: &App, who: &Principal, date: time::Date) -> Result<()> {
    authorise(who)?;
    app.store().delete_calendar_override(Some(who.user_id), date).await?;
    app.refresh_calendar().await
}

/// Replaces the office hours.
pub async fn set_office_hours(app: &App, who: &Principal, hours: &OfficeHours) -> Result<()> {
    authorise(who)?;
    app.store().set_office_hours(Some(who.user_id), hours).await?;
    app.refresh_calendar().await
}
