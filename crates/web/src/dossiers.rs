//! Dossier use cases shared by the API and the portal: filing (online or at the counter),
//! acting on a dossier, who may read it, and what the public look-up shows.

use std::collections::HashMap;

use serde::Deserialize;
use time::OffsetDateTime;

use motcua_domain::FieldError;
use motcua_domain::account::{Principal, Role};
use motcua_domain::agency::AgencyCode;
use motcua_domain::dossier::{Action, Actor, Applicant, Context, Process, apply};
use motcua_domain::procedure::form::validate_values;
use motcua_domain::procedure::{Channel, OnlineLevel};
use motcua_storage::{DossierRecord, NewDossier, Transition};

use crate::auth::token::random_token;
use crate::error::ApiError;
use crate::state::AppState;

/// A dossier as submitted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filing {
    /// Procedure code.
    pub procedure: String,
    /// Code of the receiving agency (one of the procedure's agencies).
    pub agency: String,
    pub applicant: Applicant,
    /// Values of the procedure's form, by field key.
    #[serde(default)]
    pub data: serde_json::Map<String, serde_json::Value>,
    /// `online` (default) or, for officers at the counter, `in_person` / `post`.
    #[serde(default)]
    pub channel: Option<Channel>,
}

fn invalid(field: &str, code: &'static str) -> ApiError {
    ApiError::Validation(vec![FieldError {
        field: field.into(),
        code,
        detail: None,
    }])
}

/// Files a dossier. Citizens file online for themselves; one-stop officers file at the
/// counter (in person or by post) for a walk-in applicant.
pub async fn file(state: &AppState, who: &Principal, f: Filing) -> Result<DossierRecord, ApiError> {
    let cat = state.catalogue();
    let entry = cat
        .get(&f.procedure)
        .ok_or_else(|| invalid("procedure", "unknown_procedure"))?;
    let p = &entry.procedure;
    let agency_code = AgencyCode::parse(&f.agency).map_err(|e| invalid("agency", e.code()))?;
    if !p.agencies.contains(&agency_code) {
        return Err(invalid("agency", "agency_does_not_handle"));
    }
    let agency = cat
        .agency(agency_code.as_str())
        .ok_or_else(|| invalid("agency", "unknown_agency"))?;
    let channel = f.channel.unwrap_or(Channel::Online);
    let counter = who
        .grants
        .iter()
        .any(|g| g.role == Role::OneStopOfficer && g.agency_id == agency.id);
    match channel {
        Channel::Online => {
            if !p.channels.contains(&Channel::Online) || p.online_level == OnlineLevel::None {
                return Err(invalid("procedure", "not_online"));
            }
        }
        Channel::InPerson | Channel::Post => {
            if !counter {
                return Err(ApiError::Forbidden);
            }
        }
    }
    let mut errors = f.applicant.validate().into_errors();
    for e in &mut errors {
        e.field = format!("applicant/{}", e.field);
    }
    for mut e in validate_values(&p.form, &f.data).into_errors() {
        e.field = format!("data/{}", e.field);
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let versions = state.store.form_versions(entry.id).await?;
    let form_version = versions.last().map_or(1, |v| v.0);
    let mut applicant = f.applicant;
    applicant.full_name = motcua_domain::text::squash_spaces(&motcua_domain::text::nfc(&applicant.full_name));
    let d = NewDossier {
        procedure_id: entry.id,
        form_version,
        agency_id: agency.id,
        agency_code,
        applicant_id: (channel == Channel::Online).then_some(who.user_id),
        filed_by: Some(who.user_id),
        channel,
        applicant,
        data: serde_json::Value::Object(f.data),
        secret: random_token()[..12].to_owned(),
        draft_files_of: Some(who.user_id),
        now: OffsetDateTime::now_utc(),
    };
    Ok(state.store.submit_dossier(&d).await?)
}

/// Officers of the agency handling it (or that received it, or that handed it over to
/// another agency and gets it back), its applicant, and system administrators may read a
/// dossier. Nobody else learns it exists.
pub fn may_read(who: &Principal, d: &DossierRecord) -> bool {
    let origin = d.state.liaison.map(|l| l.origin_agency_id);
    who.is_system_admin()
        || d.state.applicant_id == Some(who.user_id)
        || who.grants.iter().any(|g| {
            g.agency_id == d.state.agency_id || g.agency_id == d.receiving_agency_id || Some(g.agency_id) == origin
        })
}

/// Loads a dossier the caller may read; `NotFound` otherwise.
pub async fn readable(state: &AppState, who: &Principal, code: &str) -> Result<DossierRecord, ApiError> {
    let d = state.store.dossier_by_code(code).await?.ok_or(ApiError::NotFound)?;
    if may_read(who, &d) {
        Ok(d)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Applies an action to a dossier at `version` and stores the outcome.
pub async fn act(
    state: &AppState,
    who: &Principal,
    code: &str,
    version: i64,
    action: Action,
) -> Result<DossierRecord, ApiError> {
    let d = readable(state, who, code).await?;
    if d.version != version {
        // The caller saw an older state: refuse before judging the action on the new one.
        return Err(ApiError::Conflict("version"));
    }
    let cat = state.catalogue();
    let entry = cat
        .procedures
        .iter()
        .find(|e| e.id == d.procedure_id)
        .ok_or(ApiError::NotFound)?;
    let process = state
        .store
        .procedure_process(d.procedure_id)
        .await?
        .unwrap_or_else(|| Process::standard(&entry.procedure.time_limit));
    let mut units: HashMap<(i64, String), i64> = HashMap::new();
    for agency_id in [d.state.agency_id] {
        for u in state.store.list_units(agency_id).await? {
            units.insert((agency_id, u.code), u.id);
        }
    }
    let calendar = state.calendar();
    let now = OffsetDateTime::now_utc();
    let outcome = {
        // The engine's context borrows a non-Send resolver: keep it out of any await.
        let resolve = |agency: i64, code: &str| units.get(&(agency, code.to_owned())).copied();
        let ctx = Context {
            process: &process,
            limit: &entry.procedure.time_limit,
            calendar: &calendar.calendar,
            unit_id: &resolve,
            now,
        };
        let actor = if d.state.applicant_id == Some(who.user_id) && !who.is_officer() {
            Actor::Applicant(who.user_id)
        } else {
            Actor::Officer(who)
        };
        apply(&ctx, &d.state, actor, &action).map_err(ApiError::Workflow)?
    };
    let mut detail = serde_json::to_value(&action).unwrap_or_default();
    if let (Action::ApologiseExtend { .. }, Some(due), Some(obj)) = (&action, d.state.due_at, detail.as_object_mut()) {
        // Form 04 shows the appointment that is being replaced.
        let previous = due
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        obj.insert("previous_due".into(), serde_json::Value::String(previous));
    }
    let t = Transition {
        before: &d,
        actor_id: Some(who.user_id),
        action: action.kind().as_str(),
        detail,
        outcome: &outcome,
        now,
    };
    Ok(state.store.apply_transition(&t).await?)
}
