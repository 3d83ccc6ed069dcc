//! How report states, history actions and details are written down (the stored format,
//! kept here only; every mapping total both ways and tested).

use serde::{Deserialize, Serialize};

use motcua_domain::feedback::{FeedbackAction, FeedbackActionKind, Status};
use motcua_domain::ids::{AgencyId, UnitId};

use crate::{Result, StorageError};

/// What a report's history line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedbackEvent {
    Submit,
    Act(FeedbackActionKind),
}

impl FeedbackEvent {
    /// The event's name (also the key of its label).
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackEvent::Submit => "submit",
            FeedbackEvent::Act(k) => k.as_str(),
        }
    }
}

/// What an action said, as the history keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedbackDetail {
    /// The reason, question, answer or supplied text.
    pub text: Option<String>,
    /// Where a transfer went.
    pub agency_id: Option<AgencyId>,
    pub unit_id: Option<UnitId>,
    /// How a report arrived, and its category (first line).
    pub channel: Option<String>,
    pub category: Option<String>,
}

impl FeedbackDetail {
    pub fn of(action: &FeedbackAction) -> FeedbackDetail {
        let text = match action {
            FeedbackAction::Refuse { reason }
            | FeedbackAction::Dispute { reason }
            | FeedbackAction::Transfer { reason, .. } => Some(reason.clone()),
            FeedbackAction::RequestInfo { question } => Some(question.clone()),
            FeedbackAction::SupplyInfo { text } | FeedbackAction::Answer { text } => Some(text.clone()),
            FeedbackAction::Accept | FeedbackAction::Publish => None,
        };
        let (agency_id, unit_id) = match action {
            FeedbackAction::Transfer { agency_id, unit_id, .. } => (Some(*agency_id), *unit_id),
            _ => (None, None),
        };
        FeedbackDetail {
            text,
            agency_id,
            unit_id,
            ..FeedbackDetail::default()
        }
    }
}

pub(crate) fn status(s: Status) -> &'static str {
    match s {
        Status::Received => "received",
        Status::InProgress => "in_progress",
        Status::InfoRequested => "info_requested",
        Status::Answered => "answered",
        Status::Published => "published",
        Status::Refused => "refused",
    }
}

pub(crate) fn parse_status(s: &str) -> Result<Status> {
    Status::ALL
        .into_iter()
        .find(|x| status(*x) == s)
        .ok_or_else(|| StorageError::Corrupt(format!("feedback status {s}")))
}

pub(crate) fn event(e: FeedbackEvent) -> &'static str {
    e.as_str()
}

pub(crate) fn parse_event(s: &str) -> Result<FeedbackEvent> {
    if s == "submit" {
        return Ok(FeedbackEvent::Submit);
    }
    FeedbackActionKind::parse(s)
        .map(FeedbackEvent::Act)
        .ok_or_else(|| StorageError::Corrupt(format!("feedback action {s}")))
}

/// The JSON of `feedback_history.detail` (the shape of earlier rows: the action's own
/// fields, or the channel and category of the first line).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct DetailJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agency_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<String>,
}

pub(crate) fn detail(e: FeedbackEvent, d: &FeedbackDetail) -> String {
    use FeedbackActionKind as K;
    let mut j = DetailJson {
        action: match e {
            FeedbackEvent::Act(k) => Some(k.as_str().to_owned()),
            FeedbackEvent::Submit => None,
        },
        agency_id: d.agency_id.map(AgencyId::get),
        unit_id: d.unit_id.map(UnitId::get),
        channel: d.channel.clone(),
        category: d.category.clone(),
        ..DetailJson::default()
    };
    match e {
        FeedbackEvent::Act(K::RequestInfo) => j.question = d.text.clone(),
        FeedbackEvent::Act(K::SupplyInfo | K::Answer) => j.text = d.text.clone(),
        _ => j.reason = d.text.clone(),
    }
    serde_json::to_string(&j).unwrap_or_else(|_| "{}".to_owned())
}

pub(crate) fn parse_detail(text: &str) -> Result<FeedbackDetail> {
    let j: DetailJson = serde_json::from_str(text)?;
    Ok(FeedbackDetail {
        text: j.reason.or(j.question).or(j.text),
        agency_id: j.agency_id.map(AgencyId),
        unit_id: j.unit_id.map(UnitId),
        channel: j.channel,
        category: j.category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_round_trips() {
        for s in Status::ALL {
            assert_eq!(parse_status(status(s)).unwrap(), s);
        }
        for k in FeedbackActionKind::ALL {
            assert_eq!(
                parse_event(event(FeedbackEvent::Act(k))).unwrap(),
                FeedbackEvent::Act(k)
            );
        }
        assert_eq!(parse_event("submit").unwrap(), FeedbackEvent::Submit);
        assert!(parse_event("teleport").is_err());
    }

    #[test]
    fn details_keep_the_shape_of_earlier_rows() {
        let old = parse_detail(r#"{"action":"request_info","question":"Ở đoạn nào?"}"#).unwrap();
        assert_eq!(old.text.as_deref(), Some("Ở đoạn nào?"));
        let written = detail(FeedbackEvent::Act(FeedbackActionKind::RequestInfo), &old);
        assert_eq!(written, r#"{"action":"request_info","question":"Ở đoạn nào?"}"#);
        let transfer = FeedbackDetail {
            text: Some("Đúng thẩm quyền".into()),
            agency_id: Some(AgencyId(4)),
            unit_id: Some(UnitId(9)),
            ..FeedbackDetail::default()
        };
        let text = detail(FeedbackEvent::Act(FeedbackActionKind::Transfer), &transfer);
        assert_eq!(parse_detail(&text).unwrap(), transfer);
    }
}
