//! Reading dossiers: by id or code, officers' queues and search, the tracking book's
//! period, an applicant's own.

use time::OffsetDateTime;

use motcua_domain::ids::{AgencyId, DossierId, ProcedureId, UserId};

use super::row::{COLUMNS, by_id_in, from_row};
use super::{DossierRecord, Queue};
use crate::{Result, Store, to_ms};

/// Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Store {
    pub async fn dossier(&self, id: DossierId) -> Result<Option<DossierRecord>> {
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

    /// A queue of one agency, oldest first, at most `limit` dossiers.
    pub async fn dossier_queue(
        &self,
        agency_id: AgencyId,
        queue: Queue,
        now: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<DossierRecord>> {
        let (condition, time): (&str, Option<i64>) = match queue {
            Queue::New => ("status = 'submitted'", None),
            Queue::InProgress => ("status = 'received'", None),
            Queue::DueSoon { hours } => (
                "status IN ('received', 'processed') AND due_at >= $3 AND due_at < $4",
                Some(to_ms(now).saturating_add(hours.saturating_mul(3_600_000))),
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
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(agency_id.get()).bind(limit);
        if matches!(queue, Queue::DueSoon { .. } | Queue::Overdue) {
            q = q.bind(to_ms(now));
        }
        if let Some(t) = time {
            q = q.bind(t);
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter().map(from_row).collect()
    }

    /// Dossiers an agency holds or received whose code or applicant name contains `q`
    /// (without regard to case or diacritics, on both backends; `%` and `_` are plain
    /// characters), or whose procedure is one of `procedure_ids`, newest first.
    pub async fn search_dossiers(
        &self,
        agency_id: AgencyId,
        q: &str,
        procedure_ids: &[ProcedureId],
        limit: i64,
    ) -> Result<Vec<DossierRecord>> {
        let pattern = format!("%{}%", like_escape(&motcua_domain::text::fold(q.trim())));
        // Integers only: safe to write into the statement.
        let procedures = if procedure_ids.is_empty() {
            String::new()
        } else {
            format!(
                " OR procedure_id IN ({})",
                procedure_ids
                    .iter()
                    .map(|p| p.get().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE (agency_id = $1 OR receiving_agency_id = $1) \
             AND (search_text LIKE $2 ESCAPE '\\'{procedures}) ORDER BY submitted_at DESC, id DESC LIMIT $3"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(agency_id.get())
            .bind(pattern)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Dossiers an agency received in `[from, to)`, in order of receipt (the tracking book).
    pub async fn dossiers_received_between(
        &self,
        agency_id: AgencyId,
        from: OffsetDateTime,
        to: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<DossierRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE receiving_agency_id = $1 AND received_at >= $2 AND received_at < $3 \
             ORDER BY received_at, id LIMIT $4"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(agency_id.get())
            .bind(to_ms(from))
            .bind(to_ms(to))
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// An applicant's dossiers, newest first.
    pub async fn applicant_dossiers(&self, user_id: UserId, limit: i64) -> Result<Vec<DossierRecord>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM dossiers WHERE applicant_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id.get())
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Fills the search text of dossiers filed before it existed, `batch` at a time; returns
    /// how many rows it filled. Run when the store opens (idempotent, safe on several nodes).
    pub async fn backfill_search_text(&self, batch: i64) -> Result<usize> {
        let mut filled = 0;
        loop {
            let sql = format!("SELECT {COLUMNS} FROM dossiers WHERE search_text IS NULL ORDER BY id LIMIT $1");
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(batch)
                .fetch_all(&self.read)
                .await?;
            if rows.is_empty() {
                return Ok(filled);
            }
            let mut tx = self.write.begin().await?;
            for d in rows.iter().map(from_row) {
                let d = d?;
                sqlx::query("UPDATE dossiers SET search_text = $1 WHERE id = $2 AND search_text IS NULL")
                    .bind(super::search_text(&d.code, &d.applicant))
                    .bind(d.id.get())
                    .execute(&mut *tx)
                    .await?;
                filled += 1;
            }
            tx.commit().await?;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards_are_plain_characters() {
        assert_eq!(super::like_escape("50%_x\\"), "50\\%\\_x\\\\");
    }
}
