//! Photos kept across a refused details page: a reporter who chose photos and then got an
//! error (a missing description, a bad e-mail) does not have to choose them again. Kept
//! photos are cleaned like any other, belong to one user, and are forgotten once the report
//! is filed or after a day.

use bytes::Bytes;
use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::ids::KeptPhotoId;
use motcua_storage::{KeptPhoto, NewKeptPhoto, clean_photo};

use super::submit::Photo;
use crate::{App, AppError, Result};

/// After a refused submission: keeps the photos still ticked (`ticked`) and the valid new
/// ones (`photos`), up to the photo limit, and forgets the rest. Returns what is kept now.
pub async fn keep_for_retry(
    app: &App,
    who: &Principal,
    ticked: &[KeptPhotoId],
    photos: Vec<Photo>,
) -> Result<Vec<KeptPhoto>> {
    let store = app.store();
    let mut again = Vec::new();
    for k in store.kept_photos(who.user_id).await? {
        if ticked.contains(&k.id) {
            again.push(k);
        } else {
            store.forget_kept_photo(who.user_id, k.id).await?;
        }
    }
    let max = app.settings().feedback.max_photos;
    let max_bytes = app.settings().max_upload_bytes;
    let now = OffsetDateTime::now_utc();
    for p in photos {
        if again.len() >= max {
            break;
        }
        if p.bytes.len() > max_bytes {
            continue;
        }
        // Refused photos were reported with the other errors; only good ones are kept.
        let Ok(clean) = clean_off_thread(p.bytes).await? else {
            continue;
        };
        let size = i64::try_from(clean.bytes.len()).unwrap_or(i64::MAX);
        let sha = app.files().put(clean.bytes).await?;
        let id = store
            .keep_photo(&NewKeptPhoto {
                user: who.user_id,
                sha256: &sha,
                content_type: clean.content_type,
                size_bytes: size,
                position: clean.position,
                now,
            })
            .await?;
        again.push(KeptPhoto {
            id,
            sha256: sha,
            content_type: clean.content_type.to_owned(),
            size_bytes: size,
            position: clean.position,
        });
    }
    Ok(again)
}

/// A kept photo's bytes, for its owner only (anyone else: not found).
pub async fn kept_photo(app: &App, who: &Principal, id: KeptPhotoId) -> Result<(String, Bytes)> {
    let k = app
        .store()
        .kept_photos(who.user_id)
        .await?
        .into_iter()
        .find(|k| k.id == id)
        .ok_or(AppError::NotFound)?;
    Ok((k.content_type, app.files().get(&k.sha256).await?))
}

/// Photo cleaning decodes and rewrites images: a blocking thread's work.
pub(super) async fn clean_off_thread(
    bytes: Bytes,
) -> Result<std::result::Result<motcua_storage::CleanPhoto, motcua_storage::PhotoError>> {
    tokio::task::spawn_blocking(move || clean_photo(bytes))
        .await
        .map_err(|e| AppError::Internal(format!("photo cleaning stopped: {e}")))
}
