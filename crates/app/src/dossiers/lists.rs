//! Officers' queues and search, and an applicant's own dossiers.

use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_storage::{Agency, DossierRecord, Queue};

use crate::{App, AppError, Result};

/// The queues of the officers' workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueKind {
    New,
    InProgress,
    DueSoon,
    Overdue,
    WaitingSupplement,
    ResultReady,
}

impl QueueKind {
    fn queue(self) -> Queue {
        match self {
            QueueKind::New => Queue::New,
            QueueKind::InProgress => Queue::InProgress,
            QueueKind::DueSoon => Queue::DueSoon { hours: 48 },
            QueueKind::Overdue => Queue::Overdue,
            QueueKind::WaitingSupplement => Queue::WaitingSupplement,
            QueueKind::ResultReady => Queue::ResultReady,
        }
    }
}

/// The agencies whose queues `who` may see: those where they hold a role, in the
/// catalogue's order.
pub fn workspace_agencies(app: &App, who: &Principal) -> Vec<Agency> {
    app.catalogue()
        .agencies
        .iter()
        .filter(|a| who.works_at(a.id, None))
        .cloned()
        .collect()
}

/// An agency whose workspace `who` may see (`NotFound` for an unknown code, `Forbidden`
/// for an agency where they hold no role).
pub fn workspace_agency(app: &App, who: &Principal, code: &str) -> Result<Agency> {
    let agency = app.catalogue().agency(code).cloned().ok_or(AppError::NotFound)?;
    if who.is_system_admin() || who.works_at(agency.id, None) {
        Ok(agency)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A queue of an agency where `who` works, oldest first (at most 200).
pub async fn queue(app: &App, who: &Principal, agency: &str, kind: QueueKind) -> Result<Vec<DossierRecord>> {
    let agency = workspace_agency(app, who, agency)?;
    Ok(app
        .store()
        .dossier_queue(agency.id, kind.queue(), OffsetDateTime::now_utc(), 200)
        .await?)
}

/// Dossiers of an agency where `who` works whose code or applicant contains `q`, or whose
/// procedure's name does (all without regard to case or diacritics), newest first.
pub async fn search(app: &App, who: &Principal, agency: &str, q: &str) -> Result<Vec<DossierRecord>> {
    let agency = workspace_agency(app, who, agency)?;
    let folded = motcua_domain::text::fold(q.trim());
    let procedures: Vec<_> = app
        .catalogue()
        .procedures
        .iter()
        .filter(|e| motcua_domain::text::fold(&e.procedure.name).contains(&folded))
        .map(|e| e.id)
        .take(200)
        .collect();
    Ok(app.store().search_dossiers(agency.id, q, &procedures, 200).await?)
}

/// The signed-in applicant's dossiers, newest first (at most 200).
pub async fn mine(app: &App, who: &Principal) -> Result<Vec<DossierRecord>> {
    Ok(app.store().applicant_dossiers(who.user_id, 200).await?)
}
