//! Giving or changing a rating.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::ids::UserId;
use motcua_domain::rating::{EDIT_WINDOW, RatingInput, may_rate};
use motcua_storage::{DossierRecord, NewRating, RatingChange, RatingHandler, RatingRecord};

use crate::dossiers::readable;
use crate::{App, AppError, Result};

/// The rating of dossier `code`, for those who may read the dossier (`NotFound` for
/// everyone else).
pub async fn rating(app: &App, who: &Principal, code: &str) -> Result<Option<RatingRecord>> {
    let d = readable(app, who, code).await?;
    Ok(app.store().rating_of(d.id).await?)
}

/// The officers who acted on the dossier, each in the agency they acted in and the unit of
/// their role there (as the timeline names them).
async fn handlers(app: &App, d: &DossierRecord) -> Result<Vec<RatingHandler>> {
    let history = app.store().dossier_history(d.id).await?;
    let mut people: HashMap<UserId, Option<Principal>> = HashMap::new();
    let mut out: Vec<RatingHandler> = Vec::new();
    for h in history {
        let Some(id) = h.actor_id.filter(|id| Some(*id) != d.state.applicant_id) else {
            continue;
        };
        if let Entry::Vacant(slot) = people.entry(id) {
            slot.insert(app.store().principal(id).await?);
        }
        let Some(p) = people.get(&id).cloned().flatten().filter(Principal::is_officer) else {
            continue;
        };
        let grant = p
            .grants
            .iter()
            .find(|g| g.agency_id == h.agency_id)
            .or_else(|| p.grants.iter().find(|g| g.agency_id == d.receiving_agency_id));
        let handler = RatingHandler {
            user_id: id,
            agency_id: grant.map_or(h.agency_id, |g| g.agency_id),
            unit_id: grant.and_then(|g| g.unit_id),
        };
        if !out
            .iter()
            .any(|x| x.user_id == handler.user_id && x.agency_id == handler.agency_id)
        {
            out.push(handler);
        }
    }
    Ok(out)
}

/// Rates dossier `code` (or changes its rating, seen at `version` when the caller gives
/// one). Refusals: `not_the_applicant`, `not_finished`, `already_rated` (seven days after
/// the first rating); field errors for the content; `NotFound` for those who may not read
/// the dossier; a change seen at another version is `Conflict("version")`.
pub async fn rate(
    app: &App,
    who: &Principal,
    code: &str,
    input: &RatingInput,
    version: Option<i64>,
) -> Result<RatingRecord> {
    let d = readable(app, who, code).await?;
    let now = OffsetDateTime::now_utc();
    let existing = app.store().rating_of(d.id).await?;
    may_rate(who, &d.state, existing.as_ref().map(|r| r.rated_at), now)?;
    let rating = input.validate().map_err(AppError::Validation)?;
    match existing {
        None => {
            let handlers = handlers(app, &d).await?;
            let new = NewRating {
                dossier_id: d.id,
                dossier_code: &d.code,
                applicant_id: who.user_id,
                agency_id: d.receiving_agency_id,
                rating: &rating,
                handlers: &handlers,
                now,
            };
            app.store().add_rating(&new).await?;
        }
        Some(old) => {
            if version.is_some_and(|v| v != old.version) {
                return Err(AppError::Conflict("version"));
            }
            let change = RatingChange {
                dossier_id: d.id,
                dossier_code: &d.code,
                actor: who.user_id,
                version: old.version,
                rating: &rating,
                rated_after: now.saturating_sub(EDIT_WINDOW),
                now,
            };
            app.store().change_rating(&change).await?;
        }
    }
    app.store()
        .rating_of(d.id)
        .await?
        .ok_or_else(|| AppError::Internal("a rating just stored is missing".into()))
}
