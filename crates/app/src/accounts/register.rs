//! A citizen registers with an e-mail address or a mobile number.

use motcua_domain::account::{AccountKind, Registration};
use motcua_domain::ids::UserId;
use motcua_storage::{NewUser, StorageError};

use super::password;
use crate::{App, AppError, Result};

/// Validates and stores a registration. A login already registered is
/// `Validation([login: already_registered])`.
pub async fn register(app: &App, r: &Registration) -> Result<UserId> {
    let login = r.validate().map_err(AppError::Validation)?;
    let pw = r.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)?;
    let new = NewUser {
        kind: AccountKind::Citizen,
        full_name: motcua_domain::text::squash_spaces(&motcua_domain::text::nfc(&r.full_name)),
        login,
        password_hash: hash,
    };
    match app.store().create_user(None, &new).await {
        Ok(id) => Ok(id),
        Err(StorageError::Conflict(_)) => Err(AppError::invalid("login", "already_registered")),
        Err(e) => Err(e.into()),
    }
}
