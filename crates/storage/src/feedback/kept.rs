//! Photos kept for a reporter between a refused details page and the next try: cleaned bytes
//! in the file store, a row per photo owned by one user, purged after a day.

use motcua_domain::feedback::Point;
use motcua_domain::ids::{KeptPhotoId, UserId};
use sqlx::Row;
use time::OffsetDateTime;

use super::ms;
use crate::{Result, Store};

/// A photo kept for its owner.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptPhoto {
    pub id: KeptPhotoId,
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// The position the camera recorded (read before its metadata was removed).
    pub position: Option<Point>,
}

/// A photo to keep.
pub struct NewKeptPhoto<'a> {
    pub user: UserId,
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub position: Option<Point>,
    pub now: OffsetDateTime,
}

impl Store {
    pub async fn keep_photo(&self, p: &NewKeptPhoto<'_>) -> Result<KeptPhotoId> {
        let row = sqlx::query(
            "INSERT INTO feedback_kept_photos (user_id, sha256, content_type, size_bytes, lat, lon, kept_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(p.user.get())
        .bind(p.sha256)
        .bind(p.content_type)
        .bind(p.size_bytes)
        .bind(p.position.map(|x| x.lat))
        .bind(p.position.map(|x| x.lon))
        .bind(ms(p.now))
        .fetch_one(&self.write)
        .await?;
        Ok(KeptPhotoId(row.try_get("id")?))
    }

    /// The photos kept for `user`, oldest first (another user's are never returned).
    pub async fn kept_photos(&self, user: UserId) -> Result<Vec<KeptPhoto>> {
        let rows = sqlx::query(
            "SELECT id, sha256, content_type, size_bytes, lat, lon FROM feedback_kept_photos \
             WHERE user_id = $1 ORDER BY id",
        )
        .bind(user.get())
        .fetch_all(&self.write)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let lat: Option<f64> = r.try_get("lat")?;
            let lon: Option<f64> = r.try_get("lon")?;
            out.push(KeptPhoto {
                id: KeptPhotoId(r.try_get("id")?),
                sha256: r.try_get("sha256")?,
                content_type: r.try_get("content_type")?,
                size_bytes: r.try_get("size_bytes")?,
                position: lat.zip(lon).map(|(lat, lon)| Point { lat, lon }),
            });
        }
        Ok(out)
    }

    /// Forgets every photo kept for `user` (after a report is filed, or to start again).
    pub async fn forget_kept_photos(&self, user: UserId) -> Result<u64> {
        let done = sqlx::query("DELETE FROM feedback_kept_photos WHERE user_id = $1")
            .bind(user.get())
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// Forgets one photo kept for `user` (one the reporter unticked).
    pub async fn forget_kept_photo(&self, user: UserId, id: KeptPhotoId) -> Result<()> {
        sqlx::query("DELETE FROM feedback_kept_photos WHERE user_id = $1 AND id = $2")
            .bind(user.get())
            .bind(id.get())
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Forgets photos kept before `before`; returns how many.
    pub async fn purge_kept_photos(&self, before: OffsetDateTime) -> Result<u64> {
        let done = sqlx::query("DELETE FROM feedback_kept_photos WHERE kept_at < $1")
            .bind(ms(before))
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }
}
