//! Writes: a new report with its photos, and transitions with a version check.

use motcua_domain::ids::{ReportId, UnitId, UserId};
use serde_json::json;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use motcua_domain::dossier::Timeliness;
use motcua_domain::feedback::FeedbackState;
use motcua_domain::feedback::workflow::is_public;

use super::stored::{self, FeedbackDetail, FeedbackEvent};
use super::{FeedbackRecord, FeedbackTransition, NewFeedback, ms};
use crate::dossiers::outbox_in;
use crate::dossiers::stored::timeliness as timeliness_name;
use crate::{Result, StorageError, Store, audit};

pub(super) struct Line<'a> {
    feedback_id: ReportId,
    actor: Option<UserId>,
    action: FeedbackEvent,
    from: Option<&'a FeedbackState>,
    to: &'a FeedbackState,
    deadline: Option<OffsetDateTime>,
    timeliness: Option<Timeliness>,
    detail: &'a FeedbackDetail,
    now: OffsetDateTime,
}

pub(super) async fn history_in(conn: &mut AnyConnection, l: Line<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO feedback_history (feedback_id, at, actor_id, action, from_status, to_status, agency_id, deadline, \
         timeliness, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(l.feedback_id.get())
    .bind(ms(l.now))
    .bind(l.actor.map(UserId::get))
    .bind(stored::event(l.action))
    .bind(l.from.map(|s| stored::status(s.status)))
    .bind(stored::status(l.to.status))
    .bind(l.to.agency_id.get())
    .bind(l.deadline.map(ms))
    .bind(l.timeliness.map(timeliness_name))
    .bind(stored::detail(l.action, l.detail))
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Stores a new report, its photos, its first history line, an outbox event and an audit
    /// record in one transaction. A report whose `external_ref` is already stored is not
    /// stored again: the existing one is returned.
    pub async fn insert_feedback(&self, f: &NewFeedback<'_>) -> Result<FeedbackRecord> {
        if let Some(r) = &f.external_ref
            && let Some(existing) = self.feedback_by_external_ref(r).await?
        {
            return Ok(existing);
        }
        let r = f.report;
        let s = f.state;
        let public = is_public(f.classification, s.status);
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar::<_, i64>(
            "INSERT INTO feedback (token, category_code, classification, channel, external_ref, description, answers, \
             lat, lon, address, area_code, dossier_code, reporter_id, anonymous, contact, device_id, account_ref, \
             agency_id, unit_id, status, public, counted_from, due_at, answered_at, reopened, requested_at, updated_at, \
             version, open311_client) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18, $19, $20, $21, $22, $23, NULL, 0, $24, $24, 1, $25) RETURNING id",
        )
        .bind(&f.token)
        .bind(&r.category)
        .bind(f.classification.as_str())
        .bind(f.channel.as_str())
        .bind(f.external_ref.as_deref())
        .bind(&r.description)
        .bind(serde_json::to_string(&r.answers)?)
        .bind(r.point.map(|p| p.lat))
        .bind(r.point.map(|p| p.lon))
        .bind(r.address.as_deref())
        .bind(f.area.as_deref())
        .bind(r.dossier_code.as_deref())
        .bind(s.reporter_id.map(UserId::get))
        .bind(i64::from(r.anonymous))
        .bind(serde_json::to_string(&r.contact)?)
        .bind(f.device_id.as_deref())
        .bind(f.account_ref.as_deref())
        .bind(s.agency_id.get())
        .bind(s.unit_id.map(UnitId::get))
        .bind(stored::status(s.status))
        .bind(i64::from(public))
        .bind(ms(s.counted_from))
        .bind(s.due_at.map(ms))
        .bind(ms(f.now))
        .bind(f.client.map(stored::client))
        .fetch_one(&mut *tx)
        .await
        .map_err(StorageError::unique("external_ref"))?;
        for m in &f.media {
            sqlx::query(
                "INSERT INTO feedback_media (feedback_id, sha256, content_type, size_bytes, url, added_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(m.sha256.as_deref())
            .bind(m.content_type.as_deref())
            .bind(m.size_bytes)
            .bind(m.url.as_deref())
            .bind(ms(f.now))
            .execute(&mut *tx)
            .await?;
        }
        let id = ReportId(id);
        let detail = FeedbackDetail {
            channel: Some(f.channel.as_str().to_owned()),
            category: Some(r.category.clone()),
            ..FeedbackDetail::default()
        };
        let line = Line {
            feedback_id: id,
            actor: s.reporter_id,
            action: FeedbackEvent::Submit,
            from: None,
            to: s,
            deadline: s.due_at,
            timeliness: None,
            detail: &detail,
            now: f.now,
        };
        history_in(&mut tx, line).await?;
        let key = id.to_string();
        let payload = json!({"id": id, "action": "submit", "status": stored::status(s.status)});
        outbox_in(&mut tx, "feedback.submit", &key, payload, f.now).await?;
        let audit_detail = json!({"channel": f.channel.as_str(), "category": r.category});
        audit::record(
            &mut tx,
            s.reporter_id,
            "feedback.submit",
            ("feedback", &key),
            audit_detail,
        )
        .await?;
        tx.commit().await?;
        self.feedback(id).await?.ok_or(StorageError::NotFound)
    }

    /// Stores a transition if the report is still at the version the caller loaded;
    /// `Conflict("version")` and nothing written otherwise.
    pub async fn apply_feedback_transition(&self, t: &FeedbackTransition<'_>) -> Result<FeedbackRecord> {
        let before = t.before;
        let s = &t.outcome.state;
        let public = is_public(before.classification, s.status);
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE feedback SET status = $1, agency_id = $2, unit_id = $3, counted_from = $4, due_at = $5, \
             answered_at = $6, reopened = $7, public = $8, status_note = COALESCE($9, status_note), \
             answer = COALESCE($10, answer), updated_at = $11, version = version + 1 WHERE id = $12 AND version = $13",
        )
        .bind(stored::status(s.status))
        .bind(s.agency_id.get())
        .bind(s.unit_id.map(UnitId::get))
        .bind(ms(s.counted_from))
        .bind(s.due_at.map(ms))
        .bind(s.answered_at.map(ms))
        .bind(s.reopened)
        .bind(i64::from(public))
        .bind(t.status_note.as_deref())
        .bind(t.answer.as_deref())
        .bind(ms(t.now))
        .bind(before.id.get())
        .bind(before.version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::Conflict("version"));
        }
        let line = Line {
            feedback_id: before.id,
            actor: t.actor_id,
            action: FeedbackEvent::Act(t.action),
            from: Some(&before.state),
            to: s,
            deadline: t.outcome.deadline,
            timeliness: t.outcome.timeliness,
            detail: &t.detail,
            now: t.now,
        };
        history_in(&mut tx, line).await?;
        let key = before.id.to_string();
        let name = t.action.as_str();
        let payload = json!({"id": before.id, "action": name, "status": stored::status(s.status)});
        outbox_in(&mut tx, &format!("feedback.{name}"), &key, payload, t.now).await?;
        let audit_detail = json!({"to": stored::status(s.status), "agency_id": s.agency_id});
        audit::record(
            &mut tx,
            t.actor_id,
            &format!("feedback.{name}"),
            ("feedback", &key),
            audit_detail,
        )
        .await?;
        tx.commit().await?;
        self.feedback(before.id).await?.ok_or(StorageError::NotFound)
    }
}
