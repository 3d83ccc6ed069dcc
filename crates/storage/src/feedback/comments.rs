//! Open311 clients' comments on the reports they filed (history lines that leave the state
//! as it is), and the history read by time across reports (Open311 `servicerequestupdates`).

use motcua_domain::feedback::FeedbackActionKind;
use motcua_domain::ids::{FeedbackLineId, ReportId};
use serde_json::json;
use sqlx::Row;
use time::OffsetDateTime;

use super::query::history_of;
use super::stored::{self, FeedbackDetail, FeedbackEvent};
use super::{Channel, FeedbackHistory, Open311Client, ms};
use crate::dossiers::outbox_in;
use crate::{Result, StorageError, Store, audit};

/// A client's comment to store on a report.
pub struct FeedbackComment<'a> {
    pub report: ReportId,
    pub client: Open311Client,
    pub text: &'a str,
    /// A link the comment carries (a photo the client hosts).
    pub url: Option<&'a str>,
    /// The client's own id for the comment.
    pub client_ref: Option<&'a str>,
    pub now: OffsetDateTime,
}

/// Which history lines to read across reports: within `[from, to]`, oldest first.
#[derive(Debug, Clone)]
pub struct UpdateFilter {
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
    /// Leave out the first line of each report (its submission).
    pub without_submit: bool,
    /// Only lines of reports that are public, or that came through this channel.
    pub public_or_channel: Option<Channel>,
    pub limit: i64,
    pub offset: i64,
}

/// A history line with what is needed to show it as an update of its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackUpdate {
    pub report_id: ReportId,
    /// Whether the report is public now.
    pub report_public: bool,
    pub line: FeedbackHistory,
    /// For a publication: the text of the answer it published (the last answer before it).
    pub published_answer: Option<String>,
}

impl Store {
    /// Stores a comment as a history line of the report (its state unchanged, its update
    /// time moved on), with an outbox event and an audit record, in one transaction.
    /// `NotFound` for an unknown report.
    pub async fn add_feedback_comment(&self, c: &FeedbackComment<'_>) -> Result<FeedbackLineId> {
        let mut tx = self.write.begin().await?;
        // The UPDATE takes the row first, so the line below records the state it is in.
        let done = sqlx::query(
            "UPDATE feedback SET updated_at = CASE WHEN updated_at < $1 THEN $1 ELSE updated_at END WHERE id = $2",
        )
        .bind(ms(c.now))
        .bind(c.report.get())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::NotFound);
        }
        let detail = FeedbackDetail {
            text: Some(c.text.to_owned()),
            url: c.url.map(str::to_owned),
            client_ref: c.client_ref.map(str::to_owned),
            ..FeedbackDetail::default()
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO feedback_history (feedback_id, at, action, from_status, to_status, agency_id, detail) \
             SELECT id, $1, $2, status, status, agency_id, $3 FROM feedback WHERE id = $4 RETURNING id",
        )
        .bind(ms(c.now))
        .bind(stored::event(FeedbackEvent::Comment))
        .bind(stored::detail(FeedbackEvent::Comment, &detail))
        .bind(c.report.get())
        .fetch_one(&mut *tx)
        .await?;
        let key = c.report.to_string();
        let payload = json!({"id": c.report, "action": "comment", "line": id});
        outbox_in(&mut tx, "feedback.comment", &key, payload, c.now).await?;
        let audit_detail = json!({"client": stored::client(c.client), "line": id});
        audit::record(&mut tx, None, "feedback.comment", ("feedback", &key), audit_detail).await?;
        tx.commit().await?;
        Ok(FeedbackLineId(id))
    }

    /// History lines across reports in a time window, oldest first.
    pub async fn feedback_updates(&self, f: &UpdateFilter) -> Result<Vec<FeedbackUpdate>> {
        // One statement text: a filter that is off gets a value that matches every row
        // (no stored action is empty; `public` is 0 or 1).
        let rows = sqlx::query(
            "SELECT h.id, h.at, h.actor_id, h.action, h.from_status, h.to_status, h.agency_id, h.deadline, \
             h.timeliness, h.detail, h.feedback_id, f.public AS report_public, \
             CASE WHEN h.action = $1 THEN (SELECT a.detail FROM feedback_history a WHERE a.feedback_id = h.feedback_id \
             AND a.action = $2 AND a.id < h.id ORDER BY a.id DESC LIMIT 1) END AS answer_detail \
             FROM feedback_history h JOIN feedback f ON f.id = h.feedback_id \
             WHERE h.at >= $3 AND h.at <= $4 AND h.action <> $5 AND (f.public >= $6 OR f.channel = $7) \
             ORDER BY h.at, h.id LIMIT $8 OFFSET $9",
        )
        .bind(stored::event(FeedbackEvent::Act(FeedbackActionKind::Publish)))
        .bind(stored::event(FeedbackEvent::Act(FeedbackActionKind::Answer)))
        .bind(ms(f.from))
        .bind(ms(f.to))
        .bind(if f.without_submit {
            stored::event(FeedbackEvent::Submit)
        } else {
            ""
        })
        .bind(i64::from(f.public_or_channel.is_some()))
        .bind(f.public_or_channel.map_or("", Channel::as_str))
        .bind(f.limit.clamp(0, 10_000))
        .bind(f.offset.max(0))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let answer: Option<String> = r.try_get("answer_detail")?;
                Ok(FeedbackUpdate {
                    report_id: ReportId(r.try_get("feedback_id")?),
                    report_public: r.try_get::<i64, _>("report_public")? != 0,
                    line: history_of(r)?,
                    published_answer: answer
                        .as_deref()
                        .map(stored::parse_detail)
                        .transpose()?
                        .and_then(|d| d.text),
                })
            })
            .collect()
    }
}
