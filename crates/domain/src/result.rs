//! Electronic results (kết quả điện tử): the document a dossier ends with, prepared by the
//! officer processing it, signed by the agency when the dossier is approved, verifiable by
//! anyone through its public page, and revocable or replaced (đính chính) by the agency.
//!
//! ```text
//! draft ── approval signs ──► signed ── revoked by the agency ──► revoked
//!                               └──── corrected re-issue ───────► replaced (by a new signed one)
//! ```

use serde::{Deserialize, Serialize};

use crate::account::{Principal, Role};
use crate::dossier::permitted::check;
use crate::dossier::{ActionKind, Actor, Context, DossierState, Status};
use crate::ids::AgencyId;

/// Where a result's PDF came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultKind {
    /// Uploaded by the officer (a PDF made elsewhere), stamped with the verification QR code.
    Uploaded,
    /// Typeset from the procedure's result template and the dossier's data.
    Generated,
}

impl ResultKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResultKind::Uploaded => "uploaded",
            ResultKind::Generated => "generated",
        }
    }

    pub fn parse(s: &str) -> Option<ResultKind> {
        [ResultKind::Uploaded, ResultKind::Generated]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A result's state. The names are part of the API and the public page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultStatus {
    /// Prepared, not signed yet; only officers see it.
    Draft,
    /// Signed by the agency: the dossier's result.
    Signed,
    /// Withdrawn by the agency, with a public reason.
    Revoked,
    /// Replaced by a corrected re-issue, with a public reason.
    Replaced,
}

impl ResultStatus {
    pub const ALL: [ResultStatus; 4] = [
        ResultStatus::Draft,
        ResultStatus::Signed,
        ResultStatus::Revoked,
        ResultStatus::Replaced,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResultStatus::Draft => "draft",
            ResultStatus::Signed => "signed",
            ResultStatus::Revoked => "revoked",
            ResultStatus::Replaced => "replaced",
        }
    }

    pub fn parse(s: &str) -> Option<ResultStatus> {
        ResultStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the public page shows the document (signed, revoked or replaced; never a
    /// draft).
    pub fn is_public(self) -> bool {
        self != ResultStatus::Draft
    }
}

/// Why a result step is refused. Each has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResultError {
    #[error("the result is prepared by the officer processing the dossier, while it is processed")]
    NotProcessing,
    #[error("the dossier has a signed result already")]
    AlreadySigned,
    #[error("only a leader of the issuing agency may do this")]
    LeaderRequired,
    #[error("the result is not signed")]
    NotSigned,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the agency has no signing certificate")]
    NoCertificate,
    #[error("the file is not a PDF that can be signed")]
    NotSignable,
}

impl ResultError {
    pub fn code(&self) -> &'static str {
        match self {
            ResultError::NotProcessing => "result_not_now",
            ResultError::AlreadySigned => "result_already_signed",
            ResultError::LeaderRequired => "leader_required",
            ResultError::NotSigned => "result_not_signed",
            ResultError::ReasonRequired => "reason_required",
            ResultError::NoCertificate => "no_signing_certificate",
            ResultError::NotSignable => "pdf_not_signable",
        }
    }
}

/// Whether `who` may prepare (upload or generate) the result of a dossier now: while it is
/// being processed, by whoever may move it on from its current step (forward it, approve
/// it, or mark it processed) — the engine's own rule, so that the page offers the form to
/// exactly those people.
pub fn may_prepare(ctx: &Context, state: &DossierState, who: &Principal) -> Result<(), ResultError> {
    if state.status != Status::Received {
        return Err(ResultError::NotProcessing);
    }
    let actor = Actor::Officer(who);
    let moves_on = [ActionKind::Forward, ActionKind::Approve, ActionKind::MarkProcessed]
        .into_iter()
        .any(|k| check(ctx, state, actor, k).is_ok());
    if moves_on {
        Ok(())
    } else {
        Err(ResultError::NotProcessing)
    }
}

/// Whether an action signs the dossier's prepared result: the one that makes it processed.
pub fn signs_the_result(kind: ActionKind) -> bool {
    matches!(kind, ActionKind::Approve | ActionKind::MarkProcessed)
}

/// Whether `who` may revoke or re-issue a signed result issued by `agency`.
pub fn may_revoke(who: &Principal, agency: AgencyId) -> Result<(), ResultError> {
    if who.holds(Role::Leader, agency, None) || who.is_system_admin() {
        Ok(())
    } else {
        Err(ResultError::LeaderRequired)
    }
}

/// A revocation or correction reason: required, plain, at most 1,000 characters.
pub fn check_reason(reason: &str) -> Result<String, ResultError> {
    let reason = crate::text::nfc(reason.trim());
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(ResultError::ReasonRequired);
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for s in ResultStatus::ALL {
            assert_eq!(ResultStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ResultKind::parse("uploaded"), Some(ResultKind::Uploaded));
        assert!(!ResultStatus::Draft.is_public() && ResultStatus::Revoked.is_public());
        assert!(signs_the_result(ActionKind::Approve) && !signs_the_result(ActionKind::Forward));
    }

    #[test]
    fn reasons_are_required_and_bounded() {
        assert_eq!(check_reason("  "), Err(ResultError::ReasonRequired));
        assert_eq!(check_reason(&"a".repeat(1001)), Err(ResultError::ReasonRequired));
        assert_eq!(check_reason(" Sai ngày sinh "), Ok("Sai ngày sinh".into()));
    }
}
