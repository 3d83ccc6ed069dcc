//! Dossiers: filing (code from the per-agency daily sequence, in the same transaction),
//! transitions with an optimistic version check, the append-only history, form-05 rows and
//! an outbox event written with every change, queues for officers and applicants.

use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use motcua_domain::agency::AgencyCode;
use motcua_domain::dossier::{Applicant, DossierState, Outcome, Process, Status, code};
use motcua_domain::procedure::Channel;

use crate::{Result, StorageError, Store, audit, now_ms};

pub fn to_ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

pub fn from_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A dossier being filed.
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub procedure_id: i64,
    pub form_version: i64,
    pub agency_id: i64,
    pub agency_code: AgencyCode,
    pub applicant_id: Option<i64>,
    pub filed_by: Option<i64>,
    pub channel: Channel,
    pub applicant: Applicant,
    pub data: serde_json::Value,
    /// Secret for the public look-up (printed with the code as a QR code on the receipt).
    pub secret: String,
    /// Attach the files this user uploaded to the draft of this procedure.
    pub draft_files_of: Option<i64>,
    pub now: OffsetDateTime,
}

/// A stored dossier.
#[derive(Clone, PartialEq)]
pub struct DossierRecord {
    pub id: i64,
    pub code: String,
    pub secret: String,
    pub procedure_id: i64,
    pub form_version: i64,
    pub receiving_agency_id: i64,
    pub filed_by: Option<i64>,
    pub channel: Channel,
    pub applicant: Applicant,
    pub data: serde_json::Value,
    pub submitted_at: OffsetDateTime,
    pub finished_at: Option<OffsetDateTime>,
    pub state: DossierState,
    pub version: i64,
}

impl std::fmt::Debug for DossierRecord {
    // Applicant data and form values are personal: keep them out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DossierRecord")
            .field("id", &self.id)
            .field("code", &self.code)
            .field("status", &self.state.status)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// One line of a dossier's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: OffsetDateTime,
    pub actor_id: Option<i64>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub to_step: i64,
    pub agency_id: i64,
    pub detail: serde_json::Value,
}

/// One row of the process-control slip (form 05).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOverRow {
    pub step: String,
    pub agency_id: i64,
    pub started_at: OffsetDateTime,
    pub finished_at: OffsetDateTime,
    pub due_at: Option<OffsetDateTime>,
    pub timeliness: String,
}

/// A transition to store: `before` is the dossier as the caller loaded it; its version is
/// the one expected in the database.
pub struct Transition<'a> {
    pub before: &'a DossierRecord,
    pub actor_id: Option<i64>,
    pub action: &'a str,
    /// What the action said (reasons, requested items, new date): shown in the timeline.
    pub detail: serde_json::Value,
    pub outcome: &'a Outcome,
    pub now: OffsetDateTime,
}

/// Officers' queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Filed online, waiting for reception.
    New,
    /// Being processed.
    InProgress,
    /// Due within the next `hours`.
    DueSoon {
        hours: i64,
    },
    Overdue,
    WaitingSupplement,
    /// Processed, the result to return.
    ResultReady,
}

const COLUMNS: &str = "id, code, secret, procedure_id, form_version, receiving_agency_id, agency_id, applicant_id, filed_by, \
    channel, status, step, applicant, data, submitted_at, received_at, due_at, step_started_at, step_due_at, \
    supplements_requested, extensions, finished_at, version";

fn opt_time(r: &AnyRow, col: &str) -> Result<Option<OffsetDateTime>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(from_ms))
}

fn from_row(r: &AnyRow) -> Result<DossierRecord> {
    let status: String = r.try_get("status")?;
    let channel: String = r.try_get("channel")?;
    let applicant: String = r.try_get("applicant")?;
    let data: String = r.try_get("data")?;
    let count = |c: &str| -> Result<u32> { Ok(u32::try_from(r.try_get::<i64, _>(c)?).unwrap_or(0)) };
    Ok(DossierRecord {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        secret: r.try_get("secret")?,
        procedure_id: r.try_get("procedure_id")?,
        form_version: r.try_get("form_version")?,
        receiving_agency_id: r.try_get("receiving_agency_id")?,
        filed_by: r.try_get("filed_by")?,
        channel: Channel::parse(&channel).ok_or_else(|| StorageError::Corrupt(format!("channel {channel}")))?,
        applicant: serde_json::from_str(&applicant)?,
        data: serde_json::from_str(&data)?,
        submitted_at: from_ms(r.try_get("submitted_at")?),
        finished_at: opt_time(r, "finished_at")?,
        state: DossierState {
            status: Status::parse(&status).ok_or_else(|| StorageError::Corrupt(format!("status {status}")))?,
            step: usize::try_from(r.try_get::<i64, _>("step")?).unwrap_or(0),
            agency_id: r.try_get("agency_id")?,
            applicant_id: r.try_get("applicant_id")?,
            received_at: opt_time(r, "received_at")?,
            due_at: opt_time(r, "due_at")?,
            step_started_at: opt_time(r, "step_started_at")?,
            step_due_at: opt_time(r, "step_due_at")?,
            supplements_requested: count("supplements_requested")?,
            extensions: count("extensions")?,
        },
        version: r.try_get("version")?,
    })
}

async fn by_id_in(conn: &mut AnyConnection, id: i64) -> Result<Option<DossierRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM dossiers WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// One line to append to a dossier's history.
struct HistoryLine<'a> {
    dossier_id: i64,
    actor: Option<i64>,
    action: &'a str,
    from: Option<&'a DossierState>,
    to: &'a DossierState,
    detail: &'a serde_json::Value,
    now: OffsetDateTime,
}

async fn history_in(conn: &mut AnyConnection, h: HistoryLine<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(h.dossier_id)
    .bind(to_ms(h.now))
    .bind(h.actor)
    .bind(h.action)
    .bind(h.from.map(|s| s.status.as_str()))
    .bind(h.to.status.as_str())
    .bind(h.from.map(|s| i64::try_from(s.step).unwrap_or(0)))
    .bind(i64::try_from(h.to.step).unwrap_or(0))
    .bind(h.to.agency_id)
    .bind(h.detail.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn outbox_in(
    conn: &mut AnyConnection,
    topic: &str,
    code: &str,
    payload: serde_json::Value,
    now: OffsetDateTime,
) -> Result<()> {
    sqlx::query("INSERT INTO outbox (created_at, topic, aggregate_id, payload) VALUES ($1, $2, $3, $4)")
        .bind(to_ms(now))
        .bind(topic)
        .bind(code)
        .bind(payload.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

impl Store {
    /// Files a dossier: takes the agency's next number for the local day, stores the
    /// dossier, its first history line, an outbox event and an audit record, atomically.
    pub async fn submit_dossier(&self, d: &NewDossier) -> Result<DossierRecord> {
        let day = code::local_day(d.now);
        let mut tx = self.write.begin().await?;
        let seq: i64 = sqlx::query(
            "INSERT INTO dossier_sequences (agency_id, day, last) VALUES ($1, $2, 1) \
             ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequences.last + 1 RETURNING last",
        )
        .bind(d.agency_id)
        .bind(code::day_key(day))
        .fetch_one(&mut *tx)
        .await?
        .try_get("last")?;
        let dossier_code = code::format(&d.agency_code, day, u64::try_from(seq).unwrap_or(0));
        let state = DossierState::submitted(d.agency_id, d.applicant_id);
        let now = to_ms(d.now);
        let id: i64 = sqlx::query(
            "INSERT INTO dossiers (code, secret, procedure_id, form_version, receiving_agency_id, agency_id, applicant_id, filed_by, \
             channel, status, step, applicant, data, submitted_at, version, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, 0, $10, $11, $12, 1, $12) RETURNING id",
        )
        .bind(&dossier_code)
        .bind(&d.secret)
        .bind(d.procedure_id)
        .bind(d.form_version)
        .bind(d.agency_id)
        .bind(d.applicant_id)
        .bind(d.filed_by)
        .bind(d.channel.as_str())
        .bind(state.status.as_str())
        .bind(serde_json::to_string(&d.applicant)?)
        .bind(d.data.to_string())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(StorageError::unique("code"))?
        .try_get("id")?;
        if let Some(user) = d.draft_files_of {
            sqlx::query(
                "UPDATE attachments SET dossier_id = $1 WHERE owner_user_id = $2 AND procedure_id = $3 AND dossier_id IS NULL",
            )
            .bind(id)
            .bind(user)
            .bind(d.procedure_id)
            .execute(&mut *tx)
            .await?;
        }
        let detail = json!({"channel": d.channel.as_str()});
        let line = HistoryLine {
            dossier_id: id,
            actor: d.filed_by,
            action: "submit",
            from: None,
            to: &state,
            detail: &detail,
            now: d.now,
        };
        history_in(&mut tx, line).await?;
        outbox_in(
            &mut tx,
            "dossier.submitted",
            &dossier_code,
            json!({"code": dossier_code, "status": "submitted"}),
            d.now,
        )
        .await?;
        audit::record(
            &mut tx,
            d.filed_by,
            "dossier.submitted",
            ("dossier", &dossier_code),
            json!({"procedure_id": d.procedure_id}),
        )
        .await?;
        let record = by_id_in(&mut tx, id).await?.ok_or(StorageError::NotFound)?;
        tx.commit().await?;
        Ok(record)
    }

    pub async fn dossier(&self, id: i64) -> Result<Option<DossierRecord>> {
        let mut conn = self.read.acquire().await?;
        by_id_in(&mut conn, id).await
    }

    pub async fn dossier_by_code(&self, code: &str) -> Result<Option<DossierRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM dossiers WHERE code = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(code)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Stores the outcome of an action if the dossier is still at `expected_version`;
    /// otherwise nothing is written and `Conflict("version")` is returned.
    pub async fn apply_transition(&self, t: &Transition<'_>) -> Result<DossierRecord> {
        let s = &t.outcome.state;
        let before = t.before;
        let finished = s.status.is_final().then(|| to_ms(t.now));
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE dossiers SET status = $1, step = $2, agency_id = $3, received_at = $4, due_at = $5, step_started_at = $6, \
             step_due_at = $7, supplements_requested = $8, extensions = $9, finished_at = COALESCE(finished_at, $10), \
             version = version + 1, updated_at = $11 WHERE id = $12 AND version = $13",
        )
        .bind(s.status.as_str())
        .bind(i64::try_from(s.step).unwrap_or(0))
        .bind(s.agency_id)
        .bind(s.received_at.map(to_ms))
        .bind(s.due_at.map(to_ms))
        .bind(s.step_started_at.map(to_ms))
        .bind(s.step_due_at.map(to_ms))
        .bind(i64::from(s.supplements_requested))
        .bind(i64::from(s.extensions))
        .bind(finished)
        .bind(to_ms(t.now))
        .bind(before.id)
        .bind(before.version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            // Someone else changed it since the caller loaded it (or it is gone).
            return Err(StorageError::Conflict("version"));
        }
        let line = HistoryLine {
            dossier_id: before.id,
            actor: t.actor_id,
            action: t.action,
            from: Some(&before.state),
            to: s,
            detail: &t.detail,
            now: t.now,
        };
        history_in(&mut tx, line).await?;
        if let Some(h) = &t.outcome.hand_over {
            let timeliness = serde_json::to_value(h.timeliness)?
                .as_str()
                .unwrap_or("on_time")
                .to_owned();
            sqlx::query(
                "INSERT INTO dossier_handovers (dossier_id, step, agency_id, started_at, finished_at, due_at, timeliness) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(before.id)
            .bind(&h.step)
            .bind(before.state.agency_id)
            .bind(to_ms(h.started_at))
            .bind(to_ms(h.finished_at))
            .bind(h.due_at.map(to_ms))
            .bind(timeliness)
            .execute(&mut *tx)
            .await?;
        }
        let payload = json!({"code": before.code, "action": t.action, "status": s.status.as_str()});
        outbox_in(&mut tx, &format!("dossier.{}", t.action), &before.code, payload, t.now).await?;
        let detail = json!({"to": s.status.as_str()});
        audit::record(
            &mut tx,
            t.actor_id,
            &format!("dossier.{}", t.action),
            ("dossier", &before.code),
            detail,
        )
        .await?;
        tx.commit().await?;
        let mut after = before.clone();
        after.state = s.clone();
        after.version = before.version + 1;
        if after.finished_at.is_none() {
            after.finished_at = finished.map(from_ms);
        }
        Ok(after)
    }

    /// The dossier's history, oldest first.
    pub async fn dossier_history(&self, dossier_id: i64) -> Result<Vec<HistoryEntry>> {
        let rows = sqlx::query(
            "SELECT at, actor_id, action, from_status, to_status, to_step, agency_id, detail FROM dossier_history \
             WHERE dossier_id = $1 ORDER BY id",
        )
        .bind(dossier_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let detail: String = r.try_get("detail")?;
                Ok(HistoryEntry {
                    at: from_ms(r.try_get("at")?),
                    actor_id: r.try_get("actor_id")?,
                    action: r.try_get("action")?,
                    from_status: r.try_get("from_status")?,
                    to_status: r.try_get("to_status")?,
                    to_step: r.try_get("to_step")?,
                    agency_id: r.try_get("agency_id")?,
                    detail: serde_json::from_str(&detail)?,
                })
            })
            .collect()
    }

    /// The process-control rows (form 05), oldest first.
    pub async fn dossier_handovers(&self, dossier_id: i64) -> Result<Vec<HandOverRow>> {
        let rows = sqlx::query(
            "SELECT step, agency_id, started_at, finished_at, due_at, timeliness FROM dossier_handovers WHERE dossier_id = $1 ORDER BY id",
        )
        .bind(dossier_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HandOverRow {
                    step: r.try_get("step")?,
                    agency_id: r.try_get("agency_id")?,
                    started_at: from_ms(r.try_get("started_at")?),
                    finished_at: from_ms(r.try_get("finished_at")?),
                    due_at: opt_time(r, "due_at")?,
                    timeliness: r.try_get("timeliness")?,
                })
            })
            .collect()
    }

    /// A queue of one agency, oldest first, at most `limit` dossiers.
    pub async fn dossier_queue(
        &self,
        agency_id: i64,
        queue: Queue,
        now: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<DossierRecord>> {
        let (condition, time): (&str, Option<i64>) = match queue {
            Queue::New => ("status = 'submitted'", None),
            Queue::InProgress => ("status = 'received'", None),
            Queue::DueSoon { hours } => (
                "status IN ('received', 'processed') AND due_at >= $3 AND due_at < $4",
                Some(to_ms(now) + hours * 3_600_000),
            ),
            Queue::Overdue => ("status IN ('received', 'processed') AND due_at < $3", None),
            Queue::WaitingSupplement => ("status = 'supplement_requested'", None),
            Queue::ResultReady => ("status = 'processed'", None),
        };
        let order = if matches!(queue, Queue::New | Queue::WaitingSupplement) {
            "submitted_at"
        } else {
            "due_at"
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE agency_id = $1 AND {condition} ORDER BY {order}, id LIMIT $2"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(agency_id).bind(limit);
        if matches!(queue, Queue::DueSoon { .. } | Queue::Overdue) {
            q = q.bind(to_ms(now));
        }
        if let Some(t) = time {
            q = q.bind(t);
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter().map(from_row).collect()
    }

    /// Dossiers of an agency whose code or applicant contains `q`, or whose procedure is
    /// one of `procedure_ids`, newest first.
    pub async fn search_dossiers(
        &self,
        agency_id: i64,
        q: &str,
        procedure_ids: &[i64],
        limit: i64,
    ) -> Result<Vec<DossierRecord>> {
        let pattern = format!("%{}%", q.replace(['%', '_'], ""));
        // Integers only: safe to write into the statement.
        let procedures = if procedure_ids.is_empty() {
            String::new()
        } else {
            format!(
                " OR procedure_id IN ({})",
                procedure_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            )
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE (agency_id = $1 OR receiving_agency_id = $1) AND (code LIKE $2 OR applicant LIKE $2{procedures}) \
             ORDER BY submitted_at DESC, id DESC LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(agency_id)
            .bind(pattern)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Dossiers an agency received in `[from, to)`, in order of receipt (the tracking book).
    pub async fn dossiers_received_between(
        &self,
        agency_id: i64,
        from: OffsetDateTime,
        to: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<DossierRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE receiving_agency_id = $1 AND received_at >= $2 AND received_at < $3 \
             ORDER BY received_at, id LIMIT $4"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(agency_id)
            .bind(to_ms(from))
            .bind(to_ms(to))
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// An applicant's dossiers, newest first.
    pub async fn applicant_dossiers(&self, user_id: i64, limit: i64) -> Result<Vec<DossierRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE applicant_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The process of a procedure, if one was set (otherwise the standard process applies).
    pub async fn procedure_process(&self, procedure_id: i64) -> Result<Option<Process>> {
        let row = sqlx::query("SELECT definition FROM procedure_processes WHERE procedure_id = $1")
            .bind(procedure_id)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| Ok(serde_json::from_str(&r.try_get::<String, _>("definition")?)?))
            .transpose()
    }

    /// Sets the process of a procedure (validated by the caller against its time limit).
    pub async fn set_procedure_process(
        &self,
        actor: Option<i64>,
        procedure_id: i64,
        code: &str,
        p: &Process,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO procedure_processes (procedure_id, definition, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (procedure_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(procedure_id)
        .bind(serde_json::to_string(p)?)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "procedure.process_set",
            ("procedure", code),
            json!({"steps": p.steps.len()}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records, once per dossier, that dossiers passed their appointment: a history line
    /// and an outbox event each. Safe to run on several nodes at once. Returns how many.
    pub async fn record_overdue(&self, now: OffsetDateTime, limit: i64) -> Result<usize> {
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE status IN ('received', 'processed') AND due_at < $1 \
             AND overdue_recorded_at IS NULL ORDER BY due_at LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(to_ms(now))
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        let mut recorded = 0;
        for d in rows.iter().map(from_row) {
            let d = d?;
            let mut tx = self.write.begin().await?;
            let claimed = sqlx::query(
                "UPDATE dossiers SET overdue_recorded_at = $1 WHERE id = $2 AND overdue_recorded_at IS NULL",
            )
            .bind(to_ms(now))
            .bind(d.id)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() != 1 {
                continue; // another node got it first
            }
            let detail = json!({"due_at": d.state.due_at.map(to_ms)});
            let line = HistoryLine {
                dossier_id: d.id,
                actor: None,
                action: "overdue",
                from: Some(&d.state),
                to: &d.state,
                detail: &detail,
                now,
            };
            history_in(&mut tx, line).await?;
            outbox_in(
                &mut tx,
                "dossier.overdue",
                &d.code,
                json!({"code": d.code, "status": d.state.status.as_str()}),
                now,
            )
            .await?;
            tx.commit().await?;
            recorded += 1;
        }
        Ok(recorded)
    }

    /// Outbox events not yet delivered, oldest first: (id, topic, aggregate, payload).
    pub async fn pending_outbox(&self, limit: i64) -> Result<Vec<(i64, String, String, String)>> {
        let rows = sqlx::query(
            "SELECT id, topic, aggregate_id, payload FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("topic")?,
                    r.try_get("aggregate_id")?,
                    r.try_get("payload")?,
                ))
            })
            .collect()
    }
}
