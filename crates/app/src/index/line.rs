//! One line of a dossier import file: parsed, checked, and turned into the dossier row and
//! its history lines.
//!
//! ```json
//! {"code": "…", "procedure": "1.000894", "agency": "H15.50", "channel": "online",
//!  "applicant": {"full_name": "…", "id_number": "…", "address": "…", "phone": "…"},
//!  "received_at": "2026-09-01T08:00:00+07:00", "appointment_at": "2026-09-03T17:00:00+07:00",
//!  "events": [{"at": "…", "action": "mark_processed"}], "form": {}, "synced_national": true}
//! ```
//!
//! The receipt is the `receive` event, or `received_at` when the events hold none. The
//! appointment (`appointment_at`) is the one set by the last receipt or completed supplement;
//! `apologise_extend` events set theirs (`new_due`).

use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use motcua_domain::dossier::{ActionKind, Applicant, HistoryAction, HistoryDetail, Status};
use motcua_domain::ids::{AgencyId, ProcedureId};
use motcua_domain::procedure::Channel;
use motcua_storage::ImportedLine;

use crate::CatalogueSnapshot;

/// A line that cannot be imported, and why (a stable code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based.
    pub line: usize,
    /// `malformed_json`, `invalid_code`, `unknown_procedure`, `unknown_agency`,
    /// `invalid_channel`, `invalid_applicant`, `invalid_time`, `unknown_action`,
    /// `events_out_of_order`, `end_before_start`, `event_before_start`, `in_the_future`,
    /// `duplicate_code`.
    pub code: &'static str,
    pub detail: String,
}

#[derive(Deserialize)]
struct RawLine {
    code: String,
    procedure: String,
    agency: String,
    channel: String,
    applicant: serde_json::Value,
    received_at: String,
    #[serde(default)]
    appointment_at: Option<String>,
    #[serde(default)]
    events: Vec<RawEvent>,
    #[serde(default)]
    form: Option<serde_json::Value>,
    #[serde(default)]
    synced_national: Option<bool>,
}

#[derive(Deserialize)]
struct RawEvent {
    at: String,
    action: String,
    #[serde(default)]
    new_due: Option<String>,
    #[serde(default)]
    reason: Option<serde_json::Value>,
}

/// Actions an import may carry.
const ACTIONS: [ActionKind; 12] = [
    ActionKind::Receive,
    ActionKind::RequestSupplement,
    ActionKind::CompleteSupplement,
    ActionKind::Refuse,
    ActionKind::Forward,
    ActionKind::HandOver,
    ActionKind::Approve,
    ActionKind::MarkProcessed,
    ActionKind::ReturnResult,
    ActionKind::ApologiseExtend,
    ActionKind::Stop,
    ActionKind::Withdraw,
];

fn is_end(k: ActionKind) -> bool {
    matches!(
        k,
        ActionKind::MarkProcessed
            | ActionKind::ReturnResult
            | ActionKind::Refuse
            | ActionKind::Stop
            | ActionKind::Withdraw
    )
}

/// A checked line.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub code: String,
    pub hash: [u8; 32],
    pub procedure_id: ProcedureId,
    pub agency_id: AgencyId,
    pub channel: Channel,
    pub applicant: Applicant,
    pub data: serde_json::Value,
    pub received_at: OffsetDateTime,
    pub appointment: Option<OffsetDateTime>,
    pub events: Vec<(OffsetDateTime, ActionKind, Option<OffsetDateTime>, Option<String>)>,
    pub synced_national: Option<bool>,
}

fn time_of(text: &str, line: usize, what: &str) -> Result<OffsetDateTime, LineError> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|e| LineError {
        line,
        code: "invalid_time",
        detail: format!("{what}: {e}"),
    })
}

/// Parses and checks line number `line` against the catalogue, at `now` (what happened
/// cannot be later than the import; appointments may be).
pub(crate) fn parse(
    text: &str,
    line: usize,
    catalogue: &CatalogueSnapshot,
    now: OffsetDateTime,
) -> Result<Parsed, LineError> {
    let err = |code: &'static str, detail: String| LineError { line, code, detail };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| err("malformed_json", e.to_string()))?;
    // Keys sorted (serde_json's map): the same dossier hashes the same however it is spaced.
    let hash: [u8; 32] = Sha256::digest(value.to_string().as_bytes()).into();
    let raw: RawLine = serde_json::from_value(value).map_err(|e| err("malformed_json", e.to_string()))?;
    let code = raw.code.trim().to_owned();
    if code.is_empty() || code.len() > 64 || code.chars().any(char::is_whitespace) {
        return Err(err("invalid_code", raw.code));
    }
    let procedure = catalogue
        .get(&raw.procedure)
        .ok_or_else(|| err("unknown_procedure", raw.procedure.clone()))?;
    let agency = catalogue
        .agency(&raw.agency)
        .ok_or_else(|| err("unknown_agency", raw.agency.clone()))?;
    let channel = Channel::parse(&raw.channel).ok_or_else(|| err("invalid_channel", raw.channel.clone()))?;
    let applicant: Applicant =
        serde_json::from_value(raw.applicant).map_err(|e| err("invalid_applicant", e.to_string()))?;
    let received_at = time_of(&raw.received_at, line, "received_at")?;
    if received_at > now {
        return Err(err("in_the_future", format!("received_at {}", raw.received_at)));
    }
    let appointment = raw
        .appointment_at
        .as_deref()
        .map(|t| time_of(t, line, "appointment_at"))
        .transpose()?;
    let mut events = Vec::with_capacity(raw.events.len());
    let mut last: Option<OffsetDateTime> = None;
    for (i, e) in raw.events.into_iter().enumerate() {
        let n = i + 1;
        let kind = ACTIONS
            .into_iter()
            .find(|k| k.as_str() == e.action)
            .ok_or_else(|| err("unknown_action", format!("event {n}: {}", e.action)))?;
        let at = time_of(&e.at, line, &format!("event {n}"))?;
        if last.is_some_and(|l| at < l) {
            return Err(err(
                "events_out_of_order",
                format!("event {n} ({}) is before the one above it", e.at),
            ));
        }
        if at > now {
            return Err(err("in_the_future", format!("event {n} ({})", e.at)));
        }
        if at < received_at {
            let code = if is_end(kind) {
                "end_before_start"
            } else {
                "event_before_start"
            };
            return Err(err(code, format!("event {n} ({}) is before received_at", e.at)));
        }
        last = Some(at);
        let new_due = e
            .new_due
            .as_deref()
            .map(|t| time_of(t, line, &format!("event {n} new_due")))
            .transpose()?;
        let reason = e.reason.map(|r| match r {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        });
        events.push((at, kind, new_due, reason));
    }
    Ok(Parsed {
        code,
        hash,
        procedure_id: procedure.id,
        agency_id: agency.id,
        channel,
        applicant,
        data: raw.form.unwrap_or_else(|| serde_json::json!({})),
        received_at,
        appointment,
        events,
        synced_national: raw.synced_national,
    })
}

/// The status after `kind` (the engine's vocabulary; an import records what happened).
fn status_after(status: Status, kind: ActionKind) -> Status {
    match kind {
        ActionKind::Receive | ActionKind::CompleteSupplement => Status::Received,
        ActionKind::RequestSupplement => Status::SupplementRequested,
        ActionKind::Refuse => Status::Refused,
        ActionKind::MarkProcessed => Status::Processed,
        ActionKind::ReturnResult => Status::ResultReturned,
        ActionKind::Stop => Status::Stopped,
        ActionKind::Withdraw => Status::Withdrawn,
        _ => status,
    }
}

/// What the dossier row and its history say, from a checked line.
pub(crate) struct Shaped {
    pub status: Status,
    pub due_at: Option<OffsetDateTime>,
    pub finished_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
    pub supplements_requested: i64,
    pub extensions: i64,
    pub history: Vec<ImportedLine>,
}

impl Parsed {
    /// The history lines (a filing line and, when the events hold none, a receipt at
    /// `received_at`, then every event at its own time) and the row's state after them.
    pub(crate) fn shape(&self) -> Shaped {
        let mut events: Vec<(OffsetDateTime, ActionKind, Option<OffsetDateTime>, Option<String>)> = Vec::new();
        if !self.events.iter().any(|e| e.1 == ActionKind::Receive) {
            events.push((self.received_at, ActionKind::Receive, None, None));
        }
        events.extend(self.events.iter().cloned());
        // The appointment given belongs to the last receipt or completed supplement.
        let setter = events
            .iter()
            .rposition(|e| matches!(e.1, ActionKind::Receive | ActionKind::CompleteSupplement));
        let mut history = vec![ImportedLine {
            at: self.received_at,
            action: HistoryAction::Submit,
            from_status: None,
            to_status: Status::Submitted,
            detail: HistoryDetail {
                channel: Some(self.channel),
                ..HistoryDetail::default()
            },
        }];
        let mut status = Status::Submitted;
        let mut due: Option<OffsetDateTime> = None;
        let mut finished_at = None;
        let (mut supplements, mut extensions) = (0i64, 0i64);
        for (i, (at, kind, new_due, reason)) in events.iter().enumerate() {
            let mut detail = HistoryDetail {
                reason: reason.clone(),
                ..HistoryDetail::default()
            };
            match kind {
                ActionKind::ApologiseExtend => {
                    extensions += 1;
                    detail.new_due = *new_due;
                    detail.previous_due = due;
                    due = new_due.or(due);
                }
                ActionKind::Receive | ActionKind::CompleteSupplement if Some(i) == setter => {
                    detail.due_at = self.appointment;
                    due = self.appointment;
                }
                ActionKind::RequestSupplement => supplements += 1,
                _ => {}
            }
            let next = status_after(status, *kind);
            if next.is_final() && finished_at.is_none() {
                finished_at = Some(*at);
            }
            history.push(ImportedLine {
                at: *at,
                action: HistoryAction::Act(*kind),
                from_status: Some(status),
                to_status: next,
                detail,
            });
            status = next;
        }
        Shaped {
            status,
            due_at: due,
            finished_at,
            updated_at: history.last().map_or(self.received_at, |l| l.at),
            supplements_requested: supplements,
            extensions,
            history,
        }
    }
}
