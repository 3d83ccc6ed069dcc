//! Who messages go to: an account's addresses, and the officers working at an agency.

use motcua_domain::account::{AccountKind, Role};
use motcua_domain::ids::{AgencyId, UserId};
use sqlx::Row;

use crate::{Result, StorageError, Store};

/// How an account can be reached.
#[derive(Clone, PartialEq, Eq)]
pub struct UserContact {
    pub id: UserId,
    pub kind: AccountKind,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl std::fmt::Debug for UserContact {
    // Names and addresses are personal: never in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserContact")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// The addresses of an active account (`None` for an unknown or disabled one).
    pub async fn user_contact(&self, user: UserId) -> Result<Option<UserContact>> {
        let row =
            sqlx::query("SELECT id, kind, full_name, email, phone FROM users WHERE id = $1 AND status = 'active'")
                .bind(user.get())
                .fetch_optional(&self.read)
                .await?;
        row.map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(UserContact {
                id: UserId(r.try_get("id")?),
                kind: AccountKind::parse(&kind).ok_or_else(|| StorageError::Corrupt(format!("kind {kind}")))?,
                full_name: r.try_get("full_name")?,
                email: r.try_get("email")?,
                phone: r.try_get("phone")?,
            })
        })
        .transpose()
    }

    /// The active officers holding one of `roles` at `agency` (any unit), by id.
    pub async fn officers_at(&self, agency: AgencyId, roles: &[Role]) -> Result<Vec<UserId>> {
        let mut out = Vec::new();
        for (user, at, role) in self.officer_grants().await? {
            if at == agency && roles.contains(&role) && !out.contains(&user) {
                out.push(user);
            }
        }
        Ok(out)
    }

    /// Every (officer, agency, role) of active officer accounts, ordered by officer.
    pub async fn officer_grants(&self) -> Result<Vec<(UserId, AgencyId, Role)>> {
        let rows = sqlx::query(
            "SELECT g.user_id, g.agency_id, g.role FROM role_grants g JOIN users u ON u.id = g.user_id \
             WHERE u.kind = 'officer' AND u.status = 'active' ORDER BY g.user_id, g.id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                Ok((
                    UserId(r.try_get("user_id")?),
                    AgencyId(r.try_get("agency_id")?),
                    Role::parse(&role).ok_or_else(|| StorageError::Corrupt(format!("role {role}")))?,
                ))
            })
            .collect()
    }
}
