//! Dossiers: filing (code from the per-agency daily sequence, in the same transaction),
//! transitions with an optimistic version check, the append-only history, form-05 rows and
//! an outbox event written with every change, queues for officers and applicants.

use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use motcua_domain::agency::AgencyCode;
use time::Date;

use motcua_domain::dossier::{Applicant, DossierState, LiaisonState, Outcome, Process, Status, code};
use motcua_domain::procedure::Channel;

use crate::commit::{Done, Job};
use crate::db::Backend;
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
    supplements_requested, extensions, finished_at, version, liaison_origin_agency_id, liaison_sub_step";

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
            liaison: match (
                r.try_get::<Option<i64>, _>("liaison_origin_agency_id")?,
                r.try_get::<Option<i64>, _>("liaison_sub_step")?,
            ) {
                (Some(origin_agency_id), Some(sub)) => Some(LiaisonState {
                    origin_agency_id,
                    sub_step: usize::try_from(sub).unwrap_or(0),
                }),
                _ => None,
            },
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

async fn outbox_in(
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

/// A filing, ready to write (owned: it travels to a committer lane).
pub(crate) struct SubmitWrite {
    agency_id: i64,
    agency_code: AgencyCode,
    day: Date,
    secret: String,
    procedure_id: i64,
    form_version: i64,
    applicant_id: Option<i64>,
    filed_by: Option<i64>,
    channel: &'static str,
    applicant: String,
    data: String,
    now: i64,
    draft_files_of: Option<i64>,
}

/// A form-05 row to write with a transition.
pub(crate) struct HandOverWrite {
    step: String,
    agency_id: i64,
    started_at: i64,
    finished_at: i64,
    due_at: Option<i64>,
    timeliness: String,
}

/// A transition, ready to write (owned: it travels to a committer lane).
pub(crate) struct TransitionWrite {
    id: i64,
    version: i64,
    status: &'static str,
    step: i64,
    agency_id: i64,
    received_at: Option<i64>,
    due_at: Option<i64>,
    step_started_at: Option<i64>,
    step_due_at: Option<i64>,
    supplements_requested: i64,
    extensions: i64,
    finished_at: Option<i64>,
    now: i64,
    actor_id: Option<i64>,
    action: String,
    from_status: &'static str,
    from_step: i64,
    detail: String,
    payload: String,
    code: String,
    topic: String,
    audit_at: i64,
    audit_detail: String,
    hand_over: Option<HandOverWrite>,
    liaison: Option<LiaisonState>,
}

// The two hot-path writes are the only statements with one text per backend: each is ONE
// trip to the database. PostgreSQL runs data-modifying CTEs hanging off the UPDATE (no row
// updated → nothing inserted); SQLite runs a statement batch in which every INSERT is
// guarded by `changes() = 1` of the statement before it. Both are covered by the storage
// and API suites on both backends.

const TRANSITION_SQLITE: &str = "\
UPDATE dossiers SET status = $1, step = $2, agency_id = $3, received_at = $4, due_at = $5, step_started_at = $6, \
 step_due_at = $7, supplements_requested = $8, extensions = $9, finished_at = COALESCE(finished_at, $10), \
 liaison_origin_agency_id = $30, liaison_sub_step = $31, version = version + 1, updated_at = $11 \
 WHERE id = $12 AND version = $13; \
INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
 SELECT $12, $11, $14, $15, $16, $1, $17, $2, $3, $18 WHERE changes() = 1; \
INSERT INTO outbox (created_at, topic, aggregate_id, payload) SELECT $11, $19, $20, $21 WHERE changes() = 1; \
INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) \
 SELECT $22, $14, $19, 'dossier', $20, $23 WHERE changes() = 1; \
INSERT INTO dossier_handovers (dossier_id, step, agency_id, started_at, finished_at, due_at, timeliness) \
 SELECT $12, $24, $25, $26, $27, $28, $29 WHERE changes() = 1 AND $24 IS NOT NULL";

const TRANSITION_POSTGRES: &str = "\
WITH u AS (UPDATE dossiers SET status = $1, step = $2, agency_id = $3, received_at = $4, due_at = $5, step_started_at = $6, \
 step_due_at = $7, supplements_requested = $8, extensions = $9, finished_at = COALESCE(finished_at, $10), \
 liaison_origin_agency_id = $30, liaison_sub_step = $31, version = version + 1, updated_at = $11 \
 WHERE id = $12 AND version = $13 RETURNING id), \
h AS (INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
 SELECT id, $11, $14, $15, $16, $1, $17, $2, $3, $18 FROM u), \
o AS (INSERT INTO outbox (created_at, topic, aggregate_id, payload) SELECT $11, $19, $20, $21 FROM u), \
a AS (INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) \
 SELECT $22, $14, $19, 'dossier', $20, $23 FROM u), \
f AS (INSERT INTO dossier_handovers (dossier_id, step, agency_id, started_at, finished_at, due_at, timeliness) \
 SELECT id, $24, $25, $26, $27, $28, $29 FROM u WHERE $24 IS NOT NULL) \
SELECT COUNT(*) AS n FROM u";

/// Writes a transition on `conn` (inside the caller's transaction). `false`: the version
/// was stale and nothing was written.
pub(crate) async fn write_transition(conn: &mut AnyConnection, backend: Backend, w: &TransitionWrite) -> Result<bool> {
    let sql = match backend {
        Backend::Sqlite => TRANSITION_SQLITE,
        Backend::Postgres => TRANSITION_POSTGRES,
    };
    let h = w.hand_over.as_ref();
    let q = sqlx::query(sql)
        .bind(w.status)
        .bind(w.step)
        .bind(w.agency_id)
        .bind(w.received_at)
        .bind(w.due_at)
        .bind(w.step_started_at)
        .bind(w.step_due_at)
        .bind(w.supplements_requested)
        .bind(w.extensions)
        .bind(w.finished_at)
        .bind(w.now)
        .bind(w.id)
        .bind(w.version)
        .bind(w.actor_id)
        .bind(w.action.as_str())
        .bind(w.from_status)
        .bind(w.from_step)
        .bind(w.detail.as_str())
        .bind(w.topic.as_str())
        .bind(w.code.as_str())
        .bind(w.payload.as_str())
        .bind(w.audit_at)
        .bind(w.audit_detail.as_str())
        .bind(h.map(|h| h.step.as_str()))
        .bind(h.map(|h| h.agency_id))
        .bind(h.map(|h| h.started_at))
        .bind(h.map(|h| h.finished_at))
        .bind(h.and_then(|h| h.due_at))
        .bind(h.map(|h| h.timeliness.as_str()))
        .bind(w.liaison.map(|l| l.origin_agency_id))
        .bind(w.liaison.and_then(|l| i64::try_from(l.sub_step).ok()));
    let applied = match backend {
        Backend::Sqlite => q.execute(&mut *conn).await?.rows_affected() > 0,
        Backend::Postgres => q.fetch_one(&mut *conn).await?.try_get::<i64, _>("n")? == 1,
    };
    Ok(applied)
}

const SUBMIT_SQLITE: &str = "\
INSERT INTO dossiers (code, secret, procedure_id, form_version, receiving_agency_id, agency_id, applicant_id, filed_by, \
 channel, status, step, applicant, data, submitted_at, version, updated_at) \
 VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, 0, $10, $11, $12, 1, $12) RETURNING id; \
UPDATE attachments SET dossier_id = (SELECT id FROM dossiers WHERE code = $1) \
 WHERE owner_user_id = $13 AND procedure_id = $3 AND dossier_id IS NULL; \
INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
 SELECT id, $12, $7, 'submit', NULL, $9, CAST(NULL AS BIGINT), 0, $5, $14 FROM dossiers WHERE code = $1; \
INSERT INTO outbox (created_at, topic, aggregate_id, payload) VALUES ($12, 'dossier.submitted', $1, $15); \
INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) \
 VALUES ($16, $7, 'dossier.submitted', 'dossier', $1, $17)";

const SUBMIT_POSTGRES: &str = "\
WITH d AS (INSERT INTO dossiers (code, secret, procedure_id, form_version, receiving_agency_id, agency_id, applicant_id, filed_by, \
 channel, status, step, applicant, data, submitted_at, version, updated_at) \
 VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, 0, $10, $11, $12, 1, $12) RETURNING id), \
a AS (UPDATE attachments SET dossier_id = d.id FROM d \
 WHERE owner_user_id = $13 AND procedure_id = $3 AND dossier_id IS NULL), \
h AS (INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
 SELECT id, $12, $7, 'submit', NULL, $9, CAST(NULL AS BIGINT), 0, $5, $14 FROM d), \
o AS (INSERT INTO outbox (created_at, topic, aggregate_id, payload) VALUES ($12, 'dossier.submitted', $1, $15)), \
au AS (INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) \
 VALUES ($16, $7, 'dossier.submitted', 'dossier', $1, $17)) \
SELECT id FROM d";

/// Writes a filing on `conn` (inside the caller's transaction): the day's next number,
/// then the dossier with its files, history line, outbox event and audit record.
pub(crate) async fn write_submit(conn: &mut AnyConnection, backend: Backend, w: &SubmitWrite) -> Result<(i64, String)> {
    let seq: i64 = sqlx::query(
        "INSERT INTO dossier_sequences (agency_id, day, last) VALUES ($1, $2, 1) \
         ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequences.last + 1 RETURNING last",
    )
    .bind(w.agency_id)
    .bind(code::day_key(w.day))
    .fetch_one(&mut *conn)
    .await?
    .try_get("last")?;
    let dossier_code = code::format(&w.agency_code, w.day, u64::try_from(seq).unwrap_or(0));
    let sql = match backend {
        Backend::Sqlite => SUBMIT_SQLITE,
        Backend::Postgres => SUBMIT_POSTGRES,
    };
    let rows = sqlx::query(sql)
        .bind(dossier_code.as_str())
        .bind(w.secret.as_str())
        .bind(w.procedure_id)
        .bind(w.form_version)
        .bind(w.agency_id)
        .bind(w.applicant_id)
        .bind(w.filed_by)
        .bind(w.channel)
        .bind(Status::Submitted.as_str())
        .bind(w.applicant.as_str())
        .bind(w.data.as_str())
        .bind(w.now)
        .bind(w.draft_files_of)
        .bind(json!({"channel": w.channel}).to_string())
        .bind(json!({"code": dossier_code, "status": "submitted"}).to_string())
        .bind(now_ms())
        .bind(json!({"procedure_id": w.procedure_id}).to_string())
        .fetch_all(&mut *conn)
        .await
        .map_err(StorageError::unique("code"))?;
    let id: i64 = rows
        .first()
        .ok_or_else(|| StorageError::Corrupt("filing returned no id".into()))?
        .try_get("id")?;
    Ok((id, dossier_code))
}

impl Store {
    /// Files a dossier: takes the agency's next number for the local day, stores the
    /// dossier, its first history line, an outbox event and an audit record, atomically
    /// (through the group committer: possibly in one commit with other writes).
    pub async fn submit_dossier(&self, d: &NewDossier) -> Result<DossierRecord> {
        let day = code::local_day(d.now);
        let state = DossierState::submitted(d.agency_id, d.applicant_id);
        let now = to_ms(d.now);
        let w = SubmitWrite {
            agency_id: d.agency_id,
            agency_code: d.agency_code.clone(),
            day,
            secret: d.secret.clone(),
            procedure_id: d.procedure_id,
            form_version: d.form_version,
            applicant_id: d.applicant_id,
            filed_by: d.filed_by,
            channel: d.channel.as_str(),
            applicant: serde_json::to_string(&d.applicant)?,
            data: d.data.to_string(),
            now,
            draft_files_of: d.draft_files_of,
        };
        let Done::Submitted { id, code } = self.commit.run(Job::Submit(w)).await? else {
            return Err(StorageError::Corrupt(
                "committer answered a filing with a transition".into(),
            ));
        };
        Ok(DossierRecord {
            id,
            code,
            secret: d.secret.clone(),
            procedure_id: d.procedure_id,
            form_version: d.form_version,
            receiving_agency_id: d.agency_id,
            filed_by: d.filed_by,
            channel: d.channel,
            applicant: d.applicant.clone(),
            data: d.data.clone(),
            submitted_at: from_ms(now),
            finished_at: None,
            state,
            version: 1,
        })
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
    /// otherwise nothing is written and `Conflict("version")` is returned. The state
    /// change, history line, form-05 row, outbox event and audit record are one write,
    /// committed together (through the group committer).
    pub async fn apply_transition(&self, t: &Transition<'_>) -> Result<DossierRecord> {
        let s = &t.outcome.state;
        let before = t.before;
        let finished = s.status.is_final().then(|| to_ms(t.now));
        let step = |i: usize| i64::try_from(i).unwrap_or(0);
        let hand_over = match &t.outcome.hand_over {
            Some(h) => Some(HandOverWrite {
                step: h.step.clone(),
                agency_id: before.state.agency_id,
                started_at: to_ms(h.started_at),
                finished_at: to_ms(h.finished_at),
                due_at: h.due_at.map(to_ms),
                timeliness: serde_json::to_value(h.timeliness)?
                    .as_str()
                    .unwrap_or("on_time")
                    .to_owned(),
            }),
            None => None,
        };
        let topic = format!("dossier.{}", t.action);
        let w = TransitionWrite {
            id: before.id,
            version: before.version,
            status: s.status.as_str(),
            step: step(s.step),
            agency_id: s.agency_id,
            received_at: s.received_at.map(to_ms),
            due_at: s.due_at.map(to_ms),
            step_started_at: s.step_started_at.map(to_ms),
            step_due_at: s.step_due_at.map(to_ms),
            supplements_requested: i64::from(s.supplements_requested),
            extensions: i64::from(s.extensions),
            finished_at: finished,
            now: to_ms(t.now),
            actor_id: t.actor_id,
            action: t.action.to_owned(),
            from_status: before.state.status.as_str(),
            from_step: step(before.state.step),
            detail: t.detail.to_string(),
            payload: json!({"code": before.code, "action": t.action, "status": s.status.as_str()}).to_string(),
            code: before.code.clone(),
            topic,
            audit_at: now_ms(),
            audit_detail: json!({"to": s.status.as_str()}).to_string(),
            hand_over,
            liaison: s.liaison,
        };
        match self.commit.run(Job::Transition(Box::new(w))).await? {
            Done::Applied => {}
            // Someone else changed it since the caller loaded it (or it is gone).
            _ => return Err(StorageError::Conflict("version")),
        }
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
