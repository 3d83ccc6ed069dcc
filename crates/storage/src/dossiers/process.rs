//! A procedure's process as stored (the standard one applies when none is).

use serde_json::json;
use sqlx::Row;

use motcua_domain::dossier::Process;
use motcua_domain::ids::{ProcedureId, UserId};

use crate::{Result, Store, audit, now_ms};

impl Store {
    /// The process of a procedure, if one was set (otherwise the standard process applies).
    pub async fn procedure_process(&self, procedure_id: ProcedureId) -> Result<Option<Process>> {
        let row = sqlx::query("SELECT definition FROM procedure_processes WHERE procedure_id = $1")
            .bind(procedure_id.get())
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| Ok(serde_json::from_str(&r.try_get::<String, _>("definition")?)?))
            .transpose()
    }

    /// Every stored process, by procedure (to keep them in the catalogue snapshot).
    pub async fn procedure_processes(&self) -> Result<Vec<(ProcedureId, Process)>> {
        let rows = sqlx::query("SELECT procedure_id, definition FROM procedure_processes")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    ProcedureId(r.try_get("procedure_id")?),
                    serde_json::from_str(&r.try_get::<String, _>("definition")?)?,
                ))
            })
            .collect()
    }

    /// Sets the process of a procedure (validated by the caller against its time limit).
    pub async fn set_procedure_process(
        &self,
        actor: Option<UserId>,
        procedure_id: ProcedureId,
        code: &str,
        p: &Process,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO procedure_processes (procedure_id, definition, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (procedure_id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at",
        )
        .bind(procedure_id.get())
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
        // Other nodes see the new process with the catalogue.
        sqlx::query("UPDATE revisions SET value = value + 1 WHERE name = 'catalogue'")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
