//! The feedback API's own types: a report as shown, and actions as sent.

use serde::{Deserialize, Serialize};

use motcua_app::feedback::PublicReport;
use motcua_domain::feedback::{FeedbackAction, FeedbackActionKind};
use motcua_domain::ids::{AgencyId, UnitId};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Feedback times are written in UTC (`…Z`), as since the first release.
fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC).format(&Rfc3339).unwrap_or_default()
}

/// A report as the public sees it (plus the answer and note for those who read it in full).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportOut {
    pub id: i64,
    pub category_code: String,
    pub category_name: String,
    pub status: String,
    pub description: String,
    pub address: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub agency_code: String,
    pub agency_name: String,
    /// The reporter's name, unless they chose to stay anonymous (or gave none).
    pub reporter_name: Option<String>,
    pub status_note: Option<String>,
    pub answer: Option<String>,
    pub likes: i64,
    pub dislikes: i64,
    pub requested_at: String,
    pub updated_at: String,
    pub expected_at: Option<String>,
}

impl From<PublicReport> for ReportOut {
    fn from(p: PublicReport) -> Self {
        ReportOut {
            id: p.id.get(),
            category_code: p.category_code,
            category_name: p.category_name,
            status: p.status.as_str().to_owned(),
            description: p.description,
            address: p.address,
            lat: p.lat,
            lon: p.lon,
            agency_code: p.agency_code,
            agency_name: p.agency_name,
            reporter_name: p.reporter_name,
            status_note: p.status_note,
            answer: p.answer,
            likes: p.likes,
            dislikes: p.dislikes,
            requested_at: rfc3339(p.requested_at),
            updated_at: rfc3339(p.updated_at),
            expected_at: p.expected_at.map(rfc3339),
        }
    }
}

/// The names of feedback actions, as `available_actions` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackActionName {
    Accept,
    Refuse,
    RequestInfo,
    SupplyInfo,
    Answer,
    Publish,
    Transfer,
    Dispute,
}

impl From<FeedbackActionKind> for FeedbackActionName {
    fn from(k: FeedbackActionKind) -> Self {
        match k {
            FeedbackActionKind::Accept => FeedbackActionName::Accept,
            FeedbackActionKind::Refuse => FeedbackActionName::Refuse,
            FeedbackActionKind::RequestInfo => FeedbackActionName::RequestInfo,
            FeedbackActionKind::SupplyInfo => FeedbackActionName::SupplyInfo,
            FeedbackActionKind::Answer => FeedbackActionName::Answer,
            FeedbackActionKind::Publish => FeedbackActionName::Publish,
            FeedbackActionKind::Transfer => FeedbackActionName::Transfer,
            FeedbackActionKind::Dispute => FeedbackActionName::Dispute,
        }
    }
}

/// An action on a report, at the version the caller saw. Unknown fields are refused.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeedbackActionRequest {
    Accept {
        version: i64,
    },
    Refuse {
        version: i64,
        reason: String,
    },
    RequestInfo {
        version: i64,
        question: String,
    },
    SupplyInfo {
        version: i64,
        text: String,
    },
    Answer {
        version: i64,
        text: String,
    },
    Publish {
        version: i64,
    },
    Transfer {
        version: i64,
        agency_id: i64,
        #[serde(default)]
        unit_id: Option<i64>,
        reason: String,
    },
    Dispute {
        version: i64,
        reason: String,
    },
}

impl FeedbackActionRequest {
    /// The version the caller saw, and the action.
    pub fn into_action(self) -> (i64, FeedbackAction) {
        use FeedbackActionRequest as R;
        match self {
            R::Accept { version } => (version, FeedbackAction::Accept),
            R::Refuse { version, reason } => (version, FeedbackAction::Refuse { reason }),
            R::RequestInfo { version, question } => (version, FeedbackAction::RequestInfo { question }),
            R::SupplyInfo { version, text } => (version, FeedbackAction::SupplyInfo { text }),
            R::Answer { version, text } => (version, FeedbackAction::Answer { text }),
            R::Publish { version } => (version, FeedbackAction::Publish),
            R::Transfer {
                version,
                agency_id,
                unit_id,
                reason,
            } => (
                version,
                FeedbackAction::Transfer {
                    agency_id: AgencyId(agency_id),
                    unit_id: unit_id.map(UnitId),
                    reason,
                },
            ),
            R::Dispute { version, reason } => (version, FeedbackAction::Dispute { reason }),
        }
    }
}
