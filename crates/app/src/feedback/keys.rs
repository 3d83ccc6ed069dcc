//! Open311 API keys: shown once, stored as their SHA-256, revocable.

use motcua_domain::ids::Open311KeyId;

use crate::accounts::tokens::{hash_token, random_token};
use crate::{App, Result};

/// Creates a key for a client; returns its number and the key (not stored, shown once).
pub async fn add_open311_key(app: &App, name: &str) -> Result<(i64, String)> {
    let key = random_token();
    let id = app
        .store()
        .add_open311_key(name.trim(), &hash_token(&key), time::OffsetDateTime::now_utc())
        .await?;
    Ok((id, key))
}

/// Revokes a key by its number (`NotFound` for an unknown or already revoked key).
pub async fn revoke_open311_key(app: &App, id: i64) -> Result<()> {
    Ok(app
        .store()
        .revoke_open311_key(id, time::OffsetDateTime::now_utc())
        .await?)
}

/// The stored, unrevoked key `key` is, if any.
pub async fn open311_key_id(app: &App, key: &str) -> Result<Option<Open311KeyId>> {
    Ok(app.store().open311_key_id(&hash_token(key)).await?)
}
