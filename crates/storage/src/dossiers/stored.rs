//! How dossier states, history actions, form-05 timeliness and history details are written
//! down. This is the stored format, kept here and only here: the domain names things, the API
//! shows them, and neither changes what existing rows mean. Each mapping is total both ways
//! and tested for every variant.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use motcua_domain::dossier::{HistoryAction, HistoryDetail, ResultMethod, Status, Timeliness};
use motcua_domain::ids::AgencyId;
use motcua_domain::payment::FeeDue;
use motcua_domain::procedure::Channel;

use crate::{Result, StorageError};

pub(crate) fn status(s: Status) -> &'static str {
    match s {
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

pub(crate) fn parse_status(s: &str) -> Result<Status> {
    Status::ALL
        .into_iter()
        .find(|x| status(*x) == s)
        .ok_or_else(|| StorageError::Corrupt(format!("dossier status {s}")))
}

pub(crate) fn action(a: HistoryAction) -> &'static str {
    // The history's action names are the engine's action names plus `submit` and `overdue`.
    a.as_str()
}

pub(crate) fn parse_action(s: &str) -> Result<HistoryAction> {
    HistoryAction::parse(s).ok_or_else(|| StorageError::Corrupt(format!("history action {s}")))
}

/// When a fee falls due, as stored (`at_filing`, `before_result`: the domain's names).
pub(crate) fn parse_fee_due(s: &str) -> Result<FeeDue> {
    [FeeDue::AtFiling, FeeDue::BeforeResult]
        .into_iter()
        .find(|d| d.as_str() == s)
        .ok_or_else(|| StorageError::Corrupt(format!("fee due {s}")))
}

pub(crate) fn timeliness(t: Timeliness) -> &'static str {
    match t {
        Timeliness::Early => "early",
        Timeliness::OnTime => "on_time",
        Timeliness::Late => "late",
    }
}

pub(crate) fn parse_timeliness(s: &str) -> Result<Timeliness> {
    Timeliness::ALL
        .into_iter()
        .find(|x| timeliness(*x) == s)
        .ok_or_else(|| StorageError::Corrupt(format!("timeliness {s}")))
}

fn method(m: ResultMethod) -> &'static str {
    match m {
        ResultMethod::Counter => "counter",
        ResultMethod::Post => "post",
        ResultMethod::Electronic => "electronic",
    }
}

/// The JSON kept in `dossier_history.detail` (the shape rows have had since the first
/// release: the action's fields, `previous_due` for apologies, `channel` for filings,
/// `due_at` in milliseconds for overdue lines).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct DetailJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    items: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reasons: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agency_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new_due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tracking_number: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    event_date: Option<String>,
}

fn rfc3339(t: OffsetDateTime) -> Option<String> {
    t.format(&Rfc3339).ok()
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

/// A day as stored (`YYYY-MM-DD`, `Date`'s display form).
pub(crate) fn parse_date(s: &str) -> Option<time::Date> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// The detail of a history line as stored.
pub(crate) fn detail(action: HistoryAction, d: &HistoryDetail) -> String {
    let refusal = action == HistoryAction::Act(motcua_domain::dossier::ActionKind::Refuse);
    let j = DetailJson {
        action: action.kind().map(|k| k.as_str().to_owned()),
        items: d.items.clone(),
        reason: d.reason.clone().filter(|_| !refusal),
        reasons: d.reason.clone().filter(|_| refusal),
        agency_id: d.agency_id.map(AgencyId::get),
        step: d.step.clone(),
        method: d.method.map(|m| method(m).to_owned()),
        new_due: d.new_due.and_then(rfc3339),
        previous_due: d.previous_due.and_then(rfc3339),
        channel: d.channel.map(|c| c.as_str().to_owned()),
        due_at: d.due_at.map(crate::to_ms),
        tracking_number: d.tracking_number.clone(),
        event_date: d.event_date.map(|x| x.to_string()),
    };
    serde_json::to_string(&j).unwrap_or_else(|_| "{}".to_owned())
}

/// Reads a stored detail back.
pub(crate) fn parse_detail(text: &str) -> Result<HistoryDetail> {
    let j: DetailJson = serde_json::from_str(text)?;
    Ok(HistoryDetail {
        reason: j.reason.or(j.reasons),
        items: j.items,
        agency_id: j.agency_id.map(AgencyId),
        step: j.step,
        method: j.method.as_deref().and_then(ResultMethod::parse),
        new_due: j.new_due.as_deref().and_then(parse_time),
        previous_due: j.previous_due.as_deref().and_then(parse_time),
        channel: j.channel.as_deref().and_then(Channel::parse),
        due_at: j.due_at.map(crate::from_ms),
        tracking_number: j.tracking_number,
        event_date: j.event_date.as_deref().and_then(parse_date),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::dossier::ActionKind;
    use motcua_domain::dossier::permitted::ALL_KINDS;
    use time::macros::datetime;

    #[test]
    fn every_variant_round_trips() {
        for s in Status::ALL {
            assert_eq!(parse_status(status(s)).unwrap(), s);
        }
        for t in Timeliness::ALL {
            assert_eq!(parse_timeliness(timeliness(t)).unwrap(), t);
        }
        let actions = ALL_KINDS
            .into_iter()
            .map(HistoryAction::Act)
            .chain([HistoryAction::Submit, HistoryAction::Overdue])
            .chain(motcua_domain::postal::PostalStatus::ALL.map(HistoryAction::Postal));
        for a in actions {
            assert_eq!(parse_action(action(a)).unwrap(), a);
        }
        assert!(parse_status("teleported").is_err());
    }

    #[test]
    fn details_keep_the_shape_of_earlier_rows() {
        // Rows written before this module existed (serde of the engine's actions).
        let old = r#"{"action":"apologise_extend","reason":"Chờ xác minh","new_due":"2026-03-20T17:00:00+07:00","previous_due":"2026-03-16T09:00:00+07:00"}"#;
        let d = parse_detail(old).unwrap();
        assert_eq!(d.reason.as_deref(), Some("Chờ xác minh"));
        assert_eq!(d.new_due, Some(datetime!(2026-03-20 17:00 +7)));
        assert_eq!(d.previous_due, Some(datetime!(2026-03-16 09:00 +7)));
        let refusal = parse_detail(r#"{"action":"refuse","reasons":"Không thuộc thẩm quyền"}"#).unwrap();
        assert_eq!(refusal.reason.as_deref(), Some("Không thuộc thẩm quyền"));
        // And what is written now reads back the same.
        let written = detail(HistoryAction::Act(ActionKind::Refuse), &refusal);
        assert_eq!(written, r#"{"action":"refuse","reasons":"Không thuộc thẩm quyền"}"#);
        assert_eq!(parse_detail(&written).unwrap(), refusal);
        let hand_over = HistoryDetail {
            reason: Some("Lấy ý kiến".into()),
            agency_id: Some(AgencyId(9)),
            ..HistoryDetail::default()
        };
        let text = detail(HistoryAction::Act(ActionKind::HandOver), &hand_over);
        assert_eq!(text, r#"{"action":"hand_over","reason":"Lấy ý kiến","agency_id":9}"#);
        assert_eq!(parse_detail(&text).unwrap(), hand_over);
        let posted = HistoryDetail {
            tracking_number: Some("EB123456789VN".into()),
            event_date: Some(time::macros::date!(2026 - 12 - 18)),
            ..HistoryDetail::default()
        };
        let text = detail(
            HistoryAction::Postal(motcua_domain::postal::PostalStatus::HandedToPost),
            &posted,
        );
        assert_eq!(text, r#"{"tracking_number":"EB123456789VN","event_date":"2026-12-18"}"#);
        assert_eq!(parse_detail(&text).unwrap(), posted);
    }
}
