//! Acting on a report: load, authorise, apply the rules, store with a version check.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::feedback::workflow::{Actor, Rules, apply};
use motcua_domain::feedback::{FeedbackAction, FeedbackActionKind};
use motcua_domain::ids::ReportId;
use motcua_storage::{FeedbackDetail, FeedbackRecord, FeedbackTransition};

use super::public::may_read_full;
use crate::{App, AppError, Result};

/// Loads a report the caller may read in full (reporter, officers of the responsible
/// agency, system administrators); `NotFound` for everyone else.
pub async fn readable(app: &App, who: &Principal, id: ReportId) -> Result<FeedbackRecord> {
    let r = app.store().feedback(id).await?.ok_or(AppError::NotFound)?;
    if may_read_full(Some(who), &r) {
        Ok(r)
    } else {
        Err(AppError::NotFound)
    }
}

/// What `who` may do with the report now: exactly what the rules would accept.
pub fn available_actions(who: &Principal, r: &FeedbackRecord) -> Vec<FeedbackActionKind> {
    motcua_domain::feedback::available_actions(&r.state, Actor::of(who, r.state.reporter_id))
}

/// Applies an action to the report at `version`.
pub async fn act(
    app: &App,
    who: &Principal,
    id: ReportId,
    version: i64,
    action: FeedbackAction,
) -> Result<FeedbackRecord> {
    let r = readable(app, who, id).await?;
    if r.version != version {
        return Err(AppError::Conflict("version"));
    }
    if let FeedbackAction::Transfer { agency_id, .. } = &action
        && app.catalogue().agency_by_id(*agency_id).is_none()
    {
        return Err(AppError::invalid("agency", "unknown_agency"));
    }
    let now = OffsetDateTime::now_utc();
    let calendar = app.calendar();
    let rules = Rules {
        calendar: &calendar.calendar,
        deadlines: app.settings().feedback.deadlines,
        now,
    };
    let outcome = apply(&rules, &r.state, Actor::of(who, r.state.reporter_id), &action)?;
    let (status_note, answer) = match &action {
        FeedbackAction::Refuse { reason } => (Some(reason.trim().to_owned()), None),
        FeedbackAction::RequestInfo { question } => (Some(question.trim().to_owned()), None),
        FeedbackAction::Answer { text } => (None, Some(text.trim().to_owned())),
        _ => (None, None),
    };
    let t = FeedbackTransition {
        before: &r,
        actor_id: Some(who.user_id),
        action: action.kind(),
        detail: FeedbackDetail::of(&action),
        outcome: &outcome,
        status_note,
        answer,
        now,
    };
    Ok(app.store().apply_feedback_transition(&t).await?)
}
