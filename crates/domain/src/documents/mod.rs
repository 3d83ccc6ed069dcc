//! The citizen's document store (kho dữ liệu): the catalogue of document types that lets a
//! document kept from one dossier stand in for a component of another, where a kept
//! document came from, and who may read, add, push and reuse documents.

use std::sync::OnceLock;

use serde::Deserialize;
use time::Date;

use crate::account::Principal;
use crate::dossier::DossierState;
use crate::ids::{AgencyId, UserId};
use crate::procedure::Component;
use crate::validation::Validation;

/// Longest title of a kept document, in characters.
pub const TITLE_MAX: usize = 200;

/// A kind of document a citizen holds (thẻ căn cước, giấy khai sinh, …), with a stable code
/// that procedures' components name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentType {
    /// Stable code (`cccd`, `giay_khai_sinh`): part of the catalogue format and the API.
    pub code: String,
    /// Name in Vietnamese.
    pub vi: String,
    /// Name in English.
    pub en: String,
}

/// Every document type, in the order of `types.json`.
pub fn types() -> &'static [DocumentType] {
    static TYPES: OnceLock<Vec<DocumentType>> = OnceLock::new();
    TYPES.get_or_init(|| {
        serde_json::from_str(include_str!("types.json"))
            .expect("types.json is embedded and checked by documents::tests")
    })
}

/// The type with this code.
pub fn document_type(code: &str) -> Option<&'static DocumentType> {
    types().iter().find(|t| t.code == code)
}

/// The document type a result's title names ("Trích lục khai sinh (bản chính)" is a
/// `trich_luc_khai_sinh`): the type one of whose Vietnamese names (comma-separated) begins
/// the title, ignoring case; the longest such name wins.
pub fn type_named_by(title: &str) -> Option<&'static DocumentType> {
    let title = title.trim().to_lowercase();
    types()
        .iter()
        .flat_map(|t| t.vi.split(", ").map(move |name| (t, name.trim().to_lowercase())))
        .filter(|(_, name)| !name.is_empty() && title.starts_with(name.as_str()))
        .max_by_key(|(_, name)| name.chars().count())
        .map(|(t, _)| t)
}

/// Where a kept document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A component of a dossier, kept when the dossier was received (accepted).
    Component,
    /// A result of a dossier, or a dossier's file an officer pushed to the applicant.
    Result,
    /// Added by the citizen themselves.
    Citizen,
}

impl Origin {
    pub const ALL: [Origin; 3] = [Origin::Component, Origin::Result, Origin::Citizen];

    /// The name (also the key of its label and the API's word).
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Component => "component",
            Origin::Result => "result",
            Origin::Citizen => "citizen",
        }
    }

    pub fn parse(s: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// The file extension (as in `procedure::FILE_TYPES`) of a stored content type.
pub fn extension_of(content_type: &str) -> Option<&'static str> {
    Some(match content_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "application/msword" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/xml" | "text/xml" => "xml",
        _ => return None,
    })
}

/// Whether `component` accepts files of the extension `ext` (`jpeg` and `jpg` alike).
pub fn accepts(component: &Component, ext: &str) -> bool {
    component
        .file_types
        .iter()
        .any(|t| t == ext || (ext == "jpg" && t == "jpeg"))
}

/// Why a kept document cannot stand for a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReuseRefusal {
    /// The component names no document type: only an upload will do.
    #[error("this component takes no kept document")]
    NotReusable,
    /// The document is of another type than the component asks for.
    #[error("the document is of another type")]
    TypeMismatch,
    /// The component does not accept the document's file type.
    #[error("the component does not accept this file type")]
    FileType,
}

impl ReuseRefusal {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            ReuseRefusal::NotReusable => "not_reusable",
            ReuseRefusal::TypeMismatch => "type_mismatch",
            ReuseRefusal::FileType => "file_type",
        }
    }
}

/// Whether a kept document of type `doc_type`, stored as `content_type`, may stand for
/// `component` in a new dossier.
pub fn may_reuse(component: &Component, doc_type: Option<&str>, content_type: &str) -> Result<(), ReuseRefusal> {
    let wanted = component.document_type.as_deref().ok_or(ReuseRefusal::NotReusable)?;
    if doc_type != Some(wanted) {
        return Err(ReuseRefusal::TypeMismatch);
    }
    match extension_of(content_type) {
        Some(ext) if accepts(component, ext) => Ok(()),
        _ => Err(ReuseRefusal::FileType),
    }
}

/// Only a document's owner sees, downloads, reuses or deletes it.
pub fn is_owner(who: &Principal, owner: UserId) -> bool {
    who.user_id == owner
}

/// Who may push a file of a dossier to its applicant's store: officers of the agency that
/// received the dossier or of the agency handling it now, when the dossier has an applicant
/// account to receive it.
pub fn may_push(who: &Principal, receiving_agency: AgencyId, state: &DossierState) -> bool {
    who.is_officer()
        && state.applicant_id.is_some()
        && (who.works_at(receiving_agency, None) || who.works_at(state.agency_id, None))
}

/// A document a citizen adds to their store, or the type and title an officer gives a file
/// pushed to the applicant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentInput {
    /// A code of `types()`, or empty for a document of no listed type.
    pub document_type: String,
    pub title: String,
    /// When the document was issued, if known.
    pub issued_on: Option<Date>,
}

impl DocumentInput {
    /// Checks the title (required, at most `TITLE_MAX` characters), the type (listed) and
    /// the issue date (not after `today`).
    pub fn validate(&self, today: Date) -> Validation {
        let mut v = Validation::new();
        if !self.document_type.is_empty() && document_type(&self.document_type).is_none() {
            v.push("document_type", "unknown_document_type", None);
        }
        v.text("title", &self.title, TITLE_MAX);
        if self.title.chars().any(char::is_control) {
            v.push("title", "invalid_format", None);
        }
        if self.issued_on.is_some_and(|d| d > today) {
            v.push("issued_on", "date_in_future", None);
        }
        v
    }

    /// The type, if one was given.
    pub fn type_code(&self) -> Option<&str> {
        (!self.document_type.is_empty()).then_some(self.document_type.as_str())
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod named_by_tests {
    use super::type_named_by;

    #[test]
    fn a_result_title_names_its_document_type() {
        let code = |t: &str| type_named_by(t).map(|d| d.code.as_str());
        assert_eq!(
            code("TRÍCH LỤC KHAI SINH (BẢN CHÍNH); SỐ ĐỊNH DANH"),
            Some("trich_luc_khai_sinh")
        );
        assert_eq!(code("Giấy chứng nhận kết hôn"), Some("trich_luc_ket_hon"));
        assert_eq!(code("Phiếu lý lịch tư pháp số 1"), Some("phieu_ly_lich_tu_phap"));
        assert_eq!(code("Quyết định giao đất"), None);
        assert_eq!(code(""), None);
    }
}
