//! Electronic results: a draft per dossier (a newer draft replaces it), signing it, and the
//! agency's revocation or corrected re-issue, each with its audit record (and an outbox
//! event when people are told).

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use motcua_domain::ids::{AgencyId, DossierId, ResultId, UserId};
use motcua_domain::result::{ResultKind, ResultStatus};

use crate::dossiers::outbox_in;
use crate::dossiers::row::opt_time;
use crate::{Result, StorageError, Store, audit, from_ms, to_ms};

/// A stored result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRecord {
    pub id: ResultId,
    /// What the QR code carries: `/xac-thuc/{public_id}`.
    pub public_id: String,
    pub dossier: DossierId,
    /// The issuing agency.
    pub agency: AgencyId,
    pub kind: ResultKind,
    pub status: ResultStatus,
    /// What the document is ("Giấy chứng nhận kết hôn").
    pub title: String,
    /// Its number ("12/2026/GCNKH").
    pub number: String,
    /// SHA-256 of the PDF in the file store (the signed one once signed).
    pub sha256: String,
    pub size_bytes: i64,
    pub prepared_by: Option<UserId>,
    pub prepared_at: OffsetDateTime,
    pub signed_by: Option<UserId>,
    pub signed_at: Option<OffsetDateTime>,
    /// The signing certificate's subject.
    pub signer_subject: Option<String>,
    /// Revocation or replacement: who, when, why, and the replacing result.
    pub closed_by: Option<UserId>,
    pub closed_at: Option<OffsetDateTime>,
    pub closed_reason: Option<String>,
    pub replaced_by: Option<ResultId>,
}

/// A draft to store.
pub struct NewResult<'a> {
    pub public_id: &'a str,
    pub dossier: DossierId,
    pub dossier_code: &'a str,
    pub agency: AgencyId,
    pub kind: ResultKind,
    pub title: &'a str,
    pub number: &'a str,
    pub sha256: &'a str,
    pub size_bytes: i64,
    pub prepared_by: UserId,
    pub now: OffsetDateTime,
}

/// A signature to record on a draft.
pub struct Signed<'a> {
    pub id: ResultId,
    pub dossier_code: &'a str,
    pub sha256: &'a str,
    pub size_bytes: i64,
    pub signed_by: UserId,
    pub signer_subject: &'a str,
    pub now: OffsetDateTime,
}

const COLUMNS: &str = "id, public_id, dossier_id, agency_id, kind, status, title, number, sha256, size_bytes, \
    prepared_by, prepared_at, signed_by, signed_at, signer_subject, closed_by, closed_at, closed_reason, replaced_by";

fn user(r: &AnyRow, col: &str) -> Result<Option<UserId>> {
    Ok(r.try_get::<Option<i64>, _>(col)?.map(UserId))
}

fn from_row(r: &AnyRow) -> Result<ResultRecord> {
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    Ok(ResultRecord {
        id: ResultId(r.try_get("id")?),
        public_id: r.try_get("public_id")?,
        dossier: DossierId(r.try_get("dossier_id")?),
        agency: AgencyId(r.try_get("agency_id")?),
        kind: ResultKind::parse(&kind).ok_or_else(|| StorageError::Corrupt(format!("result kind {kind}")))?,
        status: ResultStatus::parse(&status).ok_or_else(|| StorageError::Corrupt(format!("result status {status}")))?,
        title: r.try_get("title")?,
        number: r.try_get("number")?,
        sha256: r.try_get("sha256")?,
        size_bytes: r.try_get("size_bytes")?,
        prepared_by: user(r, "prepared_by")?,
        prepared_at: from_ms(r.try_get("prepared_at")?),
        signed_by: user(r, "signed_by")?,
        signed_at: opt_time(r, "signed_at")?,
        signer_subject: r.try_get("signer_subject")?,
        closed_by: user(r, "closed_by")?,
        closed_at: opt_time(r, "closed_at")?,
        closed_reason: r.try_get("closed_reason")?,
        replaced_by: r.try_get::<Option<i64>, _>("replaced_by")?.map(ResultId),
    })
}

async fn insert_in(conn: &mut sqlx::AnyConnection, n: &NewResult<'_>, status: ResultStatus) -> Result<ResultId> {
    let row = sqlx::query(
        "INSERT INTO results (public_id, dossier_id, agency_id, kind, status, title, number, sha256, size_bytes, \
         prepared_by, prepared_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(n.public_id)
    .bind(n.dossier.get())
    .bind(n.agency.get())
    .bind(n.kind.as_str())
    .bind(status.as_str())
    .bind(n.title)
    .bind(n.number)
    .bind(n.sha256)
    .bind(n.size_bytes)
    .bind(n.prepared_by.get())
    .bind(to_ms(n.now))
    .fetch_one(conn)
    .await
    .map_err(StorageError::unique("result"))?;
    Ok(ResultId(row.try_get("id")?))
}

impl Store {
    /// Stores a dossier's draft result, replacing an earlier draft.
    pub async fn save_result_draft(&self, n: &NewResult<'_>) -> Result<ResultId> {
        let mut tx = self.write.begin().await?;
        sqlx::query("DELETE FROM results WHERE dossier_id = $1 AND status = 'draft'")
            .bind(n.dossier.get())
            .execute(&mut *tx)
            .await?;
        let id = insert_in(&mut tx, n, ResultStatus::Draft).await?;
        audit::record(
            &mut tx,
            Some(n.prepared_by),
            "result.prepared",
            ("dossier", n.dossier_code),
            json!({"result": id.get(), "kind": n.kind.as_str(), "sha256": n.sha256}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A dossier's results, newest first.
    pub async fn results_of(&self, dossier: DossierId) -> Result<Vec<ResultRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM results WHERE dossier_id = $1 ORDER BY id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(dossier.get())
            .fetch_all(&self.write)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The result a QR code names.
    pub async fn result_by_public_id(&self, public_id: &str) -> Result<Option<ResultRecord>> {
        let sql = format!("SELECT {COLUMNS} FROM results WHERE public_id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(public_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Records the signature of a draft (`Ok(false)` if it is no longer a draft).
    pub async fn mark_result_signed(&self, s: &Signed<'_>) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE results SET status = 'signed', sha256 = $1, size_bytes = $2, signed_by = $3, signed_at = $4, \
             signer_subject = $5 WHERE id = $6 AND status = 'draft'",
        )
        .bind(s.sha256)
        .bind(s.size_bytes)
        .bind(s.signed_by.get())
        .bind(to_ms(s.now))
        .bind(s.signer_subject)
        .bind(s.id.get())
        .execute(&mut *tx)
        .await
        .map_err(StorageError::unique("result_already_signed"))?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        audit::record(
            &mut tx,
            Some(s.signed_by),
            "result.signed",
            ("dossier", s.dossier_code),
            json!({"result": s.id.get(), "sha256": s.sha256, "signer": s.signer_subject}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Puts a signed result back to its draft (the approval it belonged to was refused after
    /// signing): the draft's file and size come back.
    pub async fn unmark_result_signed(&self, id: ResultId, draft_sha256: &str, draft_size: i64) -> Result<()> {
        sqlx::query(
            "UPDATE results SET status = 'draft', sha256 = $1, size_bytes = $2, signed_by = NULL, signed_at = NULL, \
             signer_subject = NULL WHERE id = $3 AND status = 'signed'",
        )
        .bind(draft_sha256)
        .bind(draft_size)
        .bind(id.get())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Revokes a signed result with a public reason (`Ok(false)` if it is not signed).
    pub async fn revoke_result(
        &self,
        id: ResultId,
        dossier_code: &str,
        who: UserId,
        reason: &str,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE results SET status = 'revoked', closed_by = $1, closed_at = $2, closed_reason = $3 \
             WHERE id = $4 AND status = 'signed'",
        )
        .bind(who.get())
        .bind(to_ms(now))
        .bind(reason)
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        outbox_in(
            &mut tx,
            "result.revoked",
            dossier_code,
            json!({"result": id.get()}),
            now,
        )
        .await?;
        audit::record(
            &mut tx,
            Some(who),
            "result.revoked",
            ("dossier", dossier_code),
            json!({"result": id.get(), "reason": reason}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A corrected re-issue: the signed result `old` becomes `replaced` (with the public
    /// reason) and the draft `signed.id`, signed now, takes its place, in one transaction.
    pub async fn reissue_result(&self, old: ResultId, signed: &Signed<'_>, reason: &str) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE results SET status = 'replaced', closed_by = $1, closed_at = $2, closed_reason = $3, replaced_by = $4 \
             WHERE id = $5 AND status = 'signed'",
        )
        .bind(signed.signed_by.get())
        .bind(to_ms(signed.now))
        .bind(reason)
        .bind(signed.id.get())
        .bind(old.get())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::Conflict("result_not_signed"));
        }
        let done = sqlx::query(
            "UPDATE results SET status = 'signed', sha256 = $1, size_bytes = $2, signed_by = $3, signed_at = $4, \
             signer_subject = $5 WHERE id = $6 AND status = 'draft'",
        )
        .bind(signed.sha256)
        .bind(signed.size_bytes)
        .bind(signed.signed_by.get())
        .bind(to_ms(signed.now))
        .bind(signed.signer_subject)
        .bind(signed.id.get())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::Conflict("result"));
        }
        let payload = json!({"result": signed.id.get(), "replaces": old.get()});
        outbox_in(&mut tx, "result.reissued", signed.dossier_code, payload, signed.now).await?;
        audit::record(
            &mut tx,
            Some(signed.signed_by),
            "result.reissued",
            ("dossier", signed.dossier_code),
            json!({"result": signed.id.get(), "replaces": old.get(), "reason": reason, "sha256": signed.sha256}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
