//! Notifications: telling applicants, reporters and officers what happened, by e-mail, SMS,
//! Zalo ZNS and the portal's own inbox. Messages are written by `motcua-notify`; this module
//! decides who is told, stores each delivery and hands it to the senders, exactly once.
//!
//! The flow, run by the delivery job (`jobs::deliveries`) in every `motcua serve` and
//! `motcua worker`:
//!
//! 1. **Fan-out** (`fanout.rs`): claim outbox events under a lease; for each, read what it is
//!    about (`topics.rs`), load the dossier or report as it stands (`compose.rs`), find who
//!    is told and through which channels (`recipients.rs`: the applicant or reporter through
//!    the channels they chose, the inbox always), render each message once per language, and
//!    store its delivery rows and inbox messages with the event marked fanned out, in one
//!    transaction. Keys are unique per event, channel and recipient, so a second fan-out of
//!    the same event stores nothing.
//! 2. **Delivery** (`deliver.rs`): claim due rows under a lease, begin each attempt (a
//!    compare-and-set that fails if the lease was lost), send through the channel's outlet
//!    (`outlets.rs`), record sent, or retry later with exponential back-off
//!    (`backoff.rs`), or fail for administrators to see (`failures.rs`).
//! 3. **Digest** (`digest.rs`): once a day, each officer's dossiers overdue and due soon.
//!
//! The inbox and channel choices are use cases of their own (`inbox.rs`,
//! `preferences.rs`).

mod backoff;
mod compose;
mod deliver;
mod digest;
mod failures;
mod fanout;
mod inbox;
mod outlets;
mod preferences;
mod recipients;
mod settings;
mod stored;
mod topics;

pub use backoff::retry_delay;
pub use deliver::deliver_due;
pub use digest::send_digests;
pub use failures::{DeliveryOverview, deliveries_overview, retry_delivery};
pub use fanout::fan_out;
pub use inbox::{InboxPage, inbox, mark_all_read, mark_read, unread_count};
pub use outlets::{EmailOutlet, MailFolder, Outlets};
pub use preferences::{ChannelChoice, PreferencesView, preferences, set_preferences};
pub use settings::NotificationSettings;

use motcua_notify::{SiteConfig, SiteContext};

use crate::{App, AppError, Result};

/// The portal the messages speak for: its public address and its names.
pub fn site(app: &App) -> Result<SiteContext> {
    let s = app.settings();
    SiteContext::new(&SiteConfig {
        public_base_url: s.public_url.clone(),
        portal_name: s.notifications.portal_name.clone(),
        portal_name_en: s.notifications.portal_name_en.clone(),
    })
    .map_err(|e| AppError::Internal(format!("notifications: {e}")))
}
