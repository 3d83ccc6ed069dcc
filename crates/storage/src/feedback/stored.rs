//! How report states, history actions and details are written down (the stored format,
//! kept here only; every mapping total both ways and tested).

use serde::{Deserialize, Serialize};

use motcua_domain::feedback::{FeedbackAction, FeedbackActionKind, Status};
use motcua_domain::ids::{AgencyId, Open311KeyId, UnitId};

use super::Open311Client;

use crate::{Result, StorageError};

/// What a report's history line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedbackEvent {
    Submit,
    Act(FeedbackActionKind),
    /// A note by the Open311 client that filed the report; the state does not change.
    Comment,
}

impl FeedbackEvent {
    /// The event's name (also the key of its label).
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackEvent::Submit => "submit",
            FeedbackEvent::Act(k) => k.as_str(),
            FeedbackEvent::Comment => "comment",
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
    /// A link a client's comment carries.
    pub url: Option<String>,
    /// The client's own id of its comment (sent again, it is not stored twice).
    pub client_ref: Option<String>,
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
    match s {
        "submit" => return Ok(FeedbackEvent::Submit),
        "comment" => return Ok(FeedbackEvent::Comment),
        _ => {}
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
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_ref: Option<String>,
}

pub(crate) fn detail(e: FeedbackEvent, d: &FeedbackDetail) -> String {
    use FeedbackActionKind as K;
    let mut j = DetailJson {
        action: match e {
            FeedbackEvent::Act(_) | FeedbackEvent::Comment => Some(e.as_str().to_owned()),
            FeedbackEvent::Submit => None,
        },
        agency_id: d.agency_id.map(AgencyId::get),
        unit_id: d.unit_id.map(UnitId::get),
        channel: d.channel.clone(),
        category: d.category.clone(),
        url: d.url.clone(),
        client_ref: d.client_ref.clone(),
        ..DetailJson::default()
    };
    match e {
        FeedbackEvent::Act(K::RequestInfo) => j.question = d.text.clone(),
        FeedbackEvent::Act(K::SupplyInfo | K::Answer) | FeedbackEvent::Comment => j.text = d.text.clone(),
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
        url: j.url,
        client_ref: j.client_ref,
    })
}

/// `demo` or `key:<id>`.
pub(crate) fn client(c: Open311Client) -> String {
    match c {
        Open311Client::Demo => "demo".to_owned(),
        Open311Client::Key(id) => format!("key:{id}"),
    }
}

pub(crate) fn parse_client(s: &str) -> Result<Open311Client> {
    if s == "demo" {
        return Ok(Open311Client::Demo);
    }
    s.strip_prefix("key:")
        .and_then(|n| n.parse().ok())
        .map(|n| Open311Client::Key(Open311KeyId(n)))
        .ok_or_else(|| StorageError::Corrupt(format!("feedback open311_client {s}")))
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
        assert_eq!(
            parse_event(event(FeedbackEvent::Comment)).unwrap(),
            FeedbackEvent::Comment
        );
        for c in [Open311Client::Demo, Open311Client::Key(Open311KeyId(17))] {
            assert_eq!(parse_client(&client(c)).unwrap(), c);
        }
        assert!(parse_client("key:x").is_err());
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
        let comment = FeedbackDetail {
            text: Some("Ảnh chụp thêm".into()),
            url: Some("https://example.org/a.jpg".into()),
            client_ref: Some("fms-12".into()),
            ..FeedbackDetail::default()
        };
        let text = detail(FeedbackEvent::Comment, &comment);
        assert!(text.starts_with(r#"{"action":"comment","text":"#), "{text}");
        assert_eq!(parse_detail(&text).unwrap(), comment);
    }
}
