//! Agencies and units.

use motcua_domain::ids::{AgencyId, UnitId, UserId};
use serde::Serialize;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use motcua_domain::agency::{AgencyCode, AgencyInput, Level, UnitInput, UnitKind};

use crate::{Result, StorageError, Store, audit, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agency {
    pub id: AgencyId,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_id: Option<AgencyId>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub address: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub agency_id: AgencyId,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
}

const AGENCY_COLUMNS: &str = "id, code, name, level, parent_id, valid_from, valid_to, address, phone";

fn agency_from_row(r: &AnyRow) -> Result<Agency> {
    let level: String = r.try_get("level")?;
    Ok(Agency {
        id: AgencyId(r.try_get("id")?),
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        level: Level::parse(&level).ok_or_else(|| StorageError::Corrupt(format!("level {level}")))?,
        parent_id: r.try_get::<Option<i64>, _>("parent_id")?.map(AgencyId),
        valid_from: r.try_get("valid_from")?,
        valid_to: r.try_get("valid_to")?,
        address: r.try_get("address")?,
        phone: r.try_get("phone")?,
    })
}

fn unit_from_row(r: &AnyRow) -> Result<Unit> {
    let kind: String = r.try_get("kind")?;
    Ok(Unit {
        id: UnitId(r.try_get("id")?),
        agency_id: AgencyId(r.try_get("agency_id")?),
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        kind: UnitKind::parse(&kind).ok_or_else(|| StorageError::Corrupt(format!("unit kind {kind}")))?,
    })
}

pub(crate) async fn agency_by_code_in(conn: &mut AnyConnection, code: &str) -> Result<Option<Agency>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {AGENCY_COLUMNS} FROM agencies WHERE code = $1"
    )))
    .bind(code)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(agency_from_row).transpose()
}

/// Inserts or updates (by code) an agency inside a transaction. Validates against the parent.
pub(crate) async fn upsert_agency_in(conn: &mut AnyConnection, actor: Option<UserId>, a: &AgencyInput) -> Result<i64> {
    let parent = match &a.parent {
        Some(p) => Some(agency_by_code_in(conn, p.as_str()).await?.ok_or_else(|| {
            StorageError::Invalid(vec![motcua_domain::FieldError {
                field: "parent".into(),
                code: "unknown_agency",
                detail: Some(p.to_string()),
            }])
        })?),
        None => None,
    };
    a.validate(parent.as_ref().map(|p| p.level))
        .finish()
        .map_err(StorageError::Invalid)?;
    let now = now_ms();
    let existing = agency_by_code_in(conn, a.code.as_str()).await?;
    let parent_id = parent.as_ref().map(|p| p.id);
    let parent_raw = parent_id.map(AgencyId::get);
    if let Some(old) = &existing
        && old.name == a.name
        && old.level == a.level
        && old.parent_id == parent_id
        && old.valid_from == a.valid_from
        && old.valid_to == a.valid_to
        && old.address == a.address
        && old.phone == a.phone
    {
        return Ok(old.id.get()); // unchanged: nothing to write, nothing to record
    }
    let id = if let Some(old) = existing {
        sqlx::query(
            "UPDATE agencies SET name = $1, level = $2, parent_id = $3, valid_from = $4, valid_to = $5, \
             address = $6, phone = $7, updated_at = $8 WHERE id = $9",
        )
        .bind(&a.name)
        .bind(a.level.as_str())
        .bind(parent_raw)
        .bind(a.valid_from.clone())
        .bind(a.valid_to.clone())
        .bind(&a.address)
        .bind(&a.phone)
        .bind(now)
        .bind(old.id.get())
        .execute(&mut *conn)
        .await?;
        old.id.get()
    } else {
        sqlx::query(
            "INSERT INTO agencies (code, name, level, parent_id, valid_from, valid_to, address, phone, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(a.code.as_str())
        .bind(&a.name)
        .bind(a.level.as_str())
        .bind(parent_raw)
        .bind(a.valid_from.clone())
        .bind(a.valid_to.clone())
        .bind(&a.address)
        .bind(&a.phone)
        .bind(now)
        .fetch_one(&mut *conn)
        .await
        .map_err(StorageError::unique("code"))?
        .try_get("id")?
    };
    audit::record(
        conn,
        actor,
        "agency.saved",
        ("agency", a.code.as_str()),
        json!({"level": a.level}),
    )
    .await?;
    Ok(id)
}

/// Inserts or updates (by agency + code) a unit inside a transaction.
pub(crate) async fn upsert_unit_in(conn: &mut AnyConnection, actor: Option<UserId>, u: &UnitInput) -> Result<i64> {
    u.validate().finish().map_err(StorageError::Invalid)?;
    let agency = agency_by_code_in(conn, u.agency.as_str()).await?.ok_or_else(|| {
        StorageError::Invalid(vec![motcua_domain::FieldError {
            field: "agency".into(),
            code: "unknown_agency",
            detail: Some(u.agency.to_string()),
        }])
    })?;
    let same = sqlx::query("SELECT id FROM units WHERE agency_id = $1 AND code = $2 AND name = $3 AND kind = $4")
        .bind(agency.id.get())
        .bind(&u.code)
        .bind(&u.name)
        .bind(u.kind.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(row) = same {
        return Ok(row.try_get("id")?); // unchanged
    }
    let now = now_ms();
    let id: i64 = sqlx::query(
        "INSERT INTO units (agency_id, code, name, kind, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) \
         ON CONFLICT (agency_id, code) DO UPDATE SET name = excluded.name, kind = excluded.kind, updated_at = excluded.updated_at \
         RETURNING id",
    )
    .bind(agency.id.get())
    .bind(&u.code)
    .bind(&u.name)
    .bind(u.kind.as_str())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    let object = format!("{}/{}", u.agency, u.code);
    audit::record(conn, actor, "unit.saved", ("unit", &object), json!({"kind": u.kind})).await?;
    Ok(id)
}

impl Store {
    /// Creates an agency; a second agency with the same code is a conflict.
    pub async fn create_agency(&self, actor: Option<UserId>, a: &AgencyInput) -> Result<Agency> {
        let mut tx = self.write.begin().await?;
        if agency_by_code_in(&mut tx, a.code.as_str()).await?.is_some() {
            return Err(StorageError::Conflict("code"));
        }
        upsert_agency_in(&mut tx, actor, a).await?;
        let agency = agency_by_code_in(&mut tx, a.code.as_str())
            .await?
            .ok_or(StorageError::NotFound)?;
        tx.commit().await?;
        Ok(agency)
    }

    /// Creates a unit; the same code twice in one agency is a conflict.
    pub async fn create_unit(&self, actor: Option<UserId>, u: &UnitInput) -> Result<UnitId> {
        let mut tx = self.write.begin().await?;
        let exists = sqlx::query(
            "SELECT 1 FROM units u JOIN agencies a ON a.id = u.agency_id WHERE a.code = $1 AND u.code = $2",
        )
        .bind(u.agency.as_str())
        .bind(&u.code)
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_some() {
            return Err(StorageError::Conflict("code"));
        }
        let id = upsert_unit_in(&mut tx, actor, u).await?;
        tx.commit().await?;
        Ok(UnitId(id))
    }

    pub async fn agency_by_code(&self, code: &AgencyCode) -> Result<Option<Agency>> {
        let mut conn = self.read.acquire().await?;
        agency_by_code_in(&mut conn, code.as_str()).await
    }

    /// Every agency, by level then code.
    pub async fn list_agencies(&self) -> Result<Vec<Agency>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {AGENCY_COLUMNS} FROM agencies ORDER BY CASE level WHEN 'central' THEN 0 WHEN 'province' THEN 1 \
             WHEN 'district' THEN 2 ELSE 3 END, code"
        )))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(agency_from_row).collect()
    }

    /// Units of one agency, by code.
    pub async fn list_units(&self, agency_id: AgencyId) -> Result<Vec<Unit>> {
        let rows = sqlx::query("SELECT id, agency_id, code, name, kind FROM units WHERE agency_id = $1 ORDER BY code")
            .bind(agency_id.get())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(unit_from_row).collect()
    }

    /// A unit by its agency and code.
    pub async fn unit_by_code(&self, agency_id: AgencyId, code: &str) -> Result<Option<Unit>> {
        let row = sqlx::query("SELECT id, agency_id, code, name, kind FROM units WHERE agency_id = $1 AND code = $2")
            .bind(agency_id.get())
            .bind(code)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(unit_from_row).transpose()
    }
}
