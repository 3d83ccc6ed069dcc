//! Applying an action to a dossier: load (404 for outsiders), compare versions, apply the
//! engine's rules, store the outcome through the group committer.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::dossier::{Action, Actor, Context, HistoryDetail, ResultMethod, apply};
use motcua_domain::ids::AgencyId;
use motcua_domain::result::{ResultError, ResultStatus, signs_the_result};
use motcua_storage::{DossierRecord, Transition};

use super::reading::{entry_of, readable, units_of};
use crate::{App, AppError, Result};

/// Applies `action` by `who` to the dossier `code` as they saw it at `version`.
pub async fn act(app: &App, who: &Principal, code: &str, version: i64, action: Action) -> Result<DossierRecord> {
    let d = readable(app, who, code).await?;
    if d.version != version {
        // The caller saw an older state: refuse before judging the action on the new one.
        return Err(AppError::Conflict("version"));
    }
    if let Action::HandOver { agency_id, .. } = &action
        && app.catalogue().agency_by_id(*agency_id).is_none()
    {
        return Err(AppError::invalid("agency", "unknown_agency"));
    }
    let entry = entry_of(app, &d)?;
    let units = units_of(app, d.state.agency_id).await?;
    let calendar = app.calendar();
    let now = OffsetDateTime::now_utc();
    let outcome = {
        // The engine's context borrows a non-Send resolver: keep it out of any await.
        let resolve = |agency: AgencyId, code: &str| (agency == d.state.agency_id).then(|| units.get(code).copied())?;
        let ctx = Context {
            process: &entry.process,
            limit: &entry.procedure.time_limit,
            calendar: &calendar.calendar,
            unit_id: &resolve,
            now,
        };
        apply(&ctx, &d.state, Actor::of(who, d.state.applicant_id), &action)?
    };
    if let Action::ReturnResult { method } = &action {
        check_return_method(app, d.id, *method).await?;
    }
    // The approval signs the prepared result first; if signing fails the dossier stays
    // where it is, and if the approval is refused after all the result goes back to draft.
    let signed = if signs_the_result(action.kind()) {
        crate::results::sign_draft(app, who, &d).await?
    } else {
        None
    };
    let t = Transition {
        before: &d,
        actor_id: Some(who.user_id),
        action: action.kind(),
        detail: HistoryDetail::of(&action, d.state.due_at),
        outcome: &outcome,
        now,
    };
    let after = match app.store().apply_transition(&t).await {
        Ok(done) => done,
        Err(e) => {
            if let Some(undo) = &signed
                && let Err(undo_error) = crate::results::unsign(app, undo).await
            {
                tracing::error!(error = %undo_error, dossier = d.code.as_str(), "a result signed for a refused approval stays signed");
            }
            return Err(e.into());
        }
    };
    if signed.is_some() {
        // The signed result goes to the applicant's document store as well; keeping it is
        // not part of the approval, so a failure here is logged and the officer can push it.
        if let Err(e) = crate::results::keep_in_store(app, who, &after).await {
            tracing::warn!(error = %e, dossier = %after.code, "keeping the signed result in the applicant's store failed");
        }
    }
    if t.action == motcua_domain::dossier::ActionKind::Receive {
        // Accepted components go to the applicant's document store; the catch-up job
        // (`jobs::keep_documents`) does it later if this fails.
        if let Err(e) =
            crate::documents::keep_accepted(app, after.id, after.procedure_id, after.state.applicant_id).await
        {
            tracing::warn!(error = %e, dossier = %after.code, "keeping accepted components failed");
        }
    }
    Ok(after)
}

/// What a way of returning the result needs besides the engine's rule: online hands over
/// the signed result, so there must be one; the post needs the applicant's choice and
/// address.
async fn check_return_method(app: &App, dossier: motcua_domain::ids::DossierId, method: ResultMethod) -> Result<()> {
    match method {
        ResultMethod::Electronic
            if !app
                .store()
                .results_of(dossier)
                .await?
                .iter()
                .any(|r| r.status == ResultStatus::Signed) =>
        {
            Err(ResultError::NotSigned.into())
        }
        ResultMethod::Post if app.store().postal_of(dossier).await?.is_none() => {
            Err(motcua_domain::postal::PostalError::NotChosen.into())
        }
        _ => Ok(()),
    }
}
