//! The dossier API's own types: what clients send (actions, filings) and receive. They are
//! declared here, apart from the domain's types and from the stored formats, and described
//! in the OpenAPI document.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use motcua_app::dossiers::Filing;
use motcua_domain::calendar::VIETNAM;
use motcua_domain::dossier::{Action, ActionKind, Applicant, ResultMethod};
use motcua_domain::ids::AgencyId;
use motcua_domain::procedure::Channel;

/// An instant as the API writes it: RFC 3339 in Vietnam time (as given when it has no
/// Vietnam reading, past the year 9999).
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.checked_to_offset(VIETNAM)
        .unwrap_or(t)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// The years a due date may fall in: those of the working-day calendar.
pub const DUE_YEARS: std::ops::RangeInclusive<i32> = 1950..=2140;

/// A new due date: RFC 3339, in the calendar's years (Vietnam time). Anything else is a
/// malformed body, refused before it reaches the dossier.
fn due_instant<'de, D: serde::Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
    let t = time::serde::rfc3339::deserialize(d)?;
    match t.checked_to_offset(VIETNAM) {
        Some(local) if DUE_YEARS.contains(&local.year()) => Ok(t),
        _ => Err(serde::de::Error::custom("new_due: a day between 1950 and 2140")),
    }
}

/// The names of actions, as `available_actions` lists them and `action` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    Receive,
    RequestSupplement,
    CompleteSupplement,
    Refuse,
    Forward,
    HandOver,
    ReturnToStep,
    Approve,
    MarkProcessed,
    ReturnResult,
    ApologiseExtend,
    Stop,
    Withdraw,
    HandBack,
}

impl From<ActionKind> for ActionName {
    fn from(k: ActionKind) -> Self {
        match k {
            ActionKind::Receive => ActionName::Receive,
            ActionKind::RequestSupplement => ActionName::RequestSupplement,
            ActionKind::CompleteSupplement => ActionName::CompleteSupplement,
            ActionKind::Refuse => ActionName::Refuse,
            ActionKind::Forward => ActionName::Forward,
            ActionKind::HandOver => ActionName::HandOver,
            ActionKind::ReturnToStep => ActionName::ReturnToStep,
            ActionKind::Approve => ActionName::Approve,
            ActionKind::MarkProcessed => ActionName::MarkProcessed,
            ActionKind::ReturnResult => ActionName::ReturnResult,
            ActionKind::ApologiseExtend => ActionName::ApologiseExtend,
            ActionKind::Stop => ActionName::Stop,
            ActionKind::Withdraw => ActionName::Withdraw,
            ActionKind::HandBack => ActionName::HandBack,
        }
    }
}

/// How a result reaches the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MethodIn {
    Counter,
    Post,
    Electronic,
}

/// An action on a dossier, at the version the caller saw. Unknown fields are refused.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum ActionRequest {
    Receive {
        version: i64,
    },
    RequestSupplement {
        version: i64,
        items: Vec<String>,
        reason: String,
    },
    CompleteSupplement {
        version: i64,
    },
    Refuse {
        version: i64,
        reasons: String,
    },
    Forward {
        version: i64,
    },
    HandOver {
        version: i64,
        agency_id: i64,
        reason: String,
    },
    ReturnToStep {
        version: i64,
        step: String,
        reason: String,
    },
    Approve {
        version: i64,
    },
    MarkProcessed {
        version: i64,
    },
    ReturnResult {
        version: i64,
        method: MethodIn,
    },
    ApologiseExtend {
        version: i64,
        reason: String,
        /// RFC 3339, in the years 1950–2140.
        #[serde(deserialize_with = "due_instant")]
        #[schema(value_type = String)]
        new_due: OffsetDateTime,
    },
    Stop {
        version: i64,
        reason: String,
    },
    Withdraw {
        version: i64,
        reason: String,
    },
    HandBack {
        version: i64,
    },
}

impl ActionRequest {
    /// The version the caller saw, and the action.
    pub fn into_action(self) -> (i64, Action) {
        use ActionRequest as R;
        match self {
            R::Receive { version } => (version, Action::Receive),
            R::RequestSupplement { version, items, reason } => (version, Action::RequestSupplement { items, reason }),
            R::CompleteSupplement { version } => (version, Action::CompleteSupplement),
            R::Refuse { version, reasons } => (version, Action::Refuse { reasons }),
            R::Forward { version } => (version, Action::Forward),
            R::HandOver {
                version,
                agency_id,
                reason,
            } => (
                version,
                Action::HandOver {
                    agency_id: AgencyId(agency_id),
                    reason,
                },
            ),
            R::ReturnToStep { version, step, reason } => (version, Action::ReturnToStep { step, reason }),
            R::Approve { version } => (version, Action::Approve),
            R::MarkProcessed { version } => (version, Action::MarkProcessed),
            R::ReturnResult { version, method } => (
                version,
                Action::ReturnResult {
                    method: match method {
                        MethodIn::Counter => ResultMethod::Counter,
                        MethodIn::Post => ResultMethod::Post,
                        MethodIn::Electronic => ResultMethod::Electronic,
                    },
                },
            ),
            R::ApologiseExtend {
                version,
                reason,
                new_due,
            } => (version, Action::ApologiseExtend { reason, new_due }),
            R::Stop { version, reason } => (version, Action::Stop { reason }),
            R::Withdraw { version, reason } => (version, Action::Withdraw { reason }),
            R::HandBack { version } => (version, Action::HandBack),
        }
    }
}

/// How a dossier is filed.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelIn {
    Online,
    InPerson,
    Post,
}

/// A dossier as submitted.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FilingRequest {
    /// Procedure code.
    pub procedure: String,
    /// Code of the receiving agency (one of the procedure's agencies).
    pub agency: String,
    #[schema(value_type = Object)]
    pub applicant: Applicant,
    /// Values of the procedure's form, by field key.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub data: serde_json::Map<String, serde_json::Value>,
    /// `online` (default) or, for officers at the counter, `in_person` / `post`.
    #[serde(default)]
    pub channel: Option<ChannelIn>,
}

impl From<FilingRequest> for Filing {
    fn from(f: FilingRequest) -> Self {
        Filing {
            procedure: f.procedure,
            agency: f.agency,
            applicant: f.applicant,
            data: f.data,
            channel: f.channel.map(|c| match c {
                ChannelIn::Online => Channel::Online,
                ChannelIn::InPerson => Channel::InPerson,
                ChannelIn::Post => Channel::Post,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_from_json_and_unknown_fields_are_refused() {
        let a: ActionRequest = serde_json::from_str(
            r#"{"action": "request_supplement", "version": 3, "items": ["Tờ khai"], "reason": "Thiếu"}"#,
        )
        .unwrap();
        let (version, action) = a.into_action();
        assert_eq!((version, action.kind()), (3, ActionKind::RequestSupplement));
        let e: ActionRequest = serde_json::from_str(
            r#"{"action": "apologise_extend", "version": 1, "reason": "x", "new_due": "2026-03-20T17:00:00+07:00"}"#,
        )
        .unwrap();
        assert_eq!(e.into_action().1.kind(), ActionKind::ApologiseExtend);
        assert!(serde_json::from_str::<ActionRequest>(r#"{"action": "teleport", "version": 1}"#).is_err());
        assert!(
            serde_json::from_str::<ActionRequest>(r#"{"action": "receive", "version": 1, "colour": "red"}"#).is_err(),
            "unknown fields are refused"
        );
    }
}
