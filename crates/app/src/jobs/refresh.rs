//! Picks up changes made by other nodes (catalogue, calendar, feedback setup) and purges
//! expired sessions.

use crate::App;

/// One pass; failures are logged and retried on the next tick.
pub async fn refresh_snapshots(app: &App) {
    let store = app.store();
    match store.catalogue_revision().await {
        Ok(rev) if rev != app.catalogue().revision => {
            if let Err(e) = app.refresh_catalogue().await {
                tracing::warn!(error = %e, "catalogue refresh failed");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "catalogue revision check failed"),
    }
    match store.calendar_revision().await {
        Ok(rev) if rev != app.calendar().revision => {
            if let Err(e) = app.refresh_calendar().await {
                tracing::warn!(error = %e, "calendar refresh failed");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "calendar revision check failed"),
    }
    match store.feedback_setup().await {
        Ok(Some((_, v))) if v != app.feedback_setup().version => {
            if let Err(e) = app.refresh_feedback_setup().await {
                tracing::warn!(error = %e, "feedback setup refresh failed");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "feedback setup check failed"),
    }
    if let Err(e) = store.purge_expired_sessions().await {
        tracing::warn!(error = %e, "session purge failed");
    }
    // Photos kept for a reporter's next try live a day.
    let day_ago = time::OffsetDateTime::now_utc() - time::Duration::days(1);
    if let Err(e) = store.purge_kept_photos(day_ago).await {
        tracing::warn!(error = %e, "kept photo purge failed");
    }
}
