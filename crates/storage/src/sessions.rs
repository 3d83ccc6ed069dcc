//! Server-side sessions and API tokens. Only SHA-256 hashes of the secrets are stored, so a
//! leaked database does not hand out live sessions.

use motcua_domain::ids::UserId;
use sqlx::Row;

use crate::{Result, Store, now_ms};

/// A live session row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user_id: Option<UserId>,
    pub csrf_token: String,
    pub expires_at: i64,
}

impl Store {
    pub async fn create_session(&self, id_hash: &str, user_id: Option<UserId>, csrf: &str, ttl_ms: i64) -> Result<()> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)",
        )
        .bind(id_hash)
        .bind(user_id.map(UserId::get))
        .bind(csrf)
        .bind(now)
        .bind(now + ttl_ms)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The session if it exists and has not expired.
    pub async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>> {
        let row = sqlx::query("SELECT user_id, csrf_token, expires_at FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(id_hash)
            .bind(now_ms())
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| {
            Ok(SessionRecord {
                user_id: r.try_get::<Option<i64>, _>("user_id")?.map(UserId),
                csrf_token: r.try_get("csrf_token")?,
                expires_at: r.try_get("expires_at")?,
            })
        })
        .transpose()
    }

    /// Slides the expiry forward (idle timeout).
    pub async fn touch_session(&self, id_hash: &str, ttl_ms: i64) -> Result<()> {
        let now = now_ms();
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3")
            .bind(now)
            .bind(now + ttl_ms)
            .bind(id_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Removes expired sessions; returns how many.
    pub async fn purge_expired_sessions(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    pub async fn create_api_token(&self, user_id: UserId, name: &str, token_hash: &str, ttl_ms: i64) -> Result<()> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id.get())
        .bind(name)
        .bind(now)
        .bind(now + ttl_ms)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The user a live API token belongs to.
    pub async fn api_token_user(&self, token_hash: &str) -> Result<Option<UserId>> {
        let row = sqlx::query("SELECT user_id FROM api_tokens WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now_ms())
            .fetch_optional(&self.read)
            .await?;
        Ok(row.map(|r| r.try_get::<i64, _>("user_id").map(UserId)).transpose()?)
    }
}
