//! Filing a dossier: online by a citizen for themselves, or at the counter by a one-stop
//! officer for a walk-in applicant (in person or by post).

use time::OffsetDateTime;

use motcua_domain::FieldError;
use motcua_domain::account::{Principal, Role};
use motcua_domain::agency::AgencyCode;
use motcua_domain::dossier::Applicant;
use motcua_domain::procedure::form::validate_values;
use motcua_domain::procedure::{Channel, OnlineLevel};
use motcua_storage::{DossierRecord, NewDossier};

use super::lookup::new_secret;
use crate::{App, AppError, CatalogueSnapshot, ProcedureEntry, Result};

/// Today in Vietnam (form dates are judged against it).
fn today() -> time::Date {
    OffsetDateTime::now_utc()
        .to_offset(motcua_domain::calendar::VIETNAM)
        .date()
}

/// A dossier as submitted.
#[derive(Debug, Clone)]
pub struct Filing {
    /// Procedure code.
    pub procedure: String,
    /// Code of the receiving agency (one of the procedure's agencies).
    pub agency: String,
    pub applicant: Applicant,
    /// Values of the procedure's form, by field key.
    pub data: serde_json::Map<String, serde_json::Value>,
    /// `Online` (default) or, for officers at the counter, `InPerson` / `Post`.
    pub channel: Option<Channel>,
}

/// The procedure's agencies where `who` is a one-stop officer (where they may file at the
/// counter).
pub fn counter_agencies(cat: &CatalogueSnapshot, who: &Principal, entry: &ProcedureEntry) -> Vec<AgencyCode> {
    entry
        .procedure
        .agencies
        .iter()
        .filter(|code| {
            cat.agency(code.as_str())
                .is_some_and(|a| who.holds(Role::OneStopOfficer, a.id, None))
        })
        .cloned()
        .collect()
}

/// Files a dossier. Citizens file online for themselves; one-stop officers file at the
/// counter for a walk-in applicant. Every field error comes back at once; nothing is
/// stored unless all is valid.
pub async fn file(app: &App, who: &Principal, f: Filing) -> Result<DossierRecord> {
    let cat = app.catalogue();
    let entry = cat
        .get(&f.procedure)
        .ok_or_else(|| AppError::invalid("procedure", "unknown_procedure"))?;
    let p = &entry.procedure;
    let agency_code = AgencyCode::parse(&f.agency).map_err(|e| AppError::invalid("agency", e.code()))?;
    if !p.agencies.contains(&agency_code) {
        return Err(AppError::invalid("agency", "agency_does_not_handle"));
    }
    let agency = cat
        .agency(agency_code.as_str())
        .ok_or_else(|| AppError::invalid("agency", "unknown_agency"))?;
    let channel = f.channel.unwrap_or(Channel::Online);
    match channel {
        Channel::Online => {
            if !p.channels.contains(&Channel::Online) || p.online_level == OnlineLevel::None {
                return Err(AppError::invalid("procedure", "not_online"));
            }
        }
        Channel::InPerson | Channel::Post => {
            if !who.holds(Role::OneStopOfficer, agency.id, None) {
                return Err(AppError::Forbidden);
            }
        }
    }
    let mut errors: Vec<FieldError> = f.applicant.validate().into_errors();
    for e in &mut errors {
        e.field = format!("applicant/{}", e.field);
    }
    for mut e in validate_values(&p.form, &f.data, today()).into_errors() {
        e.field = format!("data/{}", e.field);
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    // The fee is fixed now, from the answers as filed.
    let fee = crate::payments::quote_for(p, &f.data)?;
    let versions = app.store().form_versions(entry.id).await?;
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
        secret: new_secret(),
        draft_files_of: Some(who.user_id),
        fee,
        now: OffsetDateTime::now_utc(),
    };
    Ok(app.store().submit_dossier(&d).await?)
}
