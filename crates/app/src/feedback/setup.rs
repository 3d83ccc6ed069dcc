//! Replacing the feedback setup (categories, areas, routing rules), checked whole.

use motcua_domain::account::Principal;
use motcua_domain::feedback::Setup;

use crate::{App, AppError, Result};

/// Replaces the setup if every reference in it is valid and the stored version is still
/// `expected` (the current one when not given); `who` is `None` from the command line.
/// Returns the new version.
pub async fn save_setup(app: &App, who: Option<&Principal>, setup: &Setup, expected: Option<i64>) -> Result<i64> {
    if who.is_some_and(|p| !p.is_system_admin()) {
        return Err(AppError::Forbidden);
    }
    let agencies = app.store().list_agencies().await?;
    setup
        .validate(&|code| agencies.iter().any(|a| a.code == code))
        .finish()
        .map_err(AppError::Validation)?;
    let current = app.store().feedback_setup().await?.map(|(_, v)| v);
    let expected = expected.or(current);
    let v = app
        .store()
        .save_feedback_setup(setup, expected, who.map(|p| p.user_id), time::OffsetDateTime::now_utc())
        .await?;
    app.refresh_feedback_setup().await?;
    Ok(v)
}
