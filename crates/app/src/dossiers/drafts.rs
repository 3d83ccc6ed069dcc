//! The draft of an online or counter filing, saved after every page.

use serde::{Deserialize, Serialize};

use motcua_domain::account::Principal;
use motcua_domain::dossier::Applicant;
use motcua_domain::ids::ProcedureId;

use crate::{App, Result};

/// A filing in progress (stored as JSON per filer and procedure).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub agency: String,
    pub applicant: Applicant,
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// The filer's draft for a procedure, if any (an unreadable one reads as empty).
pub async fn load_draft(app: &App, who: &Principal, procedure: ProcedureId) -> Result<Option<Draft>> {
    Ok(app
        .store()
        .draft(who.user_id, procedure)
        .await?
        .map(|v| serde_json::from_value(v).unwrap_or_default()))
}

pub async fn save_draft(app: &App, who: &Principal, procedure: ProcedureId, draft: &Draft) -> Result<()> {
    let value = serde_json::to_value(draft).map_err(|e| crate::AppError::Internal(e.to_string()))?;
    Ok(app.store().save_draft(who.user_id, procedure, &value).await?)
}

pub async fn delete_draft(app: &App, who: &Principal, procedure: ProcedureId) -> Result<()> {
    Ok(app.store().delete_draft(who.user_id, procedure).await?)
}
