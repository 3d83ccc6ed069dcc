//! Accounts and role grants. Passwords arrive already hashed (argon2id, by the caller).

use motcua_domain::ids::{AgencyId, UnitId, UserId};
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use motcua_domain::account::{AccountKind, LoginId, Principal, Role, RoleGrant};

use crate::{Result, StorageError, Store, audit, now_ms};

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub kind: AccountKind,
    pub full_name: String,
    pub login: LoginId,
    pub password_hash: String,
}

/// An account as stored, for sign-in.
#[derive(Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub kind: AccountKind,
    pub full_name: String,
    pub password_hash: String,
    pub active: bool,
}

impl std::fmt::Debug for UserRecord {
    // Never print the hash or the name: logs must hold no personal data.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

fn user_from_row(r: &AnyRow) -> Result<UserRecord> {
    let kind: String = r.try_get("kind")?;
    let status: String = r.try_get("status")?;
    Ok(UserRecord {
        id: UserId(r.try_get("id")?),
        kind: AccountKind::parse(&kind).ok_or_else(|| StorageError::Corrupt(format!("kind {kind}")))?,
        full_name: r.try_get("full_name")?,
        password_hash: r.try_get("password_hash")?,
        active: status == "active",
    })
}

const USER_COLUMNS: &str = "id, kind, full_name, password_hash, status";

impl Store {
    /// Creates an account; an e-mail or phone already registered is `Conflict("login")`.
    pub async fn create_user(&self, actor: Option<UserId>, u: &NewUser) -> Result<UserId> {
        let (email, phone) = match &u.login {
            LoginId::Email(e) => (Some(e.as_str()), None),
            LoginId::Phone(p) => (None, Some(p.as_str())),
        };
        let now = now_ms();
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query(
            "INSERT INTO users (kind, full_name, email, phone, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(u.kind.as_str())
        .bind(&u.full_name)
        .bind(email)
        .bind(phone)
        .bind(&u.password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(StorageError::unique("login"))?
        .try_get("id")?;
        let id = UserId(id);
        let actor = actor.or(Some(id));
        audit::record(
            &mut tx,
            actor,
            "user.created",
            ("user", &id.to_string()),
            json!({"kind": u.kind}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Finds an account by its normalised e-mail or phone.
    pub async fn user_by_login(&self, login: &LoginId) -> Result<Option<UserRecord>> {
        let sql = match login {
            LoginId::Email(_) => format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"),
            LoginId::Phone(_) => format!("SELECT {USER_COLUMNS} FROM users WHERE phone = $1"),
        };
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(login.as_str())
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Replaces a password hash (re-hash on sign-in when parameters change, admin reset).
    pub async fn set_password_hash(&self, user_id: UserId, hash: &str) -> Result<()> {
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now_ms())
            .bind(user_id.get())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Notes a successful sign-in in the account and the audit trail.
    pub async fn record_login(&self, user_id: UserId) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
            .bind(now_ms())
            .bind(user_id.get())
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            Some(user_id),
            "user.signed_in",
            ("user", &user_id.to_string()),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Grants a role in an agency (and optionally a unit). Granting twice is a no-op.
    pub async fn grant_role(&self, actor: Option<UserId>, user_id: UserId, grant: &RoleGrant) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let exists = sqlx::query(
            "SELECT 1 FROM role_grants WHERE user_id = $1 AND role = $2 AND agency_id = $3 AND COALESCE(unit_id, 0) = $4",
        )
        .bind(user_id.get())
        .bind(grant.role.as_str())
        .bind(grant.agency_id.get())
        .bind(grant.unit_id.map_or(0, UnitId::get))
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_none() {
            sqlx::query(
                "INSERT INTO role_grants (user_id, role, agency_id, unit_id, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(user_id.get())
            .bind(grant.role.as_str())
            .bind(grant.agency_id.get())
            .bind(grant.unit_id.map(UnitId::get))
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
            let detail = json!({"role": grant.role, "agency_id": grant.agency_id, "unit_id": grant.unit_id});
            audit::record(&mut tx, actor, "role.granted", ("user", &user_id.to_string()), detail).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The account and its grants, as the authorisation rules see them.
    pub async fn principal(&self, user_id: UserId) -> Result<Option<Principal>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
        )))
        .bind(user_id.get())
        .fetch_optional(&self.read)
        .await?;
        let Some(user) = row.as_ref().map(user_from_row).transpose()? else {
            return Ok(None);
        };
        if !user.active {
            return Ok(None);
        }
        let grants = sqlx::query("SELECT role, agency_id, unit_id FROM role_grants WHERE user_id = $1 ORDER BY id")
            .bind(user_id.get())
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                Ok(RoleGrant {
                    role: Role::parse(&role).ok_or_else(|| StorageError::Corrupt(format!("role {role}")))?,
                    agency_id: AgencyId(r.try_get("agency_id")?),
                    unit_id: r.try_get::<Option<i64>, _>("unit_id")?.map(UnitId),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(Principal {
            user_id: user.id,
            kind: user.kind,
            display_name: user.full_name,
            grants,
        }))
    }
}
