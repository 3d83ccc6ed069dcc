//! The one-stop officers' records of a parcel sent by post.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::dossier::{Action, ResultMethod, Status};
use motcua_domain::postal::{PostalError, PostalEvent, apply, may_record};
use motcua_storage::{PostalRecord, PostalStep};

use super::today;
use crate::dossiers::{act, readable};
use crate::{App, AppError, Result};

/// Records `event` for dossier `code`: one-stop officers of the receiving agency only
/// (`role_required`). Handing a processed dossier's result to the post returns the result
/// by post first (the engine's `return_result`, with its own checks: the fee paid, the
/// officer at the step); the event is checked before anything is written.
pub async fn record(app: &App, who: &Principal, code: &str, event: &PostalEvent) -> Result<PostalRecord> {
    let mut d = readable(app, who, code).await?;
    if !may_record(who, d.receiving_agency_id) {
        return Err(PostalError::RoleRequired.into());
    }
    let current = app.store().postal_of(d.id).await?;
    let after = apply(current.as_ref().map(|p| &p.state), d.state.status, event, today())?;
    let Some(current) = current else {
        return Err(PostalError::NotChosen.into());
    };
    if matches!(event, PostalEvent::HandedToPost { .. }) && d.state.status == Status::Processed {
        let method = ResultMethod::Post;
        d = act(app, who, code, d.version, Action::ReturnResult { method }).await?;
    }
    let step = PostalStep {
        dossier: &d,
        actor: who.user_id,
        version: current.version,
        event,
        after: &after,
        now: OffsetDateTime::now_utc(),
    };
    app.store().record_postal(&step).await?;
    app.store()
        .postal_of(d.id)
        .await?
        .ok_or_else(|| AppError::Internal("a postal record just written is missing".into()))
}
