//! A dossier's result for its readers (the signed one; officers also see a draft), and the
//! issuing agency's revocation and corrected re-issue.

use bytes::Bytes;
use time::OffsetDateTime;

use motcua_domain::account::Principal;
use motcua_domain::result::{ResultError, ResultStatus, check_reason, may_revoke};
use motcua_storage::{ResultRecord, Signed};

use super::prepare::{generate_for, upload_for};
use super::sign::sign_bytes;
use crate::dossiers::readable;
use crate::{App, AppError, Result};

/// A dossier's results as its reader may see them.
#[derive(Debug, Clone)]
pub struct Current {
    /// The signed result, if any.
    pub signed: Option<ResultRecord>,
    /// The draft waiting for approval (officers only).
    pub draft: Option<ResultRecord>,
    /// Revoked and replaced ones, newest first.
    pub closed: Vec<ResultRecord>,
}

/// The results of dossier `code` for `who` (404 for those who may not read it).
pub async fn current(app: &App, who: &Principal, code: &str) -> Result<Current> {
    let d = readable(app, who, code).await?;
    let all = app.store().results_of(d.id).await?;
    let officer = who.is_officer();
    Ok(Current {
        signed: all.iter().find(|r| r.status == ResultStatus::Signed).cloned(),
        draft: all.iter().find(|r| r.status == ResultStatus::Draft && officer).cloned(),
        closed: all
            .iter()
            .filter(|r| matches!(r.status, ResultStatus::Revoked | ResultStatus::Replaced))
            .cloned()
            .collect(),
    })
}

/// The PDF of one of dossier `code`'s results (drafts for officers only) and its file name.
pub async fn download(app: &App, who: &Principal, code: &str, public_id: &str) -> Result<(Bytes, String)> {
    let d = readable(app, who, code).await?;
    let r = app
        .store()
        .results_of(d.id)
        .await?
        .into_iter()
        .find(|r| r.public_id == public_id)
        .filter(|r| r.status != ResultStatus::Draft || who.is_officer())
        .ok_or(AppError::NotFound)?;
    let name = format!("ket-qua-{}-{}.pdf", d.code, r.status.as_str());
    Ok((app.files().get(&r.sha256).await?, name))
}

async fn signed_of(app: &App, who: &Principal, code: &str) -> Result<(motcua_storage::DossierRecord, ResultRecord)> {
    let d = readable(app, who, code).await?;
    let signed = app
        .store()
        .results_of(d.id)
        .await?
        .into_iter()
        .find(|r| r.status == ResultStatus::Signed)
        .ok_or(ResultError::NotSigned)?;
    may_revoke(who, signed.agency)?;
    Ok((d, signed))
}

/// Revokes the dossier's signed result with a public reason (a leader of the issuing agency).
pub async fn revoke(app: &App, who: &Principal, code: &str, reason: &str) -> Result<()> {
    let reason = check_reason(reason)?;
    let (d, signed) = signed_of(app, who, code).await?;
    if app
        .store()
        .revoke_result(signed.id, &d.code, who.user_id, &reason, OffsetDateTime::now_utc())
        .await?
    {
        withdraw_from_store(app, who, &d, &signed.sha256).await;
        Ok(())
    } else {
        Err(ResultError::NotSigned.into())
    }
}

/// What a corrected re-issue is made from.
pub enum Correction {
    /// A corrected PDF made elsewhere.
    Upload(Bytes),
    /// Typeset again from the dossier, signed as `signer_title`.
    Generate { signer_title: String },
}

/// Issues a corrected result (đính chính): prepared from `correction`, signed now by the
/// leader, replacing the signed one with a public reason.
pub async fn reissue(
    app: &App,
    who: &Principal,
    code: &str,
    reason: &str,
    number: &str,
    correction: Correction,
) -> Result<()> {
    let reason = check_reason(reason)?;
    let (d, old) = signed_of(app, who, code).await?;
    let draft_id = match correction {
        Correction::Upload(pdf) => upload_for(app, who, &d, number, pdf).await?,
        Correction::Generate { signer_title } => generate_for(app, who, &d, number, &signer_title).await?,
    };
    let draft = app
        .store()
        .results_of(d.id)
        .await?
        .into_iter()
        .find(|r| r.id == draft_id)
        .ok_or(AppError::NotFound)?;
    let signed = sign_bytes(app, who, &d, old.agency, &draft.sha256).await?;
    let size = i64::try_from(signed.pdf.len()).unwrap_or(i64::MAX);
    let sha = app.files().put(Bytes::from(signed.pdf)).await?;
    let s = Signed {
        id: draft_id,
        dossier_code: &d.code,
        sha256: &sha,
        size_bytes: size,
        signed_by: who.user_id,
        signer_subject: &signed.subject,
        now: OffsetDateTime::now_utc(),
    };
    app.store().reissue_result(old.id, &s, &reason).await?;
    // The applicant's store holds the corrected result instead of the replaced one.
    withdraw_from_store(app, who, &d, &old.sha256).await;
    if let Err(e) = keep_in_store(app, who, &d).await {
        tracing::warn!(error = %e, dossier = %d.code, "keeping the corrected result in the applicant's store failed");
    }
    Ok(())
}

/// Takes a closed result out of the applicant's store (logged when it fails: the public
/// page says it was closed either way).
async fn withdraw_from_store(app: &App, who: &Principal, d: &motcua_storage::DossierRecord, sha256: &str) {
    if let Err(e) = app
        .store()
        .withdraw_result_documents(d.id, sha256, who.user_id, OffsetDateTime::now_utc())
        .await
    {
        tracing::warn!(error = %e, dossier = %d.code, "withdrawing a closed result from the applicant's store failed");
    }
}

/// Keeps dossier `d`'s signed result in its applicant's document store (origin `result`;
/// the same file again is the same document). Nothing when there is no signed result or
/// no applicant account.
pub async fn keep_in_store(app: &App, who: &Principal, d: &motcua_storage::DossierRecord) -> Result<()> {
    let results = app.store().results_of(d.id).await?;
    let Some(r) = results.iter().find(|r| r.status == ResultStatus::Signed) else {
        return Ok(());
    };
    let file = crate::documents::ResultFile {
        sha256: r.sha256.clone(),
        content_type: "application/pdf".into(),
        size_bytes: r.size_bytes,
        file_name: format!("{}.pdf", d.code),
        title: if r.number.is_empty() {
            r.title.clone()
        } else {
            format!("{} số {}", r.title, r.number)
        },
        // Typed by what its title names, so that the next dossier needing one is offered it.
        document_type: motcua_domain::documents::type_named_by(&r.title).map(|t| t.code.clone()),
        issued_on: r.signed_at.map(|t| t.to_offset(time::macros::offset!(+7)).date()),
    };
    crate::documents::keep_result(app, Some(who.user_id), d, &file).await?;
    Ok(())
}
