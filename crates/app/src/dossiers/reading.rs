//! Who may read a dossier and what they may do with it now.

use std::collections::HashMap;
use std::sync::Arc;

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::dossier::{ActionKind, Actor, Context, may_read};
use motcua_domain::ids::{AgencyId, UnitId};
use motcua_storage::{Attachment, DossierRecord, HandOverRow, HistoryEntry};

use crate::{App, AppError, ProcedureEntry, Result};

/// Loads a dossier the caller may read (`motcua_domain::dossier::may_read`); `NotFound`
/// for everyone else, so that nobody learns a dossier exists.
pub async fn readable(app: &App, who: &Principal, code: &str) -> Result<DossierRecord> {
    let d = app.store().dossier_by_code(code).await?.ok_or(AppError::NotFound)?;
    if may_read(who, d.receiving_agency_id, &d.state) {
        Ok(d)
    } else {
        Err(AppError::NotFound)
    }
}

/// The units of an agency by code (the engine resolves step units through them).
pub(crate) async fn units_of(app: &App, agency: AgencyId) -> Result<HashMap<String, UnitId>> {
    Ok(app
        .store()
        .list_units(agency)
        .await?
        .into_iter()
        .map(|u| (u.code, u.id))
        .collect())
}

/// The procedure a dossier follows (its entry in the current catalogue).
pub(crate) fn entry_of(app: &App, d: &DossierRecord) -> Result<Arc<ProcedureEntry>> {
    app.catalogue()
        .by_id(d.procedure_id)
        .cloned()
        .ok_or_else(|| AppError::Internal(format!("dossier {} names an unknown procedure", d.code)))
}

/// The actions `who` may take on the dossier now (exactly what the engine would accept),
/// and whether they may prepare its result.
async fn permitted(app: &App, who: &Principal, d: &DossierRecord) -> Result<(Vec<ActionKind>, bool)> {
    let entry = entry_of(app, d)?;
    let units = units_of(app, d.state.agency_id).await?;
    let calendar = app.calendar();
    let resolve = |agency: AgencyId, code: &str| (agency == d.state.agency_id).then(|| units.get(code).copied())?;
    let ctx = Context {
        process: &entry.process,
        limit: &entry.procedure.time_limit,
        calendar: &calendar.calendar,
        unit_id: &resolve,
        now: OffsetDateTime::now_utc(),
    };
    let actions = motcua_domain::dossier::available_actions(&ctx, &d.state, Actor::of(who, d.state.applicant_id));
    let prepare = who.is_officer() && motcua_domain::result::may_prepare(&ctx, &d.state, who).is_ok();
    Ok((actions, prepare))
}

/// The actions `who` may take on the dossier now: exactly what the engine would accept.
pub async fn available_actions(app: &App, who: &Principal, d: &DossierRecord) -> Result<Vec<ActionKind>> {
    Ok(permitted(app, who, d).await?.0)
}

/// Everything a dossier's page and its API answer show.
pub struct DossierView {
    pub dossier: DossierRecord,
    pub entry: Arc<ProcedureEntry>,
    /// What the viewer may do now.
    pub actions: Vec<ActionKind>,
    pub history: Vec<HistoryEntry>,
    pub hand_overs: Vec<HandOverRow>,
    pub files: Vec<Attachment>,
    /// Payment attempts, oldest first.
    pub payments: Vec<motcua_storage::PaymentRecord>,
    /// Results, newest first (drafts only for officers).
    pub results: Vec<motcua_storage::ResultRecord>,
    /// The viewer may prepare the result now.
    pub can_prepare_result: bool,
}

/// A dossier the caller may read, with its history, form-05 rows, files and the actions
/// the caller may take.
pub async fn view(app: &App, who: &Principal, d: DossierRecord) -> Result<DossierView> {
    let entry = entry_of(app, &d)?;
    let (actions, can_prepare_result) = permitted(app, who, &d).await?;
    let history = app.store().dossier_history(d.id).await?;
    let hand_overs = app.store().dossier_handovers(d.id).await?;
    let files = app.store().dossier_attachments(d.id).await?;
    let payments = app.store().payments_of(d.id).await?;
    let results = app
        .store()
        .results_of(d.id)
        .await?
        .into_iter()
        .filter(|r| r.status.is_public() || who.is_officer())
        .collect();
    Ok(DossierView {
        payments,
        results,
        can_prepare_result,
        dossier: d,
        entry,
        actions,
        history,
        hand_overs,
        files,
    })
}
