//! A report as a citizen (or an Open311 client, or a chat channel) sends it, and its checks.

use serde::{Deserialize, Serialize};

use super::category::{Answers, Category};
use super::geo::Point;
use crate::account::{normalise_email, normalise_phone};
use crate::text::{nfc, squash_spaces};
use crate::{FieldError, Validation};

/// The longest description accepted (Open311 GeoReport v2).
pub const DESCRIPTION_MAX: usize = 4000;
pub const ADDRESS_MAX: usize = 300;

/// How to reach the reporter; never shown to the public.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// A report as typed: every part is text so that each mistake is reported on its field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewReport {
    pub category: String,
    pub description: String,
    pub answers: Answers,
    pub lat: String,
    pub lon: String,
    pub address: String,
    /// Code of the commune (or other area) the reporter picked, when no point is given.
    pub area: String,
    /// A dossier this feedback is about, if any.
    pub dossier_code: String,
    pub contact: Contact,
    /// Hide the reporter's name from the public.
    pub anonymous: bool,
}

/// A report that passed every check, normalised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidReport {
    pub category: String,
    pub description: String,
    pub answers: Answers,
    pub point: Option<Point>,
    pub address: Option<String>,
    pub area: Option<String>,
    pub dossier_code: Option<String>,
    pub contact: Contact,
    pub anonymous: bool,
}

/// True when the text holds markup (`<b>`, `</p>`, `<!--`, `<?xml`): descriptions are plain text.
pub fn has_markup(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || matches!(w[1], b'/' | b'!' | b'?')))
}

fn optional(s: &str) -> Option<String> {
    let s = squash_spaces(&nfc(s.trim()));
    (!s.is_empty()).then_some(s)
}

impl NewReport {
    /// Checks everything at once against the category (None: unknown category code).
    pub fn validate(&self, category: Option<&Category>) -> Result<ValidReport, Vec<FieldError>> {
        let mut v = Validation::new();
        match category {
            None if self.category.trim().is_empty() => v.push("category", "required", None),
            None => v.push("category", "unknown_category", None),
            Some(c) => v.nest_flat(c.check_answers(&self.answers)),
        }
        let description = nfc(self.description.trim());
        v.text("description", &description, DESCRIPTION_MAX);
        if has_markup(&description) {
            v.push("description", "html_not_allowed", None);
        }
        let point = self.point(&mut v);
        let address = optional(&self.address);
        if let Some(a) = &address {
            v.optional_text("address", a, ADDRESS_MAX);
            if has_markup(a) {
                v.push("address", "html_not_allowed", None);
            }
        }
        let area = optional(&self.area);
        if point.is_none() && address.is_none() && area.is_none() && self.lat.trim().is_empty() {
            v.push("location", "location_required", None);
        }
        let dossier_code = optional(&self.dossier_code).map(|c| c.to_uppercase());
        if let Some(code) = &dossier_code
            && crate::dossier::code::parse(code).is_none()
        {
            v.push("dossier_code", "invalid_dossier_code", None);
        }
        let contact = self.contact(&mut v);
        v.finish()?;
        Ok(ValidReport {
            category: self.category.trim().to_owned(),
            description,
            answers: self.answers.clone(),
            point,
            address,
            area,
            dossier_code,
            contact,
            anonymous: self.anonymous,
        })
    }

    fn point(&self, v: &mut Validation) -> Option<Point> {
        let (lat, lon) = (self.lat.trim(), self.lon.trim());
        match (lat.is_empty(), lon.is_empty()) {
            (true, true) => None,
            (false, true) => {
                v.push("long", "required", None);
                None
            }
            (true, false) => {
                v.push("lat", "required", None);
                None
            }
            (false, false) => match Point::parse(lat, lon) {
                Ok(p) => Some(p),
                Err(e) => {
                    let field = if e == super::geo::GeoError::Longitude {
                        "long"
                    } else {
                        "lat"
                    };
                    v.push(field, e.code(), None);
                    None
                }
            },
        }
    }

    fn contact(&self, v: &mut Validation) -> Contact {
        let c = &self.contact;
        let name = optional(&c.name).unwrap_or_default();
        v.optional_text("contact/name", &name, 150);
        let email = match optional(&c.email) {
            None => String::new(),
            Some(e) => normalise_email(&e).unwrap_or_else(|| {
                v.push("contact/email", "invalid_email", None);
                String::new()
            }),
        };
        let phone = match optional(&c.phone) {
            None => String::new(),
            Some(p) => normalise_phone(&p).unwrap_or_else(|| {
                v.push("contact/phone", "invalid_phone", None);
                String::new()
            }),
        };
        Contact { name, email, phone }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::category::Classification;

    fn category() -> Category {
        Category {
            code: "rac-thai".into(),
            name: "Rác thải".into(),
            name_en: String::new(),
            description: String::new(),
            group: "Môi trường".into(),
            classification: Classification::Service,
            keywords: vec![],
            questions: vec![],
        }
    }

    fn report() -> NewReport {
        NewReport {
            category: "rac-thai".into(),
            description: "Rác tồn đọng ở đầu hẻm 12 Lê Duẩn.".into(),
            lat: "12.6667".into(),
            lon: "108.05".into(),
            ..NewReport::default()
        }
    }

    fn codes(r: &NewReport) -> Vec<(String, &'static str)> {
        r.validate(Some(&category()))
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_plain_report_with_a_point_is_valid() {
        let ok = report().validate(Some(&category())).unwrap();
        assert_eq!(ok.point, Some(Point::new(12.6667, 108.05).unwrap()));
        assert_eq!(ok.address, None);
    }

    #[test]
    fn an_address_alone_is_enough_without_a_map() {
        let r = NewReport {
            lat: String::new(),
            lon: String::new(),
            address: "  12  Lê Duẩn, Buôn Ma Thuột ".into(),
            ..report()
        };
        let ok = r.validate(Some(&category())).unwrap();
        assert_eq!(ok.address.as_deref(), Some("12 Lê Duẩn, Buôn Ma Thuột"));
    }

    #[test]
    fn descriptions_must_be_present_plain_and_at_most_4000_characters() {
        let empty = NewReport {
            description: "   ".into(),
            ..report()
        };
        assert_eq!(codes(&empty), vec![("description".into(), "required")]);
        let html = NewReport {
            description: "Xem <script>alert(1)</script>".into(),
            ..report()
        };
        assert_eq!(codes(&html), vec![("description".into(), "html_not_allowed")]);
        let long = NewReport {
            description: "ạ".repeat(4001),
            ..report()
        };
        assert_eq!(codes(&long), vec![("description".into(), "too_long")]);
        let exact = NewReport {
            description: "ạ".repeat(4000),
            ..report()
        };
        assert!(exact.validate(Some(&category())).is_ok());
        // A comparison is not markup.
        assert!(!has_markup("độ sâu < 5 cm và > 2 cm"));
    }

    #[test]
    fn locations_contacts_and_categories_are_checked() {
        let none = NewReport {
            lat: String::new(),
            lon: String::new(),
            ..report()
        };
        assert_eq!(codes(&none), vec![("location".into(), "location_required")]);
        let bad = NewReport {
            lat: "95".into(),
            ..report()
        };
        assert_eq!(codes(&bad), vec![("lat".into(), "latitude_out_of_range")]);
        let half = NewReport {
            lon: String::new(),
            ..report()
        };
        assert_eq!(codes(&half), vec![("long".into(), "required")]);
        let contact = NewReport {
            contact: Contact {
                name: "A".into(),
                email: "khong-phai-email".into(),
                phone: "12345".into(),
            },
            dossier_code: "xyz".into(),
            ..report()
        };
        assert_eq!(
            codes(&contact),
            vec![
                ("dossier_code".into(), "invalid_dossier_code"),
                ("contact/email".into(), "invalid_email"),
                ("contact/phone".into(), "invalid_phone"),
            ]
        );
        let unknown = report().validate(None).unwrap_err();
        assert_eq!(unknown[0].code, "unknown_category");
    }
}
