//! Accounts created by administrators, the command line and the demo, and reading an
//! account's principal.

use motcua_domain::account::{AccountKind, LoginId, Principal, Role, RoleGrant};
use motcua_domain::agency::AgencyCode;
use motcua_domain::ids::UserId;
use motcua_storage::{NewUser, StorageError};

use super::password;
use crate::{App, AppError, Result};

async fn hash(password: &str) -> Result<String> {
    let pw = password.to_owned();
    tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)
}

/// A role in an agency (and perhaps a unit) named by codes; `NotFound` for an unknown
/// agency or unit.
pub async fn grant_for(app: &App, role: Role, agency: &AgencyCode, unit: Option<&str>) -> Result<RoleGrant> {
    let agency = app.store().agency_by_code(agency).await?.ok_or(AppError::NotFound)?;
    let unit_id = match unit {
        Some(u) => Some(
            app.store()
                .unit_by_code(agency.id, u)
                .await?
                .ok_or(AppError::NotFound)?
                .id,
        ),
        None => None,
    };
    Ok(RoleGrant {
        role,
        agency_id: agency.id,
        unit_id,
    })
}

/// Creates an officer account with its grants (the password is hashed here); a login
/// already registered is `Conflict("login")`.
pub async fn create_officer(
    app: &App,
    login: LoginId,
    full_name: &str,
    password: &str,
    grants: &[RoleGrant],
) -> Result<UserId> {
    let id = app
        .store()
        .create_user(
            None,
            &NewUser {
                kind: AccountKind::Officer,
                full_name: full_name.to_owned(),
                login,
                password_hash: hash(password).await?,
            },
        )
        .await?;
    for g in grants {
        app.store().grant_role(None, id, g).await?;
    }
    Ok(id)
}

/// The account of `login`, created with `password` when missing, holding `grant` (the
/// demo's accounts: running it twice changes nothing).
pub async fn ensure_account(
    app: &App,
    login: LoginId,
    full_name: &str,
    kind: AccountKind,
    password: &str,
    grant: Option<RoleGrant>,
) -> Result<UserId> {
    let id = match app.store().user_by_login(&login).await? {
        Some(u) => u.id,
        None => {
            let new = NewUser {
                kind,
                full_name: full_name.to_owned(),
                login: login.clone(),
                password_hash: hash(password).await?,
            };
            match app.store().create_user(None, &new).await {
                Ok(id) => id,
                // Created meanwhile by another loader.
                Err(StorageError::Conflict(_)) => {
                    app.store().user_by_login(&login).await?.ok_or(AppError::NotFound)?.id
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    if let Some(g) = grant {
        app.store().grant_role(None, id, &g).await?;
    }
    Ok(id)
}

/// The principal of an account (`None` for an unknown or disabled one).
pub async fn principal(app: &App, id: UserId) -> Result<Option<Principal>> {
    Ok(app.store().principal(id).await?)
}

/// The principal of the account with this login.
pub async fn principal_by_login(app: &App, login: &LoginId) -> Result<Option<Principal>> {
    match app.store().user_by_login(login).await? {
        Some(u) => principal(app, u.id).await,
        None => Ok(None),
    }
}
