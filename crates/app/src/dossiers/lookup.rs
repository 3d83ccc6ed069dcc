//! The public look-up by code and secret (printed with a QR code on the receipt): status,
//! dates and the timeline, never personal data.

use motcua_domain::dossier::secret::{self, SECRET_RANDOM_BYTES};
use motcua_storage::{DossierRecord, HistoryEntry};
use rand::RngCore;

use crate::accounts::tokens::same;
use crate::{App, Result};

/// What the public look-up shows.
pub struct Lookup {
    pub dossier: DossierRecord,
    pub procedure: String,
    pub history: Vec<HistoryEntry>,
}

/// A new look-up secret for a dossier (Crockford base32, see `domain::dossier::secret`).
pub fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_RANDOM_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    secret::secret_from(bytes)
}

/// The dossier with this code, if `typed_secret` is its secret (a wrong secret answers
/// exactly like an unknown code). Code and secret are read as people type them off paper:
/// any case, spaces and the hyphen ignored, `O`/`0` and `I`/`L`/`1` alike.
pub async fn lookup(app: &App, code: &str, typed_secret: &str) -> Result<Option<Lookup>> {
    let code = secret::normalise_code(code);
    if code.is_empty() {
        return Ok(None);
    }
    let Some(d) = app.store().dossier_by_code(&code).await? else {
        return Ok(None);
    };
    if !same(&secret::comparable(&d.secret, typed_secret), &d.secret) {
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
