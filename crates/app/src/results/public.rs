//! The public verification page of a result (`/xac-thuc/{id}`): what it is, who issued it
//! and when, its SHA-256, whether its signature is valid, whether it was revoked or
//! replaced (and why), and whether an uploaded file is the very same document.

use bytes::Bytes;
use sha2::{Digest, Sha256};

use motcua_domain::result::ResultStatus;
use motcua_storage::ResultRecord;

use crate::{App, AppError, Result};

/// What the public page shows.
#[derive(Debug, Clone)]
pub struct Verification {
    pub result: ResultRecord,
    pub procedure: String,
    pub agency: String,
    /// The signature checked now against the trusted roots; `None` when it could not be
    /// read at all.
    pub signature_valid: Option<bool>,
    /// The signer's subject as the signature states it.
    pub signer: Option<String>,
    /// Problems found, for the details section.
    pub problems: Vec<String>,
    /// The public id of the result that replaced this one.
    pub replaced_by: Option<String>,
    /// Issued with the demo CA.
    pub demo: bool,
}

/// The result a public id names (drafts are not public: not found).
async fn public_result(app: &App, public_id: &str) -> Result<ResultRecord> {
    let r = app
        .store()
        .result_by_public_id(public_id.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    if !r.status.is_public() {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

/// The public page of a result.
pub async fn verification(app: &App, public_id: &str) -> Result<Verification> {
    let r = public_result(app, public_id).await?;
    let d = app.store().dossier(r.dossier).await?.ok_or(AppError::NotFound)?;
    let cat = app.catalogue();
    let procedure = cat
        .by_id(d.procedure_id)
        .map(|e| e.procedure.name.clone())
        .unwrap_or_default();
    let agency = cat.agency_by_id(r.agency).map(|a| a.name.clone()).unwrap_or_default();
    let roots = app
        .settings()
        .signing
        .as_ref()
        .map(|s| s.trusted_roots.clone())
        .unwrap_or_default();
    let pdf = app.files().get(&r.sha256).await?;
    let report = tokio::task::spawn_blocking(move || motcua_signing::verify(&pdf, &roots))
        .await
        .map_err(|e| AppError::Internal(format!("verification stopped: {e}")))?;
    let (signature_valid, signer, problems) = match report {
        Ok(doc) => match doc.signatures.last() {
            Some(s) => (Some(s.is_valid()), s.signer_subject.clone(), s.problems.clone()),
            None => (Some(false), None, vec!["no signature".into()]),
        },
        Err(e) => (None, None, vec![e.code().to_owned()]),
    };
    let replaced_by = match r.replaced_by {
        Some(id) => app
            .store()
            .results_of(r.dossier)
            .await?
            .into_iter()
            .find(|x| x.id == id)
            .map(|x| x.public_id),
        None => None,
    };
    Ok(Verification {
        demo: app.settings().signing.as_ref().is_some_and(|s| s.demo),
        result: r,
        procedure,
        agency,
        signature_valid,
        signer,
        problems,
        replaced_by,
    })
}

/// Whether an uploaded file is the published result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub same: bool,
    /// The uploaded file's SHA-256.
    pub sha256: String,
    pub status: ResultStatus,
}

/// Compares an uploaded file with the result a public id names (by SHA-256 of the bytes).
pub async fn compare(app: &App, public_id: &str, file: Bytes) -> Result<Comparison> {
    let r = public_result(app, public_id).await?;
    if file.is_empty() {
        return Err(AppError::invalid("file", "file_empty"));
    }
    let max = app.settings().max_upload_bytes;
    if file.len() > max {
        return Err(AppError::Validation(vec![motcua_domain::FieldError {
            field: "file".into(),
            code: "file_too_large",
            detail: Some((max / (1024 * 1024)).to_string()),
        }]));
    }
    let sha256: String = Sha256::digest(&file).iter().map(|b| format!("{b:02x}")).collect();
    Ok(Comparison {
        same: sha256 == r.sha256,
        sha256,
        status: r.status,
    })
}

/// The roots results are checked against, as PEM: what a bank or another agency gives
/// `pdfsig` or pyHanko to verify a result on its own (not found when nothing signs here).
pub fn trusted_roots_pem(app: &App) -> Result<String> {
    let signing = app.settings().signing.as_ref().ok_or(AppError::NotFound)?;
    motcua_signing::credentials::certificates_pem(&signing.trusted_roots)
        .map_err(|e| AppError::Internal(format!("trusted roots as PEM: {e}")))
}
