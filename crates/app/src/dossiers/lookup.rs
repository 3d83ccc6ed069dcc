//! The public look-up by code and secret (printed with a QR code on the receipt): status,
//! dates and the timeline, never personal data.

use motcua_storage::{DossierRecord, HistoryEntry};

use crate::accounts::tokens::{random_token, same};
use crate::{App, Result};

/// What the public look-up shows.
pub struct Lookup {
    pub dossier: DossierRecord,
    pub procedure: String,
    pub history: Vec<HistoryEntry>,
}

/// A new look-up secret for a dossier.
pub fn new_secret() -> String {
    random_token()[..12].to_owned()
}

/// The dossier with this code, if `secret` is its secret (a wrong secret answers exactly
/// like an unknown code).
pub async fn lookup(app: &App, code: &str, secret: &str) -> Result<Option<Lookup>> {
    let Some(d) = app.store().dossier_by_code(code.trim()).await? else {
        return Ok(None);
    };
    if !same(secret.trim(), &d.secret) {
        return Ok(None);
    }
    let history = app.store().dossier_history(d.id).await?;
    let procedure = app
        .catalogue()
        .by_id(d.procedure_id)
        .map(|e| e.procedure.name.clone())
        .unwrap_or_default();
    Ok(Some(Lookup {
        dossier: d,
        procedure,
        history,
    }))
}
