//! The communes, reading a dossier's postal delivery, and the applicant's choice.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::agency::Level;
use motcua_domain::postal::{AddressInput, Commune, commune_name, may_choose};
use motcua_storage::{PostalChoice, PostalRecord};

use crate::dossiers::readable;
use crate::{App, Result};

/// The communes of the installation (agencies at commune level), by name.
pub fn communes(app: &App) -> Vec<Commune> {
    let mut out: Vec<Commune> = app
        .catalogue()
        .agencies
        .iter()
        .filter(|a| a.level == Level::Commune)
        .map(|a| Commune {
            code: a.code.clone(),
            name: commune_name(&a.name),
        })
        .collect();
    out.sort_by_key(|c| motcua_domain::text::fold(&c.name));
    out
}

/// The postal delivery of dossier `code`, for those who may read the dossier.
pub async fn postal(app: &App, who: &Principal, code: &str) -> Result<Option<PostalRecord>> {
    let d = readable(app, who, code).await?;
    Ok(app.store().postal_of(d.id).await?)
}

/// The applicant of dossier `code` chooses return by post with `address` (or changes the
/// address while the result is not with the post). Refusals: `not_the_applicant`,
/// `dossier_ended`, `already_handed`; every field error at once (`address_required`,
/// `unknown_commune`, …), nothing written unless all is valid.
pub async fn choose(app: &App, who: &Principal, code: &str, address: &AddressInput) -> Result<PostalRecord> {
    let d = readable(app, who, code).await?;
    let current = app.store().postal_of(d.id).await?;
    may_choose(who, &d.state, current.as_ref().map(|p| &p.state))?;
    let address = address.validate(&communes(app)).map_err(crate::AppError::Validation)?;
    let c = PostalChoice {
        dossier: &d,
        actor: who.user_id,
        address: &address,
        version: current.as_ref().map(|p| p.version),
        now: OffsetDateTime::now_utc(),
    };
    app.store().choose_post(&c).await?;
    app.store()
        .postal_of(d.id)
        .await?
        .ok_or_else(|| crate::AppError::Internal("a postal choice just stored is missing".into()))
}
