//! The citizen's document store (kho dữ liệu): documents kept for an account, their files
//! in the content-addressed file store. A deleted document is marked, never removed, so
//! that it is not kept again from the same file; the bytes stay for the dossiers using them.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

use motcua_domain::documents::Origin;
use motcua_domain::ids::{AgencyId, AttachmentId, DossierId, ProcedureId, StoredDocumentId, UserId};

use crate::dossiers::stored::parse_date;
use crate::{Result, StorageError, Store, audit, from_ms, to_ms};

/// A kept document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: StoredDocumentId,
    pub owner_user_id: UserId,
    /// A code of `motcua_domain::documents::types()`, if the document has a listed type.
    pub document_type: Option<String>,
    pub title: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub origin: Origin,
    /// The dossier it came from, and that dossier's code.
    pub dossier_id: Option<DossierId>,
    pub dossier_code: Option<String>,
    /// The dossier's file it was kept from.
    pub attachment_id: Option<AttachmentId>,
    pub issued_on: Option<Date>,
    /// Who added it (the citizen, an officer who pushed it; none when kept at reception).
    pub added_by: Option<UserId>,
    pub created_at: OffsetDateTime,
}

/// A document to keep.
#[derive(Debug, Clone)]
pub struct NewDocument<'a> {
    pub owner_user_id: UserId,
    pub document_type: Option<&'a str>,
    pub title: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub origin: Origin,
    pub dossier_id: Option<DossierId>,
    pub attachment_id: Option<AttachmentId>,
    pub issued_on: Option<Date>,
    pub added_by: Option<UserId>,
    pub now: OffsetDateTime,
}

/// A component of a received dossier to keep: its code, its document type and the title
/// the kept document gets.
#[derive(Debug, Clone)]
pub struct AcceptedComponent {
    pub component: String,
    pub document_type: String,
    pub title: String,
}

/// Dossiers filed with an agency in a period, and how many of them reused at least one
/// document of the applicant's store instead of an upload (for the Decision-766 index's
/// reuse of data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReuseCount {
    pub filed: u64,
    pub reusing: u64,
}

/// A received dossier whose accepted components are not kept yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DossierToKeep {
    pub id: DossierId,
    pub procedure_id: ProcedureId,
    pub applicant_id: Option<UserId>,
}

fn origin_text(o: Origin) -> &'static str {
    match o {
        Origin::Component => "component",
        Origin::Result => "result",
        Origin::Citizen => "citizen",
    }
}

fn parse_origin(s: &str) -> Result<Origin> {
    Origin::ALL
        .into_iter()
        .find(|o| origin_text(*o) == s)
        .ok_or_else(|| StorageError::Corrupt(format!("document origin {s}")))
}

const COLUMNS: &str = "c.id, c.owner_user_id, c.document_type, c.title, c.file_name, c.content_type, c.size_bytes, \
    c.sha256, c.origin, c.dossier_id, d.code AS dossier_code, c.attachment_id, c.issued_on, c.added_by, c.created_at";

fn from_row(r: &AnyRow) -> Result<StoredDocument> {
    Ok(StoredDocument {
        id: StoredDocumentId(r.try_get("id")?),
        owner_user_id: UserId(r.try_get("owner_user_id")?),
        document_type: r.try_get("document_type")?,
        title: r.try_get("title")?,
        file_name: r.try_get("file_name")?,
        content_type: r.try_get("content_type")?,
        size_bytes: r.try_get("size_bytes")?,
        sha256: r.try_get("sha256")?,
        origin: parse_origin(&r.try_get::<String, _>("origin")?)?,
        dossier_id: r.try_get::<Option<i64>, _>("dossier_id")?.map(DossierId),
        dossier_code: r.try_get("dossier_code")?,
        attachment_id: r.try_get::<Option<i64>, _>("attachment_id")?.map(AttachmentId),
        issued_on: r
            .try_get::<Option<String>, _>("issued_on")?
            .as_deref()
            .and_then(parse_date),
        added_by: r.try_get::<Option<i64>, _>("added_by")?.map(UserId),
        created_at: from_ms(r.try_get("created_at")?),
    })
}

const INSERT: &str = "INSERT INTO citizen_documents (owner_user_id, document_type, title, file_name, content_type, \
    size_bytes, sha256, origin, dossier_id, attachment_id, issued_on, added_by, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";

/// Keeping again what was kept (and perhaps deleted) brings it back with the new title,
/// type and date.
const REFRESH: &str = "DO UPDATE SET document_type = excluded.document_type, title = excluded.title, \
    issued_on = excluded.issued_on, origin = excluded.origin, added_by = excluded.added_by, deleted_at = NULL";

impl Store {
    /// Keeps a document in its owner's store, with the audit record, in one transaction. A
    /// dossier's file (or a dossier's result) kept again is the same document, refreshed and
    /// no longer deleted.
    pub async fn keep_document(&self, d: &NewDocument<'_>) -> Result<StoredDocumentId> {
        let sql = if d.attachment_id.is_some() {
            format!("{INSERT} ON CONFLICT (owner_user_id, attachment_id) {REFRESH} RETURNING id")
        } else if d.origin == Origin::Result && d.dossier_id.is_some() {
            format!(
                "{INSERT} ON CONFLICT (owner_user_id, dossier_id, sha256) \
                 WHERE origin = 'result' AND attachment_id IS NULL {REFRESH} RETURNING id"
            )
        } else {
            format!("{INSERT} RETURNING id")
        };
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(d.owner_user_id.get())
            .bind(d.document_type)
            .bind(d.title)
            .bind(d.file_name)
            .bind(d.content_type)
            .bind(d.size_bytes)
            .bind(d.sha256)
            .bind(origin_text(d.origin))
            .bind(d.dossier_id.map(DossierId::get))
            .bind(d.attachment_id.map(AttachmentId::get))
            .bind(d.issued_on.map(|x| x.to_string()))
            .bind(d.added_by.map(UserId::get))
            .bind(to_ms(d.now))
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
        let detail = json!({
            "owner": d.owner_user_id.get(),
            "origin": origin_text(d.origin),
            "type": d.document_type,
            "dossier_id": d.dossier_id.map(DossierId::get),
        });
        audit::record(
            &mut tx,
            d.added_by,
            "document.keep",
            ("document", &id.to_string()),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(StoredDocumentId(id))
    }

    /// The owner's documents, newest first (deleted ones left out).
    pub async fn documents_of(&self, owner: UserId) -> Result<Vec<StoredDocument>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM citizen_documents c LEFT JOIN dossiers d ON d.id = c.dossier_id \
             WHERE c.owner_user_id = $1 AND c.deleted_at IS NULL ORDER BY c.created_at DESC, c.id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(owner.get())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// One of the owner's documents (none for another owner's, or a deleted one).
    pub async fn document_of(&self, owner: UserId, id: StoredDocumentId) -> Result<Option<StoredDocument>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM citizen_documents c LEFT JOIN dossiers d ON d.id = c.dossier_id \
             WHERE c.id = $1 AND c.owner_user_id = $2 AND c.deleted_at IS NULL"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.get())
            .bind(owner.get())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Deletes one of the owner's documents (marks it). `NotFound` for anyone else's or a
    /// deleted one.
    pub async fn delete_document(&self, owner: UserId, id: StoredDocumentId, now: OffsetDateTime) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE citizen_documents SET deleted_at = $1 WHERE id = $2 AND owner_user_id = $3 AND deleted_at IS NULL",
        )
        .bind(to_ms(now))
        .bind(id.get())
        .bind(owner.get())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::NotFound);
        }
        audit::record(
            &mut tx,
            Some(owner),
            "document.delete",
            ("document", &id.to_string()),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps, once per dossier, the accepted components of a received dossier in its
    /// applicant's store (files that reused a kept document are not kept twice, a document
    /// the applicant deleted is not brought back). Claims the dossier first, so several
    /// nodes may run it; returns how many documents were kept (0 when claimed before).
    pub async fn keep_accepted(
        &self,
        dossier: DossierId,
        applicant: Option<UserId>,
        components: &[AcceptedComponent],
        now: OffsetDateTime,
    ) -> Result<u64> {
        let mut tx = self.write.begin().await?;
        let claimed =
            sqlx::query("UPDATE dossiers SET documents_kept_at = $1 WHERE id = $2 AND documents_kept_at IS NULL")
                .bind(to_ms(now))
                .bind(dossier.get())
                .execute(&mut *tx)
                .await?;
        if claimed.rows_affected() != 1 {
            return Ok(0);
        }
        let mut kept = 0;
        if let Some(owner) = applicant {
            for c in components {
                let done = sqlx::query(
                    "INSERT INTO citizen_documents (owner_user_id, document_type, title, file_name, content_type, \
                     size_bytes, sha256, origin, dossier_id, attachment_id, created_at) \
                     SELECT $1, $2, $3, a.file_name, a.content_type, a.size_bytes, a.sha256, 'component', a.dossier_id, a.id, $4 \
                     FROM attachments a WHERE a.dossier_id = $5 AND a.component = $6 AND a.reused_from IS NULL \
                     ON CONFLICT DO NOTHING",
                )
                .bind(owner.get())
                .bind(c.document_type.as_str())
                .bind(c.title.as_str())
                .bind(to_ms(now))
                .bind(dossier.get())
                .bind(c.component.as_str())
                .execute(&mut *tx)
                .await?;
                kept += done.rows_affected();
            }
        }
        audit::record(
            &mut tx,
            None,
            "document.keep_accepted",
            ("dossier", &dossier.to_string()),
            json!({ "kept": kept }),
        )
        .await?;
        tx.commit().await?;
        Ok(kept)
    }

    /// Received dossiers whose accepted components are not kept yet, oldest reception first.
    pub async fn dossiers_to_keep(&self, limit: i64) -> Result<Vec<DossierToKeep>> {
        let rows = sqlx::query(
            "SELECT id, procedure_id, applicant_id FROM dossiers \
             WHERE documents_kept_at IS NULL AND received_at IS NOT NULL ORDER BY received_at, id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DossierToKeep {
                    id: DossierId(r.try_get("id")?),
                    procedure_id: ProcedureId(r.try_get("procedure_id")?),
                    applicant_id: r.try_get::<Option<i64>, _>("applicant_id")?.map(UserId),
                })
            })
            .collect()
    }

    /// Puts one of the owner's kept documents in their draft of `procedure` as a file of
    /// `component` (instead of an upload). Reusing the same document for the same
    /// component again answers the file already there. `NotFound` for a document that is
    /// not the owner's, or deleted.
    pub async fn reuse_document(
        &self,
        owner: UserId,
        procedure: ProcedureId,
        component: &str,
        document: StoredDocumentId,
        now: OffsetDateTime,
    ) -> Result<AttachmentId> {
        let mut tx = self.write.begin().await?;
        let present = sqlx::query(
            "SELECT id FROM attachments WHERE owner_user_id = $1 AND procedure_id = $2 AND dossier_id IS NULL \
             AND component = $3 AND reused_from = $4",
        )
        .bind(owner.get())
        .bind(procedure.get())
        .bind(component)
        .bind(document.get())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(r) = present {
            return Ok(AttachmentId(r.try_get("id")?));
        }
        let row = sqlx::query(
            "INSERT INTO attachments (owner_user_id, procedure_id, dossier_id, component, file_name, content_type, \
             size_bytes, sha256, created_at, reused_from) \
             SELECT c.owner_user_id, $1, NULL, $2, c.file_name, c.content_type, c.size_bytes, c.sha256, $3, c.id \
             FROM citizen_documents c WHERE c.id = $4 AND c.owner_user_id = $5 AND c.deleted_at IS NULL RETURNING id",
        )
        .bind(procedure.get())
        .bind(component)
        .bind(to_ms(now))
        .bind(document.get())
        .bind(owner.get())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StorageError::NotFound)?;
        let id: i64 = row.try_get("id")?;
        tx.commit().await?;
        Ok(AttachmentId(id))
    }

    /// How many dossiers received by `agency` were filed in `[from, until)`, and how many
    /// of those carry a file reused from the applicant's store (`attachments.reused_from`).
    pub async fn reuse_count(
        &self,
        agency: AgencyId,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<ReuseCount> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS filed, \
             COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM attachments a WHERE a.dossier_id = d.id \
             AND a.reused_from IS NOT NULL) THEN 1 ELSE 0 END), 0) AS reusing \
             FROM dossiers d WHERE d.receiving_agency_id = $1 AND d.submitted_at >= $2 AND d.submitted_at < $3",
        )
        .bind(agency.get())
        .bind(to_ms(from))
        .bind(to_ms(until))
        .fetch_one(&self.read)
        .await?;
        let count = |col: &str| -> Result<u64> {
            let n: i64 = row.try_get(col)?;
            u64::try_from(n).map_err(|_| StorageError::Corrupt(format!("{col} {n}")))
        };
        Ok(ReuseCount {
            filed: count("filed")?,
            reusing: count("reusing")?,
        })
    }
}
