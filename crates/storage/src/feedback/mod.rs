//! Citizen feedback: reports with their location and photos, versioned transitions with an
//! append-only history, an outbox event and an audit record in the same transaction,
//! public listings and geographic queries, votes, the setup document and Open311 keys.

mod comments;
mod kept;
mod query;
mod setup;
pub(crate) mod stored;
mod write;

use motcua_domain::ids::{AgencyId, FeedbackLineId, MediaId, Open311KeyId, ReportId, UnitId, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use motcua_domain::dossier::Timeliness;
use motcua_domain::feedback::category::Answers;
use motcua_domain::feedback::report::ValidReport;
use motcua_domain::feedback::workflow::FeedbackOutcome;
use motcua_domain::feedback::{Classification, Contact, FeedbackActionKind, FeedbackState, Point, Status};

use crate::{Result, StorageError};
use crate::{from_ms, to_ms};

pub use comments::{FeedbackComment, FeedbackUpdate, UpdateFilter};
pub use kept::{KeptPhoto, NewKeptPhoto};
pub use query::{FeedbackFilter, FeedbackOrder};
pub use stored::{FeedbackDetail, FeedbackEvent};

/// A photo or file sent with a report: stored bytes (content-addressed) or a link a client gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMedia {
    pub sha256: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub url: Option<String>,
}

/// A stored photo or link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub id: MediaId,
    pub sha256: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub url: Option<String>,
}

/// Where a report came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Portal,
    Open311,
    Webhook,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Open311 => "open311",
            Channel::Webhook => "webhook",
        }
    }
}

/// The Open311 client that filed a report: a stored API key, or the demo key (accepted
/// without being stored, so it has no row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Open311Client {
    Demo,
    Key(Open311KeyId),
}

/// A report to store, already validated and routed.
pub struct NewFeedback<'a> {
    pub report: &'a ValidReport,
    pub classification: Classification,
    pub channel: Channel,
    /// A channel's own message id (`zalo:123`): a report arriving twice is stored once.
    pub external_ref: Option<String>,
    pub token: String,
    pub device_id: Option<String>,
    pub account_ref: Option<String>,
    /// The Open311 client filing the report (its API key), if any.
    pub client: Option<Open311Client>,
    pub area: Option<String>,
    pub state: &'a FeedbackState,
    pub media: Vec<NewMedia>,
    pub now: OffsetDateTime,
}

/// A stored report.
#[derive(Clone, PartialEq)]
pub struct FeedbackRecord {
    pub id: ReportId,
    pub token: String,
    pub category_code: String,
    pub classification: Classification,
    pub channel: String,
    pub description: String,
    pub answers: Answers,
    pub point: Option<Point>,
    pub address: Option<String>,
    pub area_code: Option<String>,
    pub dossier_code: Option<String>,
    pub anonymous: bool,
    pub contact: Contact,
    pub device_id: Option<String>,
    pub account_ref: Option<String>,
    /// The Open311 client that filed the report (the only one that may comment on it).
    pub client: Option<Open311Client>,
    pub state: FeedbackState,
    pub public: bool,
    /// The last refusal reason or question to the reporter.
    pub status_note: Option<String>,
    pub answer: Option<String>,
    pub likes: i64,
    pub dislikes: i64,
    pub requested_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

impl std::fmt::Debug for FeedbackRecord {
    // Descriptions and contacts are personal: keep them out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedbackRecord")
            .field("id", &self.id)
            .field("status", &self.state.status)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// One line of a report's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackHistory {
    pub id: FeedbackLineId,
    pub at: OffsetDateTime,
    pub actor_id: Option<UserId>,
    pub action: FeedbackEvent,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub agency_id: AgencyId,
    pub deadline: Option<OffsetDateTime>,
    pub timeliness: Option<Timeliness>,
    pub detail: FeedbackDetail,
}

/// A transition to store; `before.version` is the version expected in the database.
pub struct FeedbackTransition<'a> {
    pub before: &'a FeedbackRecord,
    pub actor_id: Option<UserId>,
    pub action: FeedbackActionKind,
    pub detail: FeedbackDetail,
    pub outcome: &'a FeedbackOutcome,
    /// New public note (refusal reason, question); None keeps the old one.
    pub status_note: Option<String>,
    /// New answer; None keeps the old one.
    pub answer: Option<String>,
    pub now: OffsetDateTime,
}

pub(crate) const COLUMNS: &str = "id, token, category_code, classification, channel, description, answers, lat, lon, \
     address, area_code, dossier_code, reporter_id, anonymous, contact, device_id, account_ref, open311_client, agency_id, unit_id, \
     status, public, counted_from, due_at, answered_at, reopened, status_note, answer, likes, dislikes, requested_at, \
     updated_at, version";

fn corrupt(what: &str) -> StorageError {
    StorageError::Corrupt(format!("feedback.{what}"))
}

pub(crate) fn from_row(r: &AnyRow) -> Result<FeedbackRecord> {
    let classification: String = r.try_get("classification")?;
    let lat: Option<f64> = r.try_get("lat")?;
    let lon: Option<f64> = r.try_get("lon")?;
    let answers: String = r.try_get("answers")?;
    let contact: String = r.try_get("contact")?;
    let opt_ms = |c: &str| -> Result<Option<OffsetDateTime>> { Ok(r.try_get::<Option<i64>, _>(c)?.map(from_ms)) };
    Ok(FeedbackRecord {
        id: ReportId(r.try_get("id")?),
        token: r.try_get("token")?,
        category_code: r.try_get("category_code")?,
        classification: Classification::parse(&classification).ok_or_else(|| corrupt("classification"))?,
        channel: r.try_get("channel")?,
        description: r.try_get("description")?,
        answers: serde_json::from_str(&answers)?,
        point: lat.zip(lon).map(|(lat, lon)| Point { lat, lon }),
        address: r.try_get("address")?,
        area_code: r.try_get("area_code")?,
        dossier_code: r.try_get("dossier_code")?,
        anonymous: r.try_get::<i64, _>("anonymous")? != 0,
        contact: serde_json::from_str(&contact)?,
        device_id: r.try_get("device_id")?,
        account_ref: r.try_get("account_ref")?,
        client: r
            .try_get::<Option<String>, _>("open311_client")?
            .as_deref()
            .map(stored::parse_client)
            .transpose()?,
        state: FeedbackState {
            status: stored::parse_status(&r.try_get::<String, _>("status")?)?,
            agency_id: AgencyId(r.try_get("agency_id")?),
            unit_id: r.try_get::<Option<i64>, _>("unit_id")?.map(UnitId),
            reporter_id: r.try_get::<Option<i64>, _>("reporter_id")?.map(UserId),
            counted_from: from_ms(r.try_get("counted_from")?),
            due_at: opt_ms("due_at")?,
            answered_at: opt_ms("answered_at")?,
            reopened: r.try_get("reopened")?,
        },
        public: r.try_get::<i64, _>("public")? != 0,
        status_note: r.try_get("status_note")?,
        answer: r.try_get("answer")?,
        likes: r.try_get("likes")?,
        dislikes: r.try_get("dislikes")?,
        requested_at: from_ms(r.try_get("requested_at")?),
        updated_at: from_ms(r.try_get("updated_at")?),
        version: r.try_get("version")?,
    })
}

pub(crate) fn ms(t: OffsetDateTime) -> i64 {
    to_ms(t)
}
