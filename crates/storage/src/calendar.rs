//! The yearly holiday table and office hours. Every change bumps the `calendar` revision so
//! every node rebuilds its working-day calendar.

use motcua_domain::ids::UserId;
use serde_json::json;
use sqlx::Row;

use motcua_domain::calendar::{CalendarOverride, OfficeHours, OverrideKind};

use crate::procedures::bump_revision;
use crate::{Result, StorageError, Store, audit, now_ms};

const OFFICE_HOURS: &str = "office_hours";

fn kind_str(k: OverrideKind) -> &'static str {
    match k {
        OverrideKind::DayOff => "day_off",
        OverrideKind::WorkingDay => "working_day",
        OverrideKind::NotHoliday => "not_holiday",
    }
}

fn parse_kind(s: &str) -> Option<OverrideKind> {
    match s {
        "day_off" => Some(OverrideKind::DayOff),
        "working_day" => Some(OverrideKind::WorkingDay),
        "not_holiday" => Some(OverrideKind::NotHoliday),
        _ => None,
    }
}

const DATE: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl Store {
    /// Every correction, by date.
    pub async fn calendar_overrides(&self) -> Result<Vec<CalendarOverride>> {
        let rows = sqlx::query("SELECT date, kind, name FROM calendar_overrides ORDER BY date")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| {
                let date: String = r.try_get("date")?;
                let kind: String = r.try_get("kind")?;
                Ok(CalendarOverride {
                    date: time::Date::parse(&date, DATE).map_err(|e| StorageError::Corrupt(e.to_string()))?,
                    kind: parse_kind(&kind).ok_or_else(|| StorageError::Corrupt(format!("override kind {kind}")))?,
                    name: r.try_get("name")?,
                })
            })
            .collect()
    }

    /// Sets (or replaces) the correction of one date.
    pub async fn set_calendar_override(&self, actor: Option<UserId>, o: &CalendarOverride) -> Result<()> {
        let date = o.date.format(DATE).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO calendar_overrides (date, kind, name, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name, updated_at = excluded.updated_at",
        )
        .bind(&date)
        .bind(kind_str(o.kind))
        .bind(&o.name)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        bump_revision(&mut tx, "calendar").await?;
        audit::record(
            &mut tx,
            actor,
            "calendar.override_set",
            ("calendar", &date),
            json!({"kind": kind_str(o.kind)}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the correction of one date; `NotFound` when there was none.
    pub async fn delete_calendar_override(&self, actor: Option<UserId>, date: time::Date) -> Result<()> {
        let date = date.format(DATE).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        let mut tx = self.write.begin().await?;
        let done = sqlx::query("DELETE FROM calendar_overrides WHERE date = $1")
            .bind(&date)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StorageError::NotFound);
        }
        bump_revision(&mut tx, "calendar").await?;
        audit::record(
            &mut tx,
            actor,
            "calendar.override_removed",
            ("calendar", &date),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Office hours, or the default (08:00–12:00, 13:30–17:00) when never set.
    pub async fn office_hours(&self) -> Result<OfficeHours> {
        let row = sqlx::query("SELECT value FROM settings WHERE key = $1")
            .bind(OFFICE_HOURS)
            .fetch_optional(&self.read)
            .await?;
        match row {
            Some(r) => Ok(serde_json::from_str(&r.try_get::<String, _>("value")?)?),
            None => Ok(OfficeHours::default()),
        }
    }

    pub async fn set_office_hours(&self, actor: Option<UserId>, hours: &OfficeHours) -> Result<()> {
        if !hours.is_valid() {
            return Err(StorageError::Invalid(vec![motcua_domain::FieldError {
                field: "periods".into(),
                code: "invalid_office_hours",
                detail: None,
            }]));
        }
        let value = serde_json::to_string(hours)?;
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(OFFICE_HOURS)
        .bind(&value)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        bump_revision(&mut tx, "calendar").await?;
        audit::record(
            &mut tx,
            actor,
            "calendar.office_hours_set",
            ("settings", OFFICE_HOURS),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Increases on every calendar change, on any node.
    pub async fn calendar_revision(&self) -> Result<i64> {
        let row = sqlx::query("SELECT value FROM revisions WHERE name = 'calendar'")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("value")?)
    }
}
