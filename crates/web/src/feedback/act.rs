//! Acting on a report: load, authorise, apply the rules, store with a version check.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::feedback::FeedbackAction;
use motcua_domain::feedback::workflow::{Actor, FeedbackError, Rules, apply};
use motcua_storage::{FeedbackRecord, FeedbackTransition};

use super::public::may_read_full;
use crate::error::ApiError;
use crate::state::AppState;

/// Loads a report the caller may read in full (reporter, officers of the responsible
/// agency, system administrators); `NotFound` for everyone else.
pub async fn readable(state: &AppState, who: &Principal, id: i64) -> Result<FeedbackRecord, ApiError> {
    let r = state.store.feedback(id).await?.ok_or(ApiError::NotFound)?;
    if may_read_full(Some(who), &r) {
        Ok(r)
    } else {
        Err(ApiError::NotFound)
    }
}

fn to_api(e: FeedbackError) -> ApiError {
    match e {
        FeedbackError::Invalid(errs) => ApiError::Validation(errs),
        other => ApiError::Feedback(other),
    }
}

/// Applies an action to the report at `version`.
pub async fn act(
    state: &AppState,
    who: &Principal,
    id: i64,
    version: i64,
    action: FeedbackAction,
) -> Result<FeedbackRecord, ApiError> {
    let r = readable(state, who, id).await?;
    if r.version != version {
        return Err(ApiError::Conflict("version"));
    }
    if let FeedbackAction::Transfer { agency_id, .. } = &action
        && !state.catalogue().agencies.iter().any(|a| a.id == *agency_id)
    {
        return Err(super::invalid("agency", "unknown_agency"));
    }
    let now = OffsetDateTime::now_utc();
    let calendar = state.calendar();
    let rules = Rules {
        calendar: &calendar.calendar,
        deadlines: state.settings.feedback.deadlines,
        now,
    };
    let actor = if r.state.reporter_id == Some(who.user_id) && !who.is_officer() {
        Actor::Reporter(who.user_id)
    } else {
        Actor::Officer(who)
    };
    let outcome = apply(&rules, &r.state, actor, &action).map_err(to_api)?;
    let (status_note, answer) = match &action {
        FeedbackAction::Refuse { reason } => (Some(reason.trim().to_owned()), None),
        FeedbackAction::RequestInfo { question } => (Some(question.trim().to_owned()), None),
        FeedbackAction::Answer { text } => (None, Some(text.trim().to_owned())),
        _ => (None, None),
    };
    let t = FeedbackTransition {
        before: &r,
        actor_id: Some(who.user_id),
        action: action.name(),
        detail: serde_json::to_value(&action).unwrap_or_default(),
        outcome: &outcome,
        status_note,
        answer,
        now,
    };
    Ok(state.store.apply_feedback_transition(&t).await?)
}
