//! What the index needs to know about one dossier, derived from its history. Total: events
//! outside the engine's rules (imported from older systems: several supplement requests, an
//! end before the receipt, events out of order) give facts, never a panic.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::standing::{self, Segment};
use crate::calendar::WorkingCalendar;
use crate::dossier::ActionKind;
use crate::ids::{AgencyId, DossierId};
use crate::procedure::{Channel, TimeLimit, TimeUnit};

/// One event of a dossier's history, named as the engine's [`ActionKind`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierEvent {
    pub at: OffsetDateTime,
    pub kind: ActionKind,
    /// The appointment (hẹn trả) this event set, as recorded: the due date after `receive` or
    /// `complete_supplement`, the new date of `apologise_extend`. Ignored on other kinds. None
    /// where history does not record it (imported dossiers): the appointment in force then stays
    /// (a receipt without one leaves the dossier without an appointment).
    pub appointment: Option<OffsetDateTime>,
}

/// The statutory time limit of the dossier's procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatutoryLimit {
    pub value: u32,
    pub unit: TimeUnit,
}

impl From<&TimeLimit> for StatutoryLimit {
    fn from(l: &TimeLimit) -> Self {
        StatutoryLimit {
            value: l.value,
            unit: l.unit,
        }
    }
}

/// What identifies a dossier for the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierHeader {
    pub dossier_id: DossierId,
    /// The agency the dossier counts for: the one that received it.
    pub agency_id: AgencyId,
    pub channel: Channel,
    pub limit: StatutoryLimit,
}

/// An appointment and when it was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub set_at: OffsetDateTime,
    pub due: OffsetDateTime,
}

/// Time spent waiting for the applicant's supplement: `[from, until)`, `until` None while waiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementWait {
    pub from: OffsetDateTime,
    pub until: Option<OffsetDateTime>,
}

/// How a dossier ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndKind {
    Processed,
    ResultReturned,
    Refused,
    Stopped,
    Withdrawn,
}

/// The end of a dossier for the index: "processed", else "result returned", else refused,
/// stopped or withdrawn (the first of each kind), never before the receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct End {
    pub at: OffsetDateTime,
    pub kind: EndKind,
}

/// The compact facts of one dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierFacts {
    header: DossierHeader,
    received_at: Option<OffsetDateTime>,
    appointments: Vec<Appointment>,
    supplement_requests: Vec<OffsetDateTime>,
    waits: Vec<SupplementWait>,
    end: Option<End>,
    standing: Vec<Segment>,
}

impl DossierFacts {
    /// Derives the facts from the history (any order; events at the same instant keep their
    /// order). The calendar is used for the statutory limit of dossiers without an appointment.
    pub fn from_events(header: DossierHeader, events: &[DossierEvent], calendar: &WorkingCalendar) -> DossierFacts {
        let mut sorted: Vec<&DossierEvent> = events.iter().collect();
        sorted.sort_by_key(|e| e.at);
        let mut facts = DossierFacts {
            header,
            received_at: None,
            appointments: Vec::new(),
            supplement_requests: Vec::new(),
            waits: Vec::new(),
            end: None,
            standing: Vec::new(),
        };
        let mut ends: [Option<OffsetDateTime>; 3] = [None; 3];
        let mut final_end: Option<End> = None;
        for e in sorted {
            match e.kind {
                ActionKind::Receive => {
                    facts.received_at.get_or_insert(e.at);
                    facts.set_appointment(e);
                }
                ActionKind::RequestSupplement => {
                    facts.supplement_requests.push(e.at);
                    if facts.waits.last().is_none_or(|w| w.until.is_some()) {
                        facts.waits.push(SupplementWait {
                            from: e.at,
                            until: None,
                        });
                    }
                }
                ActionKind::CompleteSupplement => {
                    if let Some(w) = facts.waits.last_mut().filter(|w| w.until.is_none()) {
                        w.until = Some(e.at);
                    }
                    facts.set_appointment(e);
                }
                ActionKind::ApologiseExtend => facts.set_appointment(e),
                ActionKind::MarkProcessed => {
                    ends[0].get_or_insert(e.at);
                }
                ActionKind::ReturnResult => {
                    ends[1].get_or_insert(e.at);
                }
                ActionKind::Refuse | ActionKind::Stop | ActionKind::Withdraw => {
                    if ends[2].is_none() {
                        ends[2] = Some(e.at);
                        final_end = Some(End {
                            at: e.at,
                            kind: match e.kind {
                                ActionKind::Refuse => EndKind::Refused,
                                ActionKind::Stop => EndKind::Stopped,
                                _ => EndKind::Withdrawn,
                            },
                        });
                    }
                }
                ActionKind::Forward
                | ActionKind::HandOver
                | ActionKind::ReturnToStep
                | ActionKind::Approve
                | ActionKind::HandBack => {}
            }
        }
        let end = match ends {
            [Some(at), _, _] => Some(End {
                at,
                kind: EndKind::Processed,
            }),
            [None, Some(at), _] => Some(End {
                at,
                kind: EndKind::ResultReturned,
            }),
            _ => final_end,
        };
        facts.end = match (facts.received_at, end) {
            (Some(received), Some(e)) => Some(End {
                at: e.at.max(received),
                kind: e.kind,
            }),
            (None, _) => None,
            (_, None) => None,
        };
        facts.standing = standing::segments(&facts, calendar);
        facts
    }

    fn set_appointment(&mut self, e: &DossierEvent) {
        if let Some(due) = e.appointment {
            self.appointments.push(Appointment { set_at: e.at, due });
        }
    }

    pub fn header(&self) -> &DossierHeader {
        &self.header
    }

    pub fn dossier_id(&self) -> DossierId {
        self.header.dossier_id
    }

    pub fn agency_id(&self) -> AgencyId {
        self.header.agency_id
    }

    pub fn channel(&self) -> Channel {
        self.header.channel
    }

    pub fn limit(&self) -> StatutoryLimit {
        self.header.limit
    }

    /// The first receipt; None if never received (then it is not in the index).
    pub fn received_at(&self) -> Option<OffsetDateTime> {
        self.received_at
    }

    /// Appointments in the order they were set.
    pub fn appointments(&self) -> &[Appointment] {
        &self.appointments
    }

    /// The appointment in force at `x`: the last one set strictly before `x`.
    pub fn appointment_at(&self, x: OffsetDateTime) -> Option<Appointment> {
        self.appointments.iter().rev().find(|a| a.set_at < x).copied()
    }

    /// Every supplement request, in order (the engine allows one; imports may carry more).
    pub fn supplement_requests(&self) -> &[OffsetDateTime] {
        &self.supplement_requests
    }

    /// Supplement requests strictly before `x`.
    pub fn supplement_requests_before(&self, x: OffsetDateTime) -> u32 {
        let n = self.supplement_requests.iter().filter(|t| **t < x).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Waiting intervals, in order, disjoint.
    pub fn waits(&self) -> &[SupplementWait] {
        &self.waits
    }

    /// Time spent waiting for a supplement inside `[a, b)` (zero if `b ≤ a`).
    pub fn waited(&self, a: OffsetDateTime, b: OffsetDateTime) -> time::Duration {
        let mut total = time::Duration::ZERO;
        for w in &self.waits {
            let from = w.from.max(a);
            let until = w.until.map_or(b, |u| u.min(b));
            if until > from {
                total = total.saturating_add(until - from);
            }
        }
        total
    }

    pub fn end(&self) -> Option<End> {
        self.end
    }

    /// Open at `x`: received before `x` and not ended before `x`.
    pub fn is_open_at(&self, x: OffsetDateTime) -> bool {
        self.received_at.is_some_and(|r| r < x) && self.end.is_none_or(|e| e.at >= x)
    }

    /// Processing time for indicator 2.2 (monitoring): from receipt to the end, supplement
    /// waiting left out, in clock time. None until received and ended.
    pub fn processing_time(&self) -> Option<time::Duration> {
        let (received, end) = (self.received_at?, self.end?.at);
        Some((end - received) - self.waited(received, end))
    }

    /// The standing over time: segments after each instant the state changed.
    pub fn standing(&self) -> &[Segment] {
        &self.standing
    }

    /// The segment in force at `x` (the last that starts strictly before `x`).
    pub fn segment_at(&self, x: OffsetDateTime) -> Option<&Segment> {
        self.standing.iter().rev().find(|s| s.after < x)
    }

    /// Whether the dossier is within its deadline at `x`, judged from the events before `x`.
    pub fn within_at(&self, x: OffsetDateTime) -> bool {
        self.segment_at(x).is_none_or(|s| s.within(x))
    }

    /// For the storage's live column: if nothing else happens after the last event, the dossier
    /// is within its deadline at any later `x` iff this is None or `x ≤` it.
    pub fn within_until(&self) -> Option<OffsetDateTime> {
        self.standing.last().and_then(Segment::within_until)
    }
}
