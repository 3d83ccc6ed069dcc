//! The delivery address fields of return by post, shared by the check page of a filing and
//! the dossier's page: as typed, and as the form shows them (values, communes, errors).

use serde::Deserialize;

use motcua_domain::FieldError;
use motcua_domain::postal::{AddressInput, Commune, DeliveryAddress};

use crate::i18n::Tr;
use crate::portal::view::{FormErrors, SelectOption};

/// The address fields as posted.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AddressFields {
    pub recipient: String,
    pub phone: String,
    pub street: String,
    pub commune: String,
}

impl AddressFields {
    pub fn input(&self) -> AddressInput {
        AddressInput {
            recipient: self.recipient.clone(),
            phone: self.phone.clone(),
            street: self.street.clone(),
            commune: self.commune.clone(),
        }
    }

    /// The fields of a stored address.
    pub fn of(a: &DeliveryAddress) -> Self {
        AddressFields {
            recipient: a.recipient.clone(),
            phone: a.phone.clone(),
            street: a.street.clone(),
            commune: a.commune_code.clone(),
        }
    }
}

/// The address fields as a form draws them (ids `postal-recipient`, …).
pub struct AddressForm {
    pub recipient: String,
    pub phone: String,
    pub street: String,
    pub communes: Vec<SelectOption>,
    pub errors: FormErrors,
}

/// The fields' labels and anchors, for the error summary.
pub fn labels(t: Tr) -> [(&'static str, &'static str, String); 4] {
    [
        ("recipient", t.t("post.recipient"), "postal-recipient".to_owned()),
        ("phone", t.t("post.phone"), "postal-phone".to_owned()),
        ("street", t.t("post.street"), "postal-street".to_owned()),
        ("commune", t.t("post.commune"), "postal-commune".to_owned()),
    ]
}

impl AddressForm {
    pub fn new(t: Tr, typed: &AddressFields, communes: &[Commune], errors: &[FieldError]) -> Self {
        let mut options = vec![SelectOption {
            value: String::new(),
            label: t.t("post.choose_commune").to_owned(),
            selected: typed.commune.is_empty(),
        }];
        options.extend(communes.iter().map(|c| SelectOption {
            value: c.code.clone(),
            label: c.name.clone(),
            selected: c.code == typed.commune,
        }));
        AddressForm {
            recipient: typed.recipient.clone(),
            phone: typed.phone.clone(),
            street: typed.street.clone(),
            communes: options,
            errors: FormErrors::from_fields(t, errors).labelled(labels(t)),
        }
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.has(field)
    }
}

/// A commune's name by code (the code itself when it is not listed any more).
pub fn commune_label(communes: &[Commune], code: &str) -> String {
    communes
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_owned(), |c| c.name.clone())
}
