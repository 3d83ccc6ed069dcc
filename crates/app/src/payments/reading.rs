//! A dossier's fee and payment attempts, for those who may read the dossier.

use motcua_domain::account::Principal;
use motcua_storage::{DossierRecord, PaymentRecord};

use crate::dossiers::readable;
use crate::{App, Result};

/// A dossier with its attempts, oldest first.
pub struct Payments {
    pub dossier: DossierRecord,
    pub attempts: Vec<PaymentRecord>,
}

/// The attempts of a dossier `who` may read (404 otherwise).
pub async fn payments(app: &App, who: &Principal, code: &str) -> Result<Payments> {
    let dossier = readable(app, who, code).await?;
    let attempts = app.store().payments_of(dossier.id).await?;
    Ok(Payments { dossier, attempts })
}
