//! Which actions the viewer may take on a report, each with its time limit, and reading an
//! action back from its form.

use std::collections::HashMap;

use motcua_app::records::{FeedbackRecord, Unit};
use motcua_domain::account::Principal;
use motcua_domain::feedback::FeedbackAction;
use motcua_domain::ids::{AgencyId, UnitId};
use motcua_domain::procedure::TimeUnit;

use crate::i18n::Tr;
use crate::portal::dossier::local;
use crate::portal::view::SelectOption;
use crate::state::AppState;

/// One action's form on the report page.
pub struct ActionForm {
    pub kind: &'static str,
    pub label: String,
    /// The action's own time limit, when it has one.
    pub deadline: String,
    /// The text the action carries: (input name, label).
    pub field: Option<(&'static str, String)>,
    /// Where to transfer to: the other units of the responsible agency (`CODE/UNIT`), then
    /// the other agencies (`CODE`).
    pub agencies: Vec<SelectOption>,
    pub error: Option<String>,
}

/// The kinds the viewer may take now: exactly what the rules would accept.
fn kinds(who: &Principal, r: &FeedbackRecord) -> Vec<&'static str> {
    motcua_app::feedback::available_actions(who, r)
        .into_iter()
        .map(|k| k.as_str())
        .collect()
}

fn field_of(t: Tr, kind: &str) -> Option<(&'static str, String)> {
    let name = match kind {
        "refuse" | "dispute" | "transfer" => "reason",
        "request_info" => "question",
        "supply_info" | "answer" => "text",
        _ => return None,
    };
    Some((name, t.t(&format!("fb.field.{kind}")).to_owned()))
}

fn deadline(state: &AppState, r: &FeedbackRecord, kind: &str) -> String {
    let d = state.settings().feedback.deadlines;
    let days = match kind {
        "refuse" => d.refuse,
        "request_info" => d.request_info,
        "answer" | "publish" => return r.state.due_at.map(local).unwrap_or_default(),
        _ => return String::new(),
    };
    local(
        state
            .calendar()
            .calendar
            .due(r.state.counted_from, days, TimeUnit::WorkingDays),
    )
}

/// Transfer targets: another unit of the same agency, or another agency.
fn targets(state: &AppState, r: &FeedbackRecord, units: &[Unit]) -> Vec<SelectOption> {
    let cat = state.catalogue();
    let own = cat.agencies.iter().find(|a| a.id == r.state.agency_id);
    let inside = own.into_iter().flat_map(|a| {
        units
            .iter()
            .filter(|u| Some(u.id) != r.state.unit_id)
            .map(move |u| SelectOption {
                value: format!("{}/{}", a.code, u.code),
                label: format!("{} — {}", a.name, u.name),
                selected: false,
            })
    });
    let others = cat
        .agencies
        .iter()
        .filter(|a| a.id != r.state.agency_id)
        .map(|a| SelectOption {
            value: a.code.clone(),
            label: a.name.clone(),
            selected: false,
        });
    inside.chain(others).collect()
}

/// The forms, and a message for the top of the page (a refusal no form matches). `units`
/// are the responsible agency's units.
pub fn forms_for(
    state: &AppState,
    t: Tr,
    who: Option<&Principal>,
    r: &FeedbackRecord,
    units: &[Unit],
    failed: Option<(String, String)>,
) -> (Vec<ActionForm>, Option<String>) {
    let kinds = who.map(|w| kinds(w, r)).unwrap_or_default();
    let forms: Vec<ActionForm> = kinds
        .into_iter()
        .map(|kind| ActionForm {
            kind,
            label: t.t(&format!("fb.action.{kind}")).to_owned(),
            deadline: deadline(state, r, kind),
            field: field_of(t, kind),
            agencies: if kind == "transfer" {
                targets(state, r, units)
            } else {
                Vec::new()
            },
            error: failed.as_ref().filter(|(k, _)| k == kind).map(|(_, m)| m.clone()),
        })
        .collect();
    let top = failed
        .filter(|(k, _)| !forms.iter().any(|f| f.kind == k))
        .map(|(_, m)| m);
    (forms, top)
}

fn text(form: &HashMap<String, String>, k: &str) -> String {
    form.get(k)
        .map(|v| motcua_domain::text::nfc(v.trim()))
        .unwrap_or_default()
}

/// The agency and unit of a transfer target (`CODE` or `CODE/UNIT`).
async fn target(state: &AppState, value: &str) -> Option<(AgencyId, Option<UnitId>)> {
    let (agency, unit) = match value.split_once('/') {
        Some((a, u)) => (a, Some(u)),
        None => (value, None),
    };
    let agency_id = state.catalogue().agency(agency)?.id;
    let unit_id = match unit {
        None => None,
        Some(u) => Some(motcua_app::catalogue::unit_by_code(state, agency_id, u).await.ok()??.id),
    };
    Some((agency_id, unit_id))
}

/// Reads an action from its form; `None` for an unknown action, agency or unit.
pub async fn action_from(state: &AppState, form: &HashMap<String, String>) -> Option<FeedbackAction> {
    Some(match form.get("action")?.as_str() {
        "accept" => FeedbackAction::Accept,
        "refuse" => FeedbackAction::Refuse {
            reason: text(form, "reason"),
        },
        "request_info" => FeedbackAction::RequestInfo {
            question: text(form, "question"),
        },
        "supply_info" => FeedbackAction::SupplyInfo {
            text: text(form, "text"),
        },
        "answer" => FeedbackAction::Answer {
            text: text(form, "text"),
        },
        "publish" => FeedbackAction::Publish,
        "transfer" => {
            let (agency_id, unit_id) = target(state, &text(form, "agency")).await?;
            FeedbackAction::Transfer {
                agency_id,
                unit_id,
                reason: text(form, "reason"),
            }
        }
        "dispute" => FeedbackAction::Dispute {
            reason: text(form, "reason"),
        },
        _ => return None,
    })
}
