//! Dossiers: filing (code from the per-agency daily sequence, in the same transaction),
//! transitions with an optimistic version check, the append-only history, form-05 rows and
//! an outbox event written with every change, queues for officers and applicants.
//!
//! `submit.rs` and `transition.rs` hold the two hot-path writes (one statement text per
//! backend each), `history.rs` the history, form-05 and outbox, `queues.rs` the reads,
//! `process.rs` procedures' processes, `overdue.rs` the overdue job, `stored.rs` the
//! stored formats.

mod history;
mod overdue;
mod process;
mod queues;
pub(crate) mod row;
pub(crate) mod stored;
mod submit;
mod transition;

use time::OffsetDateTime;

use motcua_domain::agency::AgencyCode;
use motcua_domain::dossier::{Applicant, DossierState, HistoryAction, HistoryDetail, Outcome, Status, Timeliness};
use motcua_domain::ids::{AgencyId, DossierId, ProcedureId, UserId};
use motcua_domain::payment::{FeeDue, Money};
use motcua_domain::procedure::Channel;

pub(crate) use history::{HistoryLine, history_in, outbox_in};
pub(crate) use submit::{SubmitWrite, write_submit};
pub(crate) use transition::{TransitionWrite, write_transition};

/// A dossier being filed.
#[derive(Debug, Clone)]
pub struct NewDossier {
    pub procedure_id: ProcedureId,
    pub form_version: i64,
    pub agency_id: AgencyId,
    pub agency_code: AgencyCode,
    pub applicant_id: Option<UserId>,
    pub filed_by: Option<UserId>,
    pub channel: Channel,
    pub applicant: Applicant,
    pub data: serde_json::Value,
    /// Secret for the public look-up (printed with the code as a QR code on the receipt).
    pub secret: String,
    /// Attach the files this user uploaded to the draft of this procedure.
    pub draft_files_of: Option<UserId>,
    /// The fee quoted for this filing, when there is one to pay.
    pub fee: Option<NewFee>,
    pub now: OffsetDateTime,
}

/// A fee quoted at filing.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFee {
    pub amount: Money,
    pub due: FeeDue,
    /// The itemised quote (`motcua_domain::payment::Quote` as JSON), for pages and receipts.
    pub quote: serde_json::Value,
}

/// A stored dossier.
#[derive(Clone, PartialEq)]
pub struct DossierRecord {
    pub id: DossierId,
    pub code: String,
    pub secret: String,
    pub procedure_id: ProcedureId,
    pub form_version: i64,
    pub receiving_agency_id: AgencyId,
    pub filed_by: Option<UserId>,
    pub channel: Channel,
    pub applicant: Applicant,
    pub data: serde_json::Value,
    pub submitted_at: OffsetDateTime,
    pub finished_at: Option<OffsetDateTime>,
    /// The itemised fee quoted at filing (a `Quote` as JSON), if any.
    pub fee_quote: Option<serde_json::Value>,
    pub state: DossierState,
    pub version: i64,
}

impl std::fmt::Debug for DossierRecord {
    // Applicant data and form values are personal: keep them out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DossierRecord")
            .field("id", &self.id)
            .field("code", &self.code)
            .field("status", &self.state.status)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// One line of a dossier's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: OffsetDateTime,
    pub actor_id: Option<UserId>,
    pub action: HistoryAction,
    pub from_status: Option<Status>,
    pub to_status: Status,
    pub from_step: Option<usize>,
    pub to_step: usize,
    /// The agency holding the dossier after the line.
    pub agency_id: AgencyId,
    pub detail: HistoryDetail,
}

/// One row of the process-control slip (form 05).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOverRow {
    pub step: String,
    pub agency_id: AgencyId,
    pub started_at: OffsetDateTime,
    pub finished_at: OffsetDateTime,
    pub due_at: Option<OffsetDateTime>,
    pub timeliness: Timeliness,
}

/// A transition to store: `before` is the dossier as the caller loaded it; its version is
/// the one expected in the database.
pub struct Transition<'a> {
    pub before: &'a DossierRecord,
    pub actor_id: Option<UserId>,
    pub action: motcua_domain::dossier::ActionKind,
    /// What the action said (reasons, requested items, new date): shown in the timeline.
    pub detail: HistoryDetail,
    pub outcome: &'a Outcome,
    pub now: OffsetDateTime,
}

/// Officers' queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Filed online, waiting for reception.
    New,
    /// Being processed.
    InProgress,
    /// Due within the next `hours`.
    DueSoon {
        hours: i64,
    },
    Overdue,
    WaitingSupplement,
    /// Processed, the result to return.
    ResultReady,
}

/// The folded text officers' searches match (code and applicant name, lower case, no
/// diacritics), the same on both backends.
pub(crate) fn search_text(code: &str, applicant: &Applicant) -> String {
    motcua_domain::text::fold(&format!("{code} {}", applicant.full_name))
}
