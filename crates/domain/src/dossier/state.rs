//! What a dossier is at: its status, step, handling agency, clocks and counters. The engine
//! reads and produces these; storage keeps them.

use time::OffsetDateTime;

use crate::ids::{AgencyId, UserId};
use crate::payment::{FeeDue, Money};

/// Public status vocabulary (the national portal's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Filed online, waiting for reception.
    Submitted,
    /// Received (tiếp nhận) and being processed.
    Received,
    /// The applicant was asked, once, to add to the dossier; the clock is stopped.
    SupplementRequested,
    /// Processed (đã xử lý xong): the result waits to be returned.
    Processed,
    ResultReturned,
    Refused,
    Stopped,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Submitted,
        Status::Received,
        Status::SupplementRequested,
        Status::Processed,
        Status::ResultReturned,
        Status::Refused,
        Status::Stopped,
        Status::Withdrawn,
    ];

    /// The status's name in the national vocabulary (also the key of its label).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Received => "received",
            Status::SupplementRequested => "supplement_requested",
            Status::Processed => "processed",
            Status::ResultReturned => "result_returned",
            Status::Refused => "refused",
            Status::Stopped => "stopped",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// No further action changes the dossier.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::ResultReturned | Status::Refused | Status::Stopped | Status::Withdrawn
        )
    }

    /// The clock is stopped: the appointment is not running (shown as such, not as a date).
    pub fn clock_stopped(self) -> bool {
        self == Status::SupplementRequested
    }
}

/// How a result reaches the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultMethod {
    Counter,
    Post,
    Electronic,
}

impl ResultMethod {
    pub const ALL: [ResultMethod; 3] = [ResultMethod::Counter, ResultMethod::Post, ResultMethod::Electronic];

    pub fn as_str(self) -> &'static str {
        match self {
            ResultMethod::Counter => "counter",
            ResultMethod::Post => "post",
            ResultMethod::Electronic => "electronic",
        }
    }

    pub fn parse(s: &str) -> Option<ResultMethod> {
        ResultMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// What the engine needs to know about a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierState {
    pub status: Status,
    /// Index of the current step in the process.
    pub step: usize,
    /// The agency responsible now (changes on inter-agency hand-over).
    pub agency_id: AgencyId,
    pub applicant_id: Option<UserId>,
    pub received_at: Option<OffsetDateTime>,
    pub due_at: Option<OffsetDateTime>,
    pub step_started_at: Option<OffsetDateTime>,
    pub step_due_at: Option<OffsetDateTime>,
    pub supplements_requested: u32,
    pub extensions: u32,
    /// Set while another agency runs its own steps after an inter-agency hand-over.
    pub liaison: Option<LiaisonState>,
    /// The fee quoted at filing, when there is one to pay through the system.
    pub fee: Option<FeeOwed>,
}

/// A dossier's fee: its amount (fixed at filing), when it falls due, and whether it is paid.
/// A dossier whose fee is due at filing is not received unpaid; no result is returned unpaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeOwed {
    pub amount: Money,
    pub due: FeeDue,
    pub paid: bool,
}

/// Where a dossier is inside the receiving agency's steps (`DossierState::step` stays the
/// sending agency's step that handed it over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiaisonState {
    /// The agency that handed the dossier over and gets it back.
    pub origin_agency_id: AgencyId,
    /// Index in the receiving side's steps.
    pub sub_step: usize,
}

impl DossierState {
    /// A dossier just filed online.
    pub fn submitted(agency_id: AgencyId, applicant_id: Option<UserId>) -> Self {
        DossierState {
            status: Status::Submitted,
            step: 0,
            agency_id,
            applicant_id,
            received_at: None,
            due_at: None,
            step_started_at: None,
            step_due_at: None,
            supplements_requested: 0,
            extensions: 0,
            liaison: None,
            fee: None,
        }
    }

    /// The amount still to pay, if the fee is unpaid (it may be paid early).
    pub fn payment_due(&self) -> Option<Money> {
        self.fee
            .filter(|f| !f.paid && f.amount != Money::ZERO)
            .map(|f| f.amount)
    }

    /// The amount the dossier waits for now: a fee due at filing, or due before the result
    /// once the result is ready.
    pub fn payment_due_now(&self) -> Option<Money> {
        let due = self.fee?.due;
        let now = due == FeeDue::AtFiling || self.status == Status::Processed;
        if now && !self.status.is_final() {
            self.payment_due()
        } else {
            None
        }
    }
}

/// Whether a step was finished early, on time or late (form 05).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

impl Timeliness {
    pub const ALL: [Timeliness; 3] = [Timeliness::Early, Timeliness::OnTime, Timeliness::Late];

    /// The name (also the key of its label).
    pub fn as_str(self) -> &'static str {
        match self {
            Timeliness::Early => "early",
            Timeliness::OnTime => "on_time",
            Timeliness::Late => "late",
        }
    }

    pub fn parse(s: &str) -> Option<Timeliness> {
        Timeliness::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// One hand-over between steps, units or agencies (a row of form 05).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOverRecord {
    pub step: String,
    pub started_at: OffsetDateTime,
    pub finished_at: OffsetDateTime,
    pub due_at: Option<OffsetDateTime>,
    pub timeliness: Timeliness,
}

/// What applying an action produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub state: DossierState,
    pub hand_over: Option<HandOverRecord>,
}

/// Whether a dossier is overdue at `now` (not counting the time the clock is stopped).
pub fn is_overdue(state: &DossierState, now: OffsetDateTime) -> bool {
    matches!(state.status, Status::Received | Status::Processed) && state.due_at.is_some_and(|d| now > d)
}
