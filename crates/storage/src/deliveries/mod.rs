//! Notifications on their way out: the outbox read by the fan-out (`outbox.rs`), one
//! delivery row per event, channel and recipient claimed with a lease by the delivery loop
//! (`claim.rs`), the in-portal inbox (`inbox.rs`), each account's channel choices
//! (`preferences.rs`), who is told (`recipients.rs`), administrators' view of failures
//! (`failures.rs`), the officers' digest days (`digest.rs`) and the stored formats
//! (`stored.rs`).
//!
//! Several processes may deliver from one database: outbox events and delivery rows are
//! claimed by a compare-and-set `UPDATE` that takes a lease (owner + expiry), over a
//! sub-select with `FOR UPDATE SKIP LOCKED` on PostgreSQL; a row whose lease expired may be
//! claimed again. Idempotency keys are unique, so storing the same delivery or inbox
//! message twice is a no-op.

mod claim;
mod digest;
mod failures;
mod inbox;
mod outbox;
mod preferences;
mod recipients;
mod stored;

use motcua_domain::ids::{DeliveryId, NotificationId, UserId};
use time::OffsetDateTime;

pub use preferences::{ChannelPreferences, PreferredLang};
pub use recipients::UserContact;

use crate::Backend;

/// A channel a delivery row goes through (the portal inbox has its own table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryChannel {
    Email,
    Sms,
    Zns,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryState {
    /// Waiting for its (next) attempt at `next_try_at`.
    Pending,
    /// An attempt began: the message may have reached the peer (a process that dies here
    /// leaves the row in this state until its lease expires).
    Sending,
    /// The peer took it.
    Sent,
    /// Given up: a permanent error, or too many transient ones. Administrators may retry.
    Failed,
}

/// An outbox event claimed for fan-out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub id: i64,
    pub created_at: OffsetDateTime,
    pub topic: String,
    /// The dossier code or report id the event is about.
    pub aggregate_id: String,
    pub payload: serde_json::Value,
    /// How many times the fan-out claimed it (this time included).
    pub attempts: i64,
}

/// A delivery to store (rendered already: `message` is the application's JSON).
#[derive(Clone, PartialEq, Eq)]
pub struct NewDelivery {
    pub key: String,
    pub outbox_id: Option<i64>,
    pub channel: DeliveryChannel,
    /// The message kind (for administrators' pages and metrics).
    pub kind: String,
    /// The address or phone number (personal data: never logged).
    pub recipient: String,
    pub user_id: Option<UserId>,
    pub message: String,
}

/// A message for an account's inbox.
#[derive(Clone, PartialEq, Eq)]
pub struct NewInboxItem {
    pub key: String,
    pub user_id: UserId,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
}

macro_rules! debug_by_key {
    ($($t:ty),*) => {$(
        impl std::fmt::Debug for $t {
            // Addresses and texts are personal: only the key is shown.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($t)).field("key", &self.key).finish_non_exhaustive()
            }
        }
    )*};
}
debug_by_key!(NewDelivery, NewInboxItem, ClaimedDelivery);

/// A delivery claimed by one process.
#[derive(Clone, PartialEq, Eq)]
pub struct ClaimedDelivery {
    pub id: DeliveryId,
    pub key: String,
    pub channel: DeliveryChannel,
    pub kind: String,
    pub recipient: String,
    pub message: String,
    /// `Sending` when an earlier attempt began and its process never recorded the outcome.
    pub state: DeliveryState,
    /// Attempts begun before this claim.
    pub attempts: i64,
}

/// A delivery as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub id: DeliveryId,
    pub key: String,
    pub outbox_id: Option<i64>,
    pub channel: DeliveryChannel,
    pub kind: String,
    pub state: DeliveryState,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub last_error_detail: Option<String>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub next_try_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    pub receipt: Option<String>,
    /// The process holding the row now, or, once sent, the one that sent it.
    pub owner: Option<String>,
}

/// A message of the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    pub id: NotificationId,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub created_at: OffsetDateTime,
    pub read_at: Option<OffsetDateTime>,
}

/// How many rows a fan-out stored (keys seen before are not counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FanOutCount {
    pub deliveries: u64,
    pub inbox: u64,
}

/// The row lock clause of claiming sub-selects: PostgreSQL skips rows another process is
/// claiming; SQLite has one writer, so its `UPDATE` is atomic by itself.
pub(crate) fn skip_locked(backend: Backend) -> &'static str {
    match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    }
}
