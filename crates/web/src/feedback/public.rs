//! What may be shown to whom: the full report to its reporter and the responsible officers;
//! to everyone else only public reports, without contact details, and without the reporter's
//! name when they asked to stay anonymous.

use serde::Serialize;
use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_storage::FeedbackRecord;

use crate::state::AppState;

/// Reporter, officers of the responsible agency, system administrators.
pub fn may_read_full(who: Option<&Principal>, r: &FeedbackRecord) -> bool {
    who.is_some_and(|p| {
        p.is_system_admin()
            || r.state.reporter_id == Some(p.user_id)
            || p.grants.iter().any(|g| g.agency_id == r.state.agency_id)
    })
}

/// A report as the public sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicReport {
    pub id: i64,
    pub category_code: String,
    pub category_name: String,
    pub status: &'static str,
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
    #[serde(with = "time::serde::rfc3339")]
    pub requested_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expected_at: Option<OffsetDateTime>,
}

impl PublicReport {
    pub fn of(state: &AppState, r: &FeedbackRecord) -> PublicReport {
        let setup = state.feedback_setup();
        let cat = state.catalogue();
        let agency = cat.agencies.iter().find(|a| a.id == r.state.agency_id);
        let published = r.state.status == motcua_domain::feedback::Status::Published;
        PublicReport {
            id: r.id,
            category_code: r.category_code.clone(),
            category_name: setup
                .category(&r.category_code)
                .map_or_else(|| r.category_code.clone(), |c| c.name.clone()),
            status: r.state.status.as_str(),
            description: r.description.clone(),
            address: r.address.clone(),
            lat: r.point.map(|p| p.lat),
            lon: r.point.map(|p| p.lon),
            agency_code: agency.map(|a| a.code.clone()).unwrap_or_default(),
            agency_name: agency.map(|a| a.name.clone()).unwrap_or_default(),
            reporter_name: (!r.anonymous && !r.contact.name.is_empty()).then(|| r.contact.name.clone()),
            status_note: r.status_note.clone().filter(|_| r.state.status.is_closed()),
            answer: r.answer.clone().filter(|_| published),
            likes: r.likes,
            dislikes: r.dislikes,
            requested_at: r.requested_at,
            updated_at: r.updated_at,
            expected_at: r.state.due_at,
        }
    }
}
