//! Who a dossier is for (and who files it on their behalf). Personal data: never logged,
//! never shown on public pages.

use serde::{Deserialize, Serialize};

use crate::account::{normalise_email, normalise_phone};
use crate::procedure::form::is_identity_number;
use crate::validation::Validation;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Applicant {
    pub full_name: String,
    /// CCCD / personal identification number, or the organisation's tax code for businesses.
    pub id_number: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// Name of the organisation, when the applicant is one.
    pub organisation: String,
    /// Filed on someone else's behalf: the representative's name and authorisation.
    pub representative: Option<Representative>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Representative {
    pub full_name: String,
    pub id_number: String,
    /// Number and date of the authorisation document (giấy ủy quyền).
    pub authorisation: String,
}

/// A business tax code: 10 digits, or 10 digits, a dash and 3 (branches).
fn is_tax_code(s: &str) -> bool {
    let (main, branch) = s.split_once('-').map_or((s, None), |(a, b)| (a, Some(b)));
    main.len() == 10
        && main.bytes().all(|b| b.is_ascii_digit())
        && branch.is_none_or(|b| b.len() == 3 && b.bytes().all(|c| c.is_ascii_digit()))
}

impl Applicant {
    pub fn validate(&self) -> Validation {
        let mut v = Validation::new();
        v.text("full_name", &self.full_name, 150);
        v.text("address", &self.address, 500);
        v.optional_text("organisation", &self.organisation, 300);
        let id = self.id_number.trim();
        if id.is_empty() {
            v.push("id_number", "required", None);
        } else if !(is_identity_number(id) || (!self.organisation.trim().is_empty() && is_tax_code(id))) {
            v.push("id_number", "invalid_identity_number", None);
        }
        if self.phone.trim().is_empty() {
            v.push("phone", "required", None);
        } else if normalise_phone(&self.phone).is_none() {
            v.push("phone", "invalid_format", Some("0xxxxxxxxx".into()));
        }
        if !self.email.trim().is_empty() && normalise_email(&self.email).is_none() {
            v.push("email", "invalid_format", Some("ten@mien.vn".into()));
        }
        if let Some(r) = &self.representative {
            let mut rv = Validation::new();
            rv.text("full_name", &r.full_name, 150);
            if !is_identity_number(r.id_number.trim()) {
                rv.push("id_number", "invalid_identity_number", None);
            }
            rv.text("authorisation", &r.authorisation, 300);
            v.nest("representative", rv);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applicants_and_representatives() {
        let mut a = Applicant {
            full_name: "Nguyễn Thị Lan".into(),
            id_number: "066190001234".into(),
            address: "12 Lê Duẩn, phường Buôn Ma Thuột, Đắk Lắk".into(),
            phone: "0912 345 678".into(),
            ..Applicant::default()
        };
        assert!(a.validate().is_empty(), "{:?}", a.validate().errors());
        a.id_number = "0401234567".into();
        assert_eq!(
            a.validate().errors()[0].code,
            "invalid_identity_number",
            "a tax code needs an organisation"
        );
        a.organisation = "Công ty TNHH Cà phê Ban Mê".into();
        assert!(a.validate().is_empty());
        a.representative = Some(Representative {
            full_name: "Trần Văn B".into(),
            id_number: "1".into(),
            authorisation: String::new(),
        });
        let fields: Vec<_> = a.validate().into_errors().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["representative/id_number", "representative/authorisation"]);
    }
}
