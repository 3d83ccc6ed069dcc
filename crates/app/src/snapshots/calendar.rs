//! The working-day calendar as of a calendar revision.

use motcua_domain::calendar::WorkingCalendar;
use motcua_storage::Store;

use crate::error::Result;

pub struct CalendarSnapshot {
    pub revision: i64,
    pub calendar: WorkingCalendar,
}

impl CalendarSnapshot {
    pub(crate) async fn load(store: &Store) -> Result<Self> {
        let revision = store.calendar_revision().await?;
        let calendar = WorkingCalendar::new(store.calendar_overrides().await?, store.office_hours().await?);
        Ok(Self { revision, calendar })
    }
}
