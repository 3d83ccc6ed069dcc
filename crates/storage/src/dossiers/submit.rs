//! Filing a dossier: the day's next number, then the dossier with its files, history line,
//! outbox event and audit record, as one statement per backend (the hot path).

use serde_json::json;
use sqlx::{AnyConnection, Row};
use time::Date;

use motcua_domain::agency::AgencyCode;
use motcua_domain::dossier::{DossierState, FeeOwed, HistoryAction, HistoryDetail, Status, code};
use motcua_domain::ids::{DossierId, UserId};

use super::{DossierRecord, NewDossier, search_text, stored};
use crate::commit::{Done, Job};
use crate::db::Backend;
use crate::{Result, StorageError, Store, from_ms, now_ms, to_ms};

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
    /// The applicant's name, folded, for officers' searches (the code is added when known).
    applicant_folded: String,
    data: String,
    now: i64,
    draft_files_of: Option<i64>,
    history_detail: String,
    fee_amount: Option<i64>,
    fee_due: Option<&'static str>,
    fee_quote: Option<String>,
}

// The two hot-path writes are the only statements with one text per backend: each is ONE
// trip to the database. PostgreSQL runs data-modifying CTEs; SQLite runs a statement batch.
// Both are covered by the storage and API suites on both backends.

const SUBMIT_SQLITE: &str = "\
INSERT INTO dossiers (code, secret, procedure_id, form_version, receiving_agency_id, agency_id, applicant_id, filed_by, \
 channel, status, step, applicant, data, submitted_at, version, updated_at, search_text, fee_amount, fee_due, fee_quote) \
 VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, 0, $10, $11, $12, 1, $12, $18, $19, $20, $21) RETURNING id; \
UPDATE attachments SET dossier_id = (SELECT id FROM dossiers WHERE code = $1) \
 WHERE owner_user_id = $13 AND procedure_id = $3 AND dossier_id IS NULL; \
INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
 SELECT id, $12, $7, 'submit', NULL, $9, CAST(NULL AS BIGINT), 0, $5, $14 FROM dossiers WHERE code = $1; \
INSERT INTO outbox (created_at, topic, aggregate_id, payload) VALUES ($12, 'dossier.submitted', $1, $15); \
INSERT INTO audit_log (at, actor_id, action, object_type, object_id, detail) \
 VALUES ($16, $7, 'dossier.submitted', 'dossier', $1, $17)";

const SUBMIT_POSTGRES: &str = "\
WITH d AS (INSERT INTO dossiers (code, secret, procedure_id, form_version, receiving_agency_id, agency_id, applicant_id, filed_by, \
 channel, status, step, applicant, data, submitted_at, version, updated_at, search_text, fee_amount, fee_due, fee_quote) \
 VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, 0, $10, $11, $12, 1, $12, $18, $19, $20, $21) RETURNING id), \
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
    let folded = format!("{} {}", dossier_code.to_lowercase(), w.applicant_folded);
    let rows = sqlx::query(sql)
        .bind(dossier_code.as_str())
        .bind(w.secret.as_str())
        .bind(w.procedure_id)
        .bind(w.form_version)
        .bind(w.agency_id)
        .bind(w.applicant_id)
        .bind(w.filed_by)
        .bind(w.channel)
        .bind(stored::status(Status::Submitted))
        .bind(w.applicant.as_str())
        .bind(w.data.as_str())
        .bind(w.now)
        .bind(w.draft_files_of)
        .bind(w.history_detail.as_str())
        .bind(json!({"code": dossier_code, "status": "submitted"}).to_string())
        .bind(now_ms())
        .bind(json!({"procedure_id": w.procedure_id}).to_string())
        .bind(folded)
        .bind(w.fee_amount)
        .bind(w.fee_due)
        .bind(w.fee_quote.as_deref())
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
        let mut state = DossierState::submitted(d.agency_id, d.applicant_id);
        state.fee = d.fee.as_ref().map(|f| FeeOwed {
            amount: f.amount,
            due: f.due,
            paid: false,
        });
        let now = to_ms(d.now);
        let detail = HistoryDetail {
            channel: Some(d.channel),
            ..HistoryDetail::default()
        };
        let w = SubmitWrite {
            agency_id: d.agency_id.get(),
            agency_code: d.agency_code.clone(),
            day,
            secret: d.secret.clone(),
            procedure_id: d.procedure_id.get(),
            form_version: d.form_version,
            applicant_id: d.applicant_id.map(UserId::get),
            filed_by: d.filed_by.map(UserId::get),
            channel: d.channel.as_str(),
            applicant: serde_json::to_string(&d.applicant)?,
            applicant_folded: search_text("", &d.applicant).trim().to_owned(),
            data: d.data.to_string(),
            now,
            draft_files_of: d.draft_files_of.map(UserId::get),
            history_detail: stored::detail(HistoryAction::Submit, &detail),
            fee_amount: d.fee.as_ref().map(|f| f.amount.dong()),
            fee_due: d.fee.as_ref().map(|f| f.due.as_str()),
            fee_quote: d.fee.as_ref().map(|f| f.quote.to_string()),
        };
        let Done::Submitted { id, code } = self.commit.run(Job::Submit(w)).await? else {
            return Err(StorageError::Corrupt(
                "committer answered a filing with a transition".into(),
            ));
        };
        Ok(DossierRecord {
            id: DossierId(id),
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
            fee_quote: d.fee.as_ref().map(|f| f.quote.clone()),
            state,
            version: 1,
        })
    }
}
