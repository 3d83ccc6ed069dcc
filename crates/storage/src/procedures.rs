//! The procedure catalogue. A procedure is an aggregate written whole: its full document
//! is kept as JSON, with the columns and link tables that queries need beside it. Every
//! change bumps the procedure's version and the catalogue revision; every new form is kept
//! as a numbered form version so in-flight dossiers can pin theirs.

use motcua_domain::ids::{ProcedureId, UserId};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use motcua_domain::FieldError;
use motcua_domain::procedure::ProcedureInput;

use crate::organisation::agency_by_code_in;
use crate::{Result, StorageError, Store, audit, now_ms};

/// A procedure as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProcedure {
    pub id: ProcedureId,
    pub version: i64,
    pub updated_at: i64,
    pub procedure: ProcedureInput,
}

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Created,
    Updated,
    Unchanged,
}

fn from_row(r: &AnyRow) -> Result<StoredProcedure> {
    let doc: String = r.try_get("document")?;
    Ok(StoredProcedure {
        id: ProcedureId(r.try_get("id")?),
        version: r.try_get("version")?,
        updated_at: r.try_get("updated_at")?,
        procedure: serde_json::from_str(&doc)?,
    })
}

async fn by_code_in(conn: &mut AnyConnection, code: &str) -> Result<Option<StoredProcedure>> {
    let row = sqlx::query("SELECT id, version, updated_at, document FROM procedures WHERE code = $1")
        .bind(code)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(crate) async fn bump_revision(conn: &mut AnyConnection, name: &str) -> Result<()> {
    sqlx::query("UPDATE revisions SET value = value + 1 WHERE name = $1")
        .bind(name)
        .execute(conn)
        .await?;
    Ok(())
}

/// Inserts or updates (by code) a procedure inside a transaction.
pub(crate) async fn upsert_in(
    conn: &mut AnyConnection,
    actor: Option<UserId>,
    p: &ProcedureInput,
) -> Result<SaveOutcome> {
    p.validate().finish().map_err(StorageError::Invalid)?;
    let mut agency_ids = Vec::with_capacity(p.agencies.len());
    for (i, code) in p.agencies.iter().enumerate() {
        match agency_by_code_in(conn, code.as_str()).await? {
            Some(a) => agency_ids.push(a.id),
            None => {
                return Err(StorageError::Invalid(vec![FieldError {
                    field: format!("agencies/{i}"),
                    code: "unknown_agency",
                    detail: Some(code.to_string()),
                }]));
            }
        }
    }
    let now = now_ms();
    let doc = serde_json::to_string(p)?;
    let existing = by_code_in(conn, &p.code).await?;
    let (id, version, outcome) = match &existing {
        Some(old) if old.procedure == *p => return Ok(SaveOutcome::Unchanged),
        Some(old) => {
            sqlx::query(
                "UPDATE procedures SET name = $1, field = $2, online_level = $3, full_process_eligible = $4, \
                 time_limit_value = $5, time_limit_unit = $6, document = $7, version = version + 1, updated_at = $8 WHERE id = $9",
            )
            .bind(&p.name)
            .bind(&p.field)
            .bind(p.online_level.as_str())
            .bind(i64::from(p.full_process_eligible))
            .bind(i64::from(p.time_limit.value))
            .bind(p.time_limit.unit.as_str())
            .bind(&doc)
            .bind(now)
            .bind(old.id.get())
            .execute(&mut *conn)
            .await?;
            sqlx::query("DELETE FROM procedure_agencies WHERE procedure_id = $1")
                .bind(old.id.get())
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM procedure_levels WHERE procedure_id = $1")
                .bind(old.id.get())
                .execute(&mut *conn)
                .await?;
            (old.id.get(), old.version + 1, SaveOutcome::Updated)
        }
        None => {
            let id: i64 = sqlx::query(
                "INSERT INTO procedures (code, name, field, online_level, full_process_eligible, time_limit_value, \
                 time_limit_unit, document, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id",
            )
            .bind(&p.code)
            .bind(&p.name)
            .bind(&p.field)
            .bind(p.online_level.as_str())
            .bind(i64::from(p.full_process_eligible))
            .bind(i64::from(p.time_limit.value))
            .bind(p.time_limit.unit.as_str())
            .bind(&doc)
            .bind(now)
            .fetch_one(&mut *conn)
            .await
            .map_err(StorageError::unique("code"))?
            .try_get("id")?;
            (id, 1, SaveOutcome::Created)
        }
    };
    for agency_id in agency_ids {
        sqlx::query("INSERT INTO procedure_agencies (procedure_id, agency_id) VALUES ($1, $2)")
            .bind(id)
            .bind(agency_id.get())
            .execute(&mut *conn)
            .await?;
    }
    for level in &p.levels {
        sqlx::query("INSERT INTO procedure_levels (procedure_id, level) VALUES ($1, $2)")
            .bind(id)
            .bind(level.as_str())
            .execute(&mut *conn)
            .await?;
    }
    if existing.as_ref().is_none_or(|old| old.procedure.form != p.form) {
        sqlx::query("INSERT INTO procedure_forms (procedure_id, version, fields, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(version)
            .bind(serde_json::to_string(&p.form)?)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    bump_revision(conn, "catalogue").await?;
    let action = if outcome == SaveOutcome::Created {
        "procedure.created"
    } else {
        "procedure.updated"
    };
    audit::record(conn, actor, action, ("procedure", &p.code), json!({"version": version})).await?;
    Ok(outcome)
}

impl Store {
    /// Creates a procedure; an existing code is `Conflict("code")`.
    pub async fn create_procedure(&self, actor: Option<UserId>, p: &ProcedureInput) -> Result<StoredProcedure> {
        let mut tx = self.write.begin().await?;
        if by_code_in(&mut tx, &p.code).await?.is_some() {
            return Err(StorageError::Conflict("code"));
        }
        upsert_in(&mut tx, actor, p).await?;
        let saved = by_code_in(&mut tx, &p.code).await?.ok_or(StorageError::NotFound)?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Replaces procedure `code` with `p`. When `expected_version` is given and differs from
    /// the stored one, nothing is written and `Conflict("version")` is returned.
    pub async fn update_procedure(
        &self,
        actor: Option<UserId>,
        code: &str,
        p: &ProcedureInput,
        expected_version: Option<i64>,
    ) -> Result<StoredProcedure> {
        if p.code != code {
            return Err(StorageError::Invalid(vec![FieldError {
                field: "code".into(),
                code: "code_mismatch",
                detail: None,
            }]));
        }
        let mut tx = self.write.begin().await?;
        let old = by_code_in(&mut tx, code).await?.ok_or(StorageError::NotFound)?;
        if expected_version.is_some_and(|v| v != old.version) {
            return Err(StorageError::Conflict("version"));
        }
        upsert_in(&mut tx, actor, p).await?;
        let saved = by_code_in(&mut tx, code).await?.ok_or(StorageError::NotFound)?;
        tx.commit().await?;
        Ok(saved)
    }

    pub async fn procedure_by_code(&self, code: &str) -> Result<Option<StoredProcedure>> {
        let mut conn = self.read.acquire().await?;
        by_code_in(&mut conn, code).await
    }

    /// The whole catalogue, by code (the portal keeps it in memory; see `catalogue_revision`).
    pub async fn load_catalogue(&self) -> Result<Vec<StoredProcedure>> {
        let rows = sqlx::query("SELECT id, version, updated_at, document FROM procedures ORDER BY code")
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Increases on every catalogue change, on any node.
    pub async fn catalogue_revision(&self) -> Result<i64> {
        let row = sqlx::query("SELECT value FROM revisions WHERE name = 'catalogue'")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("value")?)
    }

    /// Versions of a procedure's form, oldest first: (version, fields JSON).
    pub async fn form_versions(&self, procedure_id: ProcedureId) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT version, fields FROM procedure_forms WHERE procedure_id = $1 ORDER BY version")
            .bind(procedure_id.get())
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("version")?, r.try_get("fields")?)))
            .collect()
    }
}
