//! What Open311 clients may follow and add. A report the public may not see (yet) is shown
//! redacted when it came through Open311, so the client that filed it can follow its
//! status; status updates are the reports' history lines, with text only where the report
//! is public; the client that filed a report (its API key) may add comments to it.

use time::OffsetDateTime;

use motcua_domain::Validation;
use motcua_domain::feedback::Status;
use motcua_domain::feedback::report::{DESCRIPTION_MAX, has_markup};
use motcua_domain::ids::{FeedbackLineId, ReportId};
use motcua_storage::{
    FeedbackChannel, FeedbackComment, FeedbackEvent, FeedbackRecord, FeedbackUpdate, Open311Client, UpdateFilter,
};

use super::submit::check_url;
use crate::{App, AppError, Result};

/// How much of a report an Open311 reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open311View {
    /// A public report: every public field.
    Full,
    /// A report filed through Open311 that is not public: its id, service, status, times and
    /// agency only — no description, place, photos or notes.
    Redacted,
}

/// What an Open311 reader may see of a report: in full when public, redacted when it came
/// through Open311, nothing otherwise.
pub fn open311_view(r: &FeedbackRecord) -> Option<Open311View> {
    if r.public {
        Some(Open311View::Full)
    } else if r.channel == FeedbackChannel::Open311.as_str() {
        Some(Open311View::Redacted)
    } else {
        None
    }
}

/// A report read by id through Open311 (no account), with how much of it may be shown;
/// `NotFound` when nothing may.
pub async fn open311_report(app: &App, id: ReportId) -> Result<(FeedbackRecord, Open311View)> {
    let r = app.store().feedback(id).await?.ok_or(AppError::NotFound)?;
    let view = open311_view(&r).ok_or(AppError::NotFound)?;
    Ok((r, view))
}

/// A line of a report's history as Open311 shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusUpdate {
    pub id: FeedbackLineId,
    pub report_id: ReportId,
    pub at: OffsetDateTime,
    /// The report's state after the line.
    pub status: Status,
    /// What the line says in public: the answer a publication made public, or the
    /// comment of the client; never a text of a report that is not public, never a refusal
    /// reason, a question to the reporter, the reporter's own texts or a transfer's reason.
    pub text: Option<String>,
    /// The link a client's comment carries (public reports only).
    pub media_url: Option<String>,
}

fn status_update(u: FeedbackUpdate) -> StatusUpdate {
    use motcua_domain::feedback::FeedbackActionKind as K;
    let public = u.report_public;
    let (text, media_url) = match u.line.action {
        FeedbackEvent::Act(K::Publish) if public => (u.published_answer, None),
        FeedbackEvent::Comment if public => (u.line.detail.text, u.line.detail.url),
        _ => (None, None),
    };
    StatusUpdate {
        id: u.line.id,
        report_id: u.report_id,
        at: u.line.at,
        status: u.line.to_status,
        text,
        media_url,
    }
}

/// The status updates in `[from, to]`, oldest first: every line after the submission of
/// reports an Open311 reader may follow (public ones, and those filed through Open311).
pub async fn status_updates(
    app: &App,
    from: OffsetDateTime,
    to: OffsetDateTime,
    limit: i64,
    offset: i64,
) -> Result<Vec<StatusUpdate>> {
    let f = UpdateFilter {
        from,
        to,
        without_submit: true,
        public_or_channel: Some(FeedbackChannel::Open311),
        limit,
        offset,
    };
    let updates = app.store().feedback_updates(&f).await?;
    Ok(updates.into_iter().map(status_update).collect())
}

/// A client's comment on a report it filed.
#[derive(Debug, Clone, Copy)]
pub struct Comment<'a> {
    pub report: ReportId,
    pub client: Open311Client,
    pub text: &'a str,
    pub media_url: Option<&'a str>,
    /// The client's own id for the comment: sent again, the first one is returned.
    pub client_ref: Option<&'a str>,
}

/// Adds a comment to a report: only the client that filed it may (`Forbidden` otherwise;
/// `NotFound` for an unknown report). The comment is a history line that leaves the state
/// as it is (a note, not a workflow action: officers see it in the report's timeline).
pub async fn comment(app: &App, c: Comment<'_>) -> Result<FeedbackLineId> {
    let r = app.store().feedback(c.report).await?.ok_or(AppError::NotFound)?;
    if r.client != Some(c.client) {
        return Err(AppError::Forbidden);
    }
    let mut v = Validation::new();
    v.text("description", c.text, DESCRIPTION_MAX);
    if has_markup(c.text) {
        v.push("description", "html_not_allowed", None);
    }
    if let Some(url) = c.media_url {
        check_url(&mut v, url);
    }
    v.finish().map_err(AppError::Validation)?;
    if let Some(reference) = c.client_ref {
        let history = app.store().feedback_history(r.id).await?;
        let earlier = history
            .iter()
            .find(|h| h.action == FeedbackEvent::Comment && h.detail.client_ref.as_deref() == Some(reference));
        if let Some(h) = earlier {
            return Ok(h.id);
        }
    }
    let stored = FeedbackComment {
        report: r.id,
        client: c.client,
        text: c.text.trim(),
        url: c.media_url,
        client_ref: c.client_ref,
        now: OffsetDateTime::now_utc(),
    };
    Ok(app.store().add_feedback_comment(&stored).await?)
}
