//! The details form: what was typed (kept on a failed submit), the category's questions
//! rendered by datatype, and reading the multipart body.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;

use motcua_domain::feedback::{Category, Contact, Datatype, NewReport};
use motcua_domain::ids::KeptPhotoId;

use super::steps::Carry;
use crate::portal::view::{FormErrors, SelectOption};
use motcua_app::feedback::Photo;

/// Everything typed on the details page (and carried from the earlier pages). A reporter
/// stays anonymous to the public unless they ask for their name to be shown.
#[derive(Clone)]
pub struct Typed {
    pub carry: Carry,
    pub description: String,
    pub answers: BTreeMap<String, Vec<String>>,
    pub dossier_code: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub anonymous: bool,
    /// Photos kept from an earlier, refused try that are still ticked.
    pub kept: Vec<KeptPhotoId>,
}

impl Default for Typed {
    fn default() -> Self {
        Typed {
            carry: Carry::default(),
            description: String::new(),
            answers: BTreeMap::new(),
            dossier_code: String::new(),
            contact_name: String::new(),
            contact_email: String::new(),
            contact_phone: String::new(),
            anonymous: true,
            kept: Vec::new(),
        }
    }
}

/// `2026-03-16T09:00` from a date-time input, as RFC 3339 in Vietnam time.
fn datetime(v: &str) -> String {
    let v = v.trim();
    if v.len() == 16 && v.as_bytes().get(10) == Some(&b'T') {
        format!("{v}:00+07:00")
    } else {
        v.to_owned()
    }
}

impl Typed {
    pub fn report(&self) -> NewReport {
        let answers = self
            .answers
            .iter()
            .map(|(k, vs)| {
                (
                    k.clone(),
                    vs.iter()
                        .filter(|v| !v.trim().is_empty())
                        .map(|v| datetime(v))
                        .collect(),
                )
            })
            .filter(|(_, vs): &(String, Vec<String>)| !vs.is_empty())
            .collect();
        NewReport {
            category: self.carry.category.clone(),
            description: self.description.clone(),
            answers,
            lat: self.carry.lat.clone(),
            lon: self.carry.long.clone(),
            address: self.carry.address.clone(),
            area: self.carry.area.clone(),
            dossier_code: self.dossier_code.clone(),
            contact: Contact {
                name: self.contact_name.clone(),
                email: self.contact_email.clone(),
                phone: self.contact_phone.clone(),
            },
            anonymous: self.anonymous,
        }
    }

    fn set(&mut self, name: &str, value: String) {
        let c = &mut self.carry;
        match name {
            "category" => c.category = value,
            "lat" => c.lat = value,
            "long" => c.long = value,
            "address" => c.address = value,
            "area" => c.area = value,
            "description" => self.description = value,
            "dossier_code" => self.dossier_code = value,
            "contact_name" => self.contact_name = value,
            "contact_email" => self.contact_email = value,
            "contact_phone" => self.contact_phone = value,
            "show_name" => self.anonymous = value != "true",
            "kept_photo" => {
                if let Ok(id) = value.trim().parse() {
                    self.kept.push(id);
                }
            }
            other => {
                if let Some(code) = other.strip_prefix("attribute-") {
                    self.answers.entry(code.to_owned()).or_default().push(value);
                }
            }
        }
    }
}

/// Reads the form: the typed fields, the chosen photos (empty file inputs skipped), and
/// why some part could not be read, if one could not (`multipart_code`: too large or
/// malformed).
pub async fn read_multipart(m: Result<Multipart, MultipartRejection>) -> (Typed, Vec<Photo>, Option<&'static str>) {
    use crate::error::multipart_code;
    let mut typed = Typed::default();
    let mut photos = Vec::new();
    let mut m = match m {
        Ok(m) => m,
        Err(e) => return (typed, photos, Some(multipart_code(e.status()))),
    };
    loop {
        let field = match m.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return (typed, photos, None),
            Err(e) => return (typed, photos, Some(multipart_code(e.status()))),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "photo" {
            match field.bytes().await {
                Ok(b) if b.is_empty() => {}
                Ok(bytes) => photos.push(Photo { bytes }),
                Err(e) => return (typed, photos, Some(multipart_code(e.status()))),
            }
        } else {
            match field.text().await {
                Ok(v) => typed.set(&name, v),
                Err(e) => return (typed, photos, Some(multipart_code(e.status()))),
            }
        }
    }
}

/// A question as rendered: its input kind, what was typed, its error.
pub struct QuestionView {
    pub id: String,
    pub label: String,
    pub hint: String,
    pub kind: &'static str,
    pub required: bool,
    pub value: String,
    pub options: Vec<SelectOption>,
    pub error: Option<String>,
}

pub fn questions(c: &Category, typed: &Typed, errors: &FormErrors) -> Vec<QuestionView> {
    let mut qs: Vec<_> = c.questions.iter().collect();
    qs.sort_by_key(|q| q.order);
    qs.into_iter()
        .map(|q| {
            let given = typed.answers.get(&q.code).cloned().unwrap_or_default();
            let id = format!("attribute-{}", q.code);
            let kind = match q.datatype {
                Datatype::String => "text",
                Datatype::Number => "number",
                Datatype::Datetime => "datetime-local",
                Datatype::Text => "textarea",
                Datatype::Singlevaluelist => "radio",
                Datatype::Multivaluelist => "checkbox",
            };
            let first = given.first().cloned().unwrap_or_default();
            let value = if q.datatype == Datatype::Datetime {
                first.chars().take(16).collect()
            } else {
                first
            };
            QuestionView {
                error: errors.get(&id).map(str::to_owned),
                options: q
                    .values
                    .iter()
                    .map(|v| SelectOption {
                        selected: given.contains(&v.key),
                        value: v.key.clone(),
                        label: v.name.clone(),
                    })
                    .collect(),
                id,
                label: q.description.clone(),
                hint: q.datatype_description.clone(),
                kind,
                required: q.required,
                value,
            }
        })
        .collect()
}
