//! The in-portal inbox of the signed-in account: its messages page by page, the unread
//! count of the bell, marking read. Nobody reads another account's inbox.

use motcua_domain::account::Principal;
use motcua_domain::ids::NotificationId;
use motcua_storage::InboxItem;
use time::OffsetDateTime;

use crate::{App, Result};

/// Messages per page.
pub const PAGE_SIZE: i64 = 20;

/// One page of the inbox.
#[derive(Debug, Clone)]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    /// The page shown (from 1).
    pub page: i64,
    /// Messages in all, and not yet read.
    pub total: i64,
    pub unread: i64,
}

impl InboxPage {
    /// Whether a later page exists.
    pub fn has_next(&self) -> bool {
        self.page.saturating_mul(PAGE_SIZE) < self.total
    }
}

/// Page `page` (from 1) of `who`'s inbox, newest first.
pub async fn inbox(app: &App, who: &Principal, page: i64) -> Result<InboxPage> {
    let page = page.clamp(1, 10_000);
    let store = app.store();
    let items = store
        .inbox(who.user_id, PAGE_SIZE, (page - 1).saturating_mul(PAGE_SIZE))
        .await?;
    Ok(InboxPage {
        items,
        page,
        total: store.inbox_count(who.user_id).await?,
        unread: store.unread_count(who.user_id).await?,
    })
}

/// How many of `who`'s messages are unread (the bell).
pub async fn unread_count(app: &App, who: &Principal) -> Result<i64> {
    Ok(app.store().unread_count(who.user_id).await?)
}

/// Marks one of `who`'s messages read. A message already read, or someone else's, changes
/// nothing (and says nothing about the other account).
pub async fn mark_read(app: &App, who: &Principal, id: NotificationId) -> Result<()> {
    app.store()
        .mark_read(who.user_id, id, OffsetDateTime::now_utc())
        .await?;
    Ok(())
}

/// Marks all of `who`'s messages read.
pub async fn mark_all_read(app: &App, who: &Principal) -> Result<u64> {
    Ok(app
        .store()
        .mark_all_read(who.user_id, OffsetDateTime::now_utc())
        .await?)
}
