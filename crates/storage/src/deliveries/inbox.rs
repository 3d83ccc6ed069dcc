//! The in-portal inbox: each account's messages, newest first, read or not.

use motcua_domain::ids::{NotificationId, UserId};
use sqlx::Row;
use time::OffsetDateTime;

use super::{InboxItem, NewInboxItem, outbox::insert_inbox};
use crate::{Result, Store, from_ms, to_ms};

impl Store {
    /// Stores one message; `false` when its key was stored before (nothing changes).
    pub async fn store_inbox_item(&self, m: &NewInboxItem, now: OffsetDateTime) -> Result<bool> {
        let mut conn = self.write.acquire().await?;
        Ok(insert_inbox(&mut conn, m, now).await? == 1)
    }

    /// `user`'s messages, newest first: `limit` of them after skipping `offset`.
    pub async fn inbox(&self, user: UserId, limit: i64, offset: i64) -> Result<Vec<InboxItem>> {
        let rows = sqlx::query(
            "SELECT id, kind, title, body, link, created_at, read_at FROM notifications \
             WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(user.get())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InboxItem {
                    id: NotificationId(r.try_get("id")?),
                    kind: r.try_get("kind")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                    link: r.try_get("link")?,
                    created_at: from_ms(r.try_get("created_at")?),
                    read_at: r.try_get::<Option<i64>, _>("read_at")?.map(from_ms),
                })
            })
            .collect()
    }

    /// How many messages `user` has in all.
    pub async fn inbox_count(&self, user: UserId) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1")
            .bind(user.get())
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// How many messages `user` has not read (one index range: the bell's figure).
    pub async fn unread_count(&self, user: UserId) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user.get())
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Marks one of `user`'s messages read; `false` when `user` has no such unread message
    /// (another account's message is never touched).
    pub async fn mark_read(&self, user: UserId, id: NotificationId, now: OffsetDateTime) -> Result<bool> {
        let done =
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL")
                .bind(to_ms(now))
                .bind(id.get())
                .bind(user.get())
                .execute(&self.write)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks every message of `user` read; returns how many were unread.
    pub async fn mark_all_read(&self, user: UserId, now: OffsetDateTime) -> Result<u64> {
        let done = sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(to_ms(now))
            .bind(user.get())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }
}
