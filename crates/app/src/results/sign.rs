//! Signing a dossier's draft result when the dossier is approved: with the issuing agency's
//! signer, PAdES B-B (or B-T when a time-stamp authority is set), off the async threads.

use bytes::Bytes;
use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::ids::ResultId;
use motcua_domain::result::{ResultError, ResultStatus};
use motcua_signing::SignOptions;
use motcua_storage::{DossierRecord, Signed};

use crate::{App, AppError, Result};

/// What signing did, to undo it if the approval is refused after all.
pub(crate) struct Undo {
    pub id: ResultId,
    pub draft_sha256: String,
    pub draft_size: i64,
}

/// Signs the dossier's draft result (if it has one) for `who` at approval. `Ok(None)`: no
/// draft, nothing signed. A failure leaves the draft as it was.
pub(crate) async fn sign_draft(app: &App, who: &Principal, d: &DossierRecord) -> Result<Option<Undo>> {
    let Some(draft) = app
        .store()
        .results_of(d.id)
        .await?
        .into_iter()
        .find(|r| r.status == ResultStatus::Draft)
    else {
        return Ok(None);
    };
    let signed = sign_bytes(app, who, d, draft.agency, &draft.sha256).await?;
    let size = i64::try_from(signed.pdf.len()).unwrap_or(i64::MAX);
    let sha = app.files().put(Bytes::from(signed.pdf)).await?;
    let s = Signed {
        id: draft.id,
        dossier_code: &d.code,
        sha256: &sha,
        size_bytes: size,
        signed_by: who.user_id,
        signer_subject: &signed.subject,
        now: OffsetDateTime::now_utc(),
    };
    if !app.store().mark_result_signed(&s).await? {
        return Err(AppError::Conflict("result"));
    }
    Ok(Some(Undo {
        id: draft.id,
        draft_sha256: draft.sha256,
        draft_size: draft.size_bytes,
    }))
}

/// Puts a result signed for a refused approval back to its draft.
pub(crate) async fn unsign(app: &App, undo: &Undo) -> Result<()> {
    Ok(app
        .store()
        .unmark_result_signed(undo.id, &undo.draft_sha256, undo.draft_size)
        .await?)
}

/// A signed PDF and the signer's subject.
pub(super) struct SignedPdf {
    pub pdf: Vec<u8>,
    pub subject: String,
}

/// Signs the PDF stored under `sha256` with the signer of `agency`.
pub(super) async fn sign_bytes(
    app: &App,
    who: &Principal,
    d: &DossierRecord,
    agency: motcua_domain::ids::AgencyId,
    sha256: &str,
) -> Result<SignedPdf> {
    let settings = app.settings().signing.as_ref().ok_or(ResultError::NoCertificate)?;
    let code = app
        .catalogue()
        .agency_by_id(agency)
        .map(|a| a.code.clone())
        .ok_or(AppError::NotFound)?;
    let signer = settings.signers.get(&code).cloned().ok_or(ResultError::NoCertificate)?;
    let pdf = app.files().get(sha256).await?;
    let subject = signer
        .certificate_chain()
        .first()
        .map(|c| c.tbs_certificate().subject().to_string())
        .unwrap_or_default();
    let mut options = SignOptions::at(OffsetDateTime::now_utc());
    options.reason = Some(format!("Ký số kết quả giải quyết hồ sơ {}", d.code));
    options.signer_name = Some(who.display_name.clone());
    options.location = app.catalogue().agency_by_id(agency).map(|a| a.name.clone());
    let fail = |e: motcua_signing::Error| {
        tracing::warn!(code = e.code(), dossier = d.code.as_str(), "signing a result failed");
        AppError::from(ResultError::NotSignable)
    };
    let pdf = match &settings.timestamp {
        None => {
            let signer = signer.clone();
            tokio::task::spawn_blocking(move || motcua_signing::sign_pdf(&pdf, signer.as_ref(), &options))
                .await
                .map_err(|e| AppError::Internal(format!("signing stopped: {e}")))?
                .map_err(fail)?
        }
        Some(tsa) => {
            let signer2 = signer.clone();
            let (prepared, signature) = tokio::task::spawn_blocking(move || {
                let prepared = motcua_signing::prepare(&pdf, signer2.certificate_chain(), &options)?;
                let signature = signer2.sign(prepared.to_be_signed())?;
                Ok::<_, motcua_signing::Error>((prepared, signature))
            })
            .await
            .map_err(|e| AppError::Internal(format!("signing stopped: {e}")))?
            .map_err(fail)?;
            motcua_signing::finish_with_timestamp(prepared, &signature, tsa)
                .await
                .map_err(fail)?
        }
    };
    Ok(SignedPdf { pdf, subject })
}
