//! Each account's choice of channels. The inbox is always on; an account that never chose
//! has the defaults (e-mail on, SMS and Zalo off, Vietnamese).

use motcua_domain::ids::UserId;
use serde_json::json;
use sqlx::Row;
use time::OffsetDateTime;

use super::stored;
use crate::{Result, Store, audit, to_ms};

/// The language messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PreferredLang {
    #[default]
    Vi,
    En,
}

/// Which channels an account wants besides the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChannelPreferences {
    pub email: bool,
    pub sms: bool,
    pub zns: bool,
    pub lang: PreferredLang,
}

impl Default for ChannelPreferences {
    fn default() -> Self {
        ChannelPreferences {
            email: true,
            sms: false,
            zns: false,
            lang: PreferredLang::Vi,
        }
    }
}

fn flag(b: bool) -> i64 {
    i64::from(b)
}

impl Store {
    /// `user`'s choices, or the defaults.
    pub async fn channel_preferences(&self, user: UserId) -> Result<ChannelPreferences> {
        let row = sqlx::query("SELECT email, sms, zns, lang FROM notification_preferences WHERE user_id = $1")
            .bind(user.get())
            .fetch_optional(&self.read)
            .await?;
        let Some(r) = row else {
            return Ok(ChannelPreferences::default());
        };
        Ok(ChannelPreferences {
            email: r.try_get::<i64, _>("email")? == 1,
            sms: r.try_get::<i64, _>("sms")? == 1,
            zns: r.try_get::<i64, _>("zns")? == 1,
            lang: stored::parse_lang(&r.try_get::<String, _>("lang")?)?,
        })
    }

    /// Stores `user`'s choices (with an audit record of the new switches).
    pub async fn set_channel_preferences(
        &self,
        user: UserId,
        p: &ChannelPreferences,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO notification_preferences (user_id, email, sms, zns, lang, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, \
             sms = excluded.sms, zns = excluded.zns, lang = excluded.lang, updated_at = excluded.updated_at",
        )
        .bind(user.get())
        .bind(flag(p.email))
        .bind(flag(p.sms))
        .bind(flag(p.zns))
        .bind(stored::lang(p.lang))
        .bind(to_ms(now))
        .execute(&mut *tx)
        .await?;
        let detail = json!({"email": p.email, "sms": p.sms, "zns": p.zns, "lang": stored::lang(p.lang)});
        audit::record(
            &mut tx,
            Some(user),
            "notification.preferences",
            ("user", &user.to_string()),
            detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
