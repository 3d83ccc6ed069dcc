//! What may be shown to whom: the full report to its reporter and the responsible officers;
//! to everyone else only public reports, without contact details, and without the reporter's
//! name when they asked to stay anonymous.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::feedback::Status;
use motcua_domain::ids::ReportId;
use motcua_storage::FeedbackRecord;

use crate::App;

/// Reporter, officers of the responsible agency, system administrators.
pub fn may_read_full(who: Option<&Principal>, r: &FeedbackRecord) -> bool {
    who.is_some_and(|p| motcua_domain::feedback::may_read_full(p, &r.state))
}

/// A report as the public sees it.
#[derive(Debug, Clone)]
pub struct PublicReport {
    pub id: ReportId,
    pub category_code: String,
    pub category_name: String,
    pub status: Status,
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
    pub requested_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub expected_at: Option<OffsetDateTime>,
}

impl PublicReport {
    pub fn of(app: &App, r: &FeedbackRecord) -> PublicReport {
        let setup = app.feedback_setup();
        let cat = app.catalogue();
        let agency = cat.agency_by_id(r.state.agency_id);
        let published = r.state.status == Status::Published;
        PublicReport {
            id: r.id,
            category_code: r.category_code.clone(),
            category_name: setup
                .category(&r.category_code)
                .map_or_else(|| r.category_code.clone(), |c| c.name.clone()),
            status: r.state.status,
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

    /// The view of someone who may read the report in full: with the answer and the note
    /// whatever the state.
    pub fn full(app: &App, r: &FeedbackRecord) -> PublicReport {
        let mut p = PublicReport::of(app, r);
        p.answer.clone_from(&r.answer);
        p.status_note.clone_from(&r.status_note);
        p
    }
}
