//! Drafts of online filings (save as draft): one JSON document per applicant and procedure.

use sqlx::Row;

use motcua_domain::ids::{ProcedureId, UserId};

use crate::{Result, Store, now_ms};

impl Store {
    pub async fn draft(&self, user_id: UserId, procedure_id: ProcedureId) -> Result<Option<serde_json::Value>> {
        let row = sqlx::query("SELECT content FROM dossier_drafts WHERE user_id = $1 AND procedure_id = $2")
            .bind(user_id.get())
            .bind(procedure_id.get())
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| Ok(serde_json::from_str(&r.try_get::<String, _>("content")?)?))
            .transpose()
    }

    pub async fn save_draft(
        &self,
        user_id: UserId,
        procedure_id: ProcedureId,
        content: &serde_json::Value,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO dossier_drafts (user_id, procedure_id, content, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, procedure_id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at",
        )
        .bind(user_id.get())
        .bind(procedure_id.get())
        .bind(content.to_string())
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn delete_draft(&self, user_id: UserId, procedure_id: ProcedureId) -> Result<()> {
        sqlx::query("DELETE FROM dossier_drafts WHERE user_id = $1 AND procedure_id = $2")
            .bind(user_id.get())
            .bind(procedure_id.get())
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
