//! Reading reports: one report for whoever may see it, its history and photos, listings,
//! nearby reports, votes on published answers.

use std::collections::HashMap;

use bytes::Bytes;
use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::feedback::Point;
use motcua_domain::ids::{MediaId, ReportId};
use motcua_storage::{FeedbackFilter, FeedbackHistory, FeedbackRecord, Media};

use super::public::may_read_full;
use crate::{App, AppError, Result};

/// A report for `who` (anyone for a public report): the record and whether they may read
/// it in full; `NotFound` when they may see neither.
pub async fn report_for(app: &App, who: Option<&Principal>, id: ReportId) -> Result<(FeedbackRecord, bool)> {
    let r = app.store().feedback(id).await?.ok_or(AppError::NotFound)?;
    let full = may_read_full(who, &r);
    if full || r.public {
        Ok((r, full))
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn history(app: &App, id: ReportId) -> Result<Vec<FeedbackHistory>> {
    Ok(app.store().feedback_history(id).await?)
}

pub async fn media(app: &App, id: ReportId) -> Result<Vec<Media>> {
    Ok(app.store().feedback_media(id).await?)
}

/// A stored photo of a report `who` may see: its type, bytes, and whether the report is
/// public (public photos may be cached).
pub async fn photo(app: &App, who: Option<&Principal>, id: ReportId, media: MediaId) -> Result<(String, Bytes, bool)> {
    let (r, _) = report_for(app, who, id).await?;
    let m = app
        .store()
        .feedback_media(r.id)
        .await?
        .into_iter()
        .find(|m| m.id == media)
        .ok_or(AppError::NotFound)?;
    let (Some(sha), Some(content_type)) = (m.sha256, m.content_type) else {
        return Err(AppError::NotFound);
    };
    Ok((content_type, app.files().get(&sha).await?, r.public))
}

/// The first photo or link of each report (one query for a whole listing).
pub async fn first_media(app: &App, ids: &[ReportId]) -> Result<HashMap<ReportId, Media>> {
    Ok(app.store().first_media_of(ids).await?)
}

/// Reports matching a filter (callers set `public_only` for public listings).
pub async fn list(app: &App, f: &FeedbackFilter) -> Result<Vec<FeedbackRecord>> {
    Ok(app.store().list_feedback(f).await?)
}

/// Public reports of a category within the configured radius of a point, nearest first,
/// with their distance in metres.
pub async fn nearby(app: &App, category: &str, at: Point, limit: usize) -> Result<Vec<(FeedbackRecord, f64)>> {
    let radius = app.settings().feedback.nearby_radius_m;
    Ok(app.store().nearby_feedback(category, at, radius, limit).await?)
}

pub async fn by_token(app: &App, token: &str) -> Result<Option<FeedbackRecord>> {
    Ok(app.store().feedback_by_token(token).await?)
}

pub async fn by_external_ref(app: &App, external_ref: &str) -> Result<Option<FeedbackRecord>> {
    Ok(app.store().feedback_by_external_ref(external_ref).await?)
}

/// A citizen likes (+1) or dislikes (−1) a published answer; a new vote replaces the old.
/// Officers do not vote; a report that is not public is not found.
pub async fn vote(app: &App, who: &Principal, id: ReportId, value: i64) -> Result<(i64, i64)> {
    if who.is_officer() {
        return Err(AppError::Forbidden);
    }
    if !matches!(value, 1 | -1) {
        return Err(AppError::invalid("value", "invalid_choice"));
    }
    let r = app
        .store()
        .feedback(id)
        .await?
        .filter(|r| r.public)
        .ok_or(AppError::NotFound)?;
    Ok(app
        .store()
        .vote_feedback(r.id, who.user_id, value, OffsetDateTime::now_utc())
        .await?)
}

/// The user's vote on a report, if any.
pub async fn my_vote(app: &App, who: &Principal, id: ReportId) -> Result<Option<i64>> {
    Ok(app.store().feedback_vote_of(id, who.user_id).await?)
}
