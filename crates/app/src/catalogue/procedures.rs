//! Creating and editing procedures and their processes.

use motcua_domain::account::Principal;
use motcua_domain::dossier::Process;
use motcua_domain::procedure::ProcedureInput;
use motcua_storage::StoredProcedure;

use crate::{App, AppError, CatalogueSnapshot, Result};

/// An administrator of every agency a procedure names, or a system administrator, may edit
/// it (and its process).
pub fn may_edit(who: &Principal, cat: &CatalogueSnapshot, p: &ProcedureInput) -> bool {
    who.can_edit_procedure(&cat.agency_ids(p))
}

fn authorise(who: &Principal, cat: &CatalogueSnapshot, p: &ProcedureInput) -> Result<()> {
    if may_edit(who, cat, p) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Creates a procedure (system administrators; agency administrators for their agency).
pub async fn create_procedure(app: &App, who: &Principal, p: &ProcedureInput) -> Result<StoredProcedure> {
    authorise(who, &app.catalogue(), p)?;
    let saved = app.store().create_procedure(Some(who.user_id), p).await?;
    app.refresh_catalogue().await?;
    Ok(saved)
}

/// Replaces a procedure if it is still at `expected` (when given). The editor must be
/// allowed to edit both the procedure as it is and as it will be.
pub async fn update_procedure(
    app: &App,
    who: &Principal,
    code: &str,
    p: &ProcedureInput,
    expected: Option<i64>,
) -> Result<StoredProcedure> {
    let cat = app.catalogue();
    let old = cat.get(code).ok_or(AppError::NotFound)?;
    authorise(who, &cat, &old.procedure)?;
    authorise(who, &cat, p)?;
    let saved = app
        .store()
        .update_procedure(Some(who.user_id), code, p, expected)
        .await?;
    app.refresh_catalogue().await?;
    Ok(saved)
}

/// Sets a procedure's process; its allowances must add up to the legal time limit.
pub async fn set_process(app: &App, who: &Principal, code: &str, p: &Process) -> Result<()> {
    let cat = app.catalogue();
    let e = cat.get(code).ok_or(AppError::NotFound)?;
    authorise(who, &cat, &e.procedure)?;
    p.validate(&e.procedure.time_limit)
        .finish()
        .map_err(AppError::Validation)?;
    app.store()
        .set_procedure_process(Some(who.user_id), e.id, code, p)
        .await?;
    app.refresh_catalogue().await
}
