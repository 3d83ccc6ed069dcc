//! The feedback setup document, votes on published answers, and Open311 API keys.

use motcua_domain::ids::{Open311KeyId, ReportId, UserId};
use sqlx::Row;
use time::OffsetDateTime;

use motcua_domain::feedback::{Setup, Status};

use super::ms;
use crate::{Result, StorageError, Store, audit};

impl Store {
    /// The stored setup and its version; `None` before the first save.
    pub async fn feedback_setup(&self) -> Result<Option<(Setup, i64)>> {
        let row = sqlx::query("SELECT body, version FROM feedback_setup WHERE id = 1")
            .fetch_optional(&self.read)
            .await?;
        let Some(r) = row else { return Ok(None) };
        let body: String = r.try_get("body")?;
        Ok(Some((serde_json::from_str(&body)?, r.try_get("version")?)))
    }

    /// Saves the whole setup (already validated) if the stored version is still `expected`
    /// (`None`: no setup yet); returns the new version. Saving an identical setup writes
    /// nothing.
    pub async fn save_feedback_setup(
        &self,
        setup: &Setup,
        expected: Option<i64>,
        actor_id: Option<UserId>,
        now: OffsetDateTime,
    ) -> Result<i64> {
        let body = serde_json::to_string(setup)?;
        let mut tx = self.write.begin().await?;
        let current = sqlx::query("SELECT body, version FROM feedback_setup WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
        let version = match current {
            None if expected.is_none() => {
                sqlx::query("INSERT INTO feedback_setup (id, body, version, updated_at) VALUES (1, $1, 1, $2)")
                    .bind(&body)
                    .bind(ms(now))
                    .execute(&mut *tx)
                    .await?;
                1
            }
            Some(r) => {
                let (old, v): (String, i64) = (r.try_get("body")?, r.try_get("version")?);
                if expected.is_some_and(|e| e != v) {
                    return Err(StorageError::Conflict("version"));
                }
                if old == body {
                    return Ok(v);
                }
                sqlx::query("UPDATE feedback_setup SET body = $1, version = $2, updated_at = $3 WHERE id = 1")
                    .bind(&body)
                    .bind(v + 1)
                    .bind(ms(now))
                    .execute(&mut *tx)
                    .await?;
                v + 1
            }
            None => return Err(StorageError::Conflict("version")),
        };
        let detail = serde_json::json!({"version": version, "categories": setup.categories.len()});
        audit::record(&mut tx, actor_id, "feedback.setup", ("feedback_setup", "1"), detail).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// Records a like (+1) or dislike (−1) of a published answer, one per user (a new vote
    /// replaces the old one); returns the new (likes, dislikes).
    pub async fn vote_feedback(
        &self,
        feedback_id: ReportId,
        user_id: UserId,
        value: i64,
        now: OffsetDateTime,
    ) -> Result<(i64, i64)> {
        let mut tx = self.write.begin().await?;
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM feedback WHERE id = $1")
            .bind(feedback_id.get())
            .fetch_optional(&mut *tx)
            .await?;
        if status.as_deref() != Some(super::stored::status(Status::Published)) {
            return Err(StorageError::NotFound);
        }
        sqlx::query(
            "INSERT INTO feedback_votes (feedback_id, user_id, value, at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (feedback_id, user_id) DO UPDATE SET value = excluded.value, at = excluded.at",
        )
        .bind(feedback_id.get())
        .bind(user_id.get())
        .bind(value.signum())
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(
            "SELECT COALESCE(SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END), 0) AS likes, \
             COALESCE(SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END), 0) AS dislikes FROM feedback_votes WHERE feedback_id = $1",
        )
        .bind(feedback_id.get())
        .fetch_one(&mut *tx)
        .await?;
        let (likes, dislikes): (i64, i64) = (row.try_get("likes")?, row.try_get("dislikes")?);
        sqlx::query("UPDATE feedback SET likes = $1, dislikes = $2 WHERE id = $3")
            .bind(likes)
            .bind(dislikes)
            .bind(feedback_id.get())
            .execute(&mut *tx)
            .await?;
        let detail = serde_json::json!({"value": value.signum()});
        audit::record(
            &mut tx,
            Some(user_id),
            "feedback.vote",
            ("feedback", &feedback_id.to_string()),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok((likes, dislikes))
    }

    /// The user's vote on a report (+1, −1), if any.
    pub async fn feedback_vote_of(&self, feedback_id: ReportId, user_id: UserId) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM feedback_votes WHERE feedback_id = $1 AND user_id = $2")
                .bind(feedback_id.get())
                .bind(user_id.get())
                .fetch_optional(&self.read)
                .await?,
        )
    }

    /// Stores an Open311 API key by its hash (the key itself is shown once, never stored).
    pub async fn add_open311_key(&self, name: &str, key_hash: &str, now: OffsetDateTime) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO open311_keys (name, key_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name)
        .bind(key_hash)
        .bind(ms(now))
        .fetch_one(&mut *tx)
        .await
        .map_err(StorageError::unique("key"))?;
        audit::record(
            &mut tx,
            None,
            "open311.key_add",
            ("open311_key", &id.to_string()),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Revokes a key by its id; `NotFound` for an unknown or already revoked key.
    pub async fn revoke_open311_key(&self, id: i64, now: OffsetDateTime) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query("UPDATE open311_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(ms(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StorageError::NotFound);
        }
        audit::record(
            &mut tx,
            None,
            "open311.key_revoke",
            ("open311_key", &id.to_string()),
            serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The unrevoked key with this hash, if any.
    pub async fn open311_key_id(&self, key_hash: &str) -> Result<Option<Open311KeyId>> {
        let id: Option<i64> =
            sqlx::query_scalar("SELECT id FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL")
                .bind(key_hash)
                .fetch_optional(&self.read)
                .await?;
        Ok(id.map(Open311KeyId))
    }

    /// Whether a key with this hash exists and is not revoked.
    pub async fn open311_key_valid(&self, key_hash: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL")
            .bind(key_hash)
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }
}
