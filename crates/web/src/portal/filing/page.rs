//! The page template shared by the agency, applicant and form pages.

use askama::Template;
use askama_web::WebTemplate;

use crate::i18n::Tr;
use crate::portal::view::{FormErrors, Page, SelectOption};

/// One input as the template draws it.
pub struct FieldView {
    pub name: String,
    pub label: String,
    /// An `<input type>`, or `textarea`, `select`, `checkbox`, `radio`.
    pub kind: &'static str,
    pub hint: String,
    pub value: String,
    pub required: bool,
    pub options: Vec<SelectOption>,
    pub autocomplete: &'static str,
    pub numeric: bool,
}

/// Where a filing page sits in the journey, for the step counter and the back link.
pub struct Journey {
    /// This page's number, counting from 1.
    pub step: usize,
    pub steps: usize,
    /// The page before (the procedure's page before the first step).
    pub back: String,
}

impl FieldView {
    /// The day, month and year of a date field's value (what was typed is kept, even when
    /// it is not a date).
    pub fn date_parts(&self) -> (String, String, String) {
        date_parts(&self.value)
    }
    pub fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }

    pub fn text(name: &str, label: &str, value: &str, autocomplete: &'static str) -> Self {
        FieldView {
            name: name.into(),
            label: label.into(),
            kind: "text",
            hint: String::new(),
            value: value.into(),
            required: true,
            options: Vec::new(),
            autocomplete,
            numeric: false,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "filing_page.html")]
pub struct FilingPage {
    pub t: Tr,
    pub page: Page,
    pub errors: FormErrors,
    pub procedure_name: String,
    pub heading: String,
    pub action: String,
    pub fields: Vec<FieldView>,
    pub journey: Journey,
    /// ` lang="vi"` when the fields' labels and options come from the catalogue and the page
    /// is in another language (`Tr::vi`), else empty.
    pub content: &'static str,
}

impl FilingPage {
    /// Names each error's field in the summary, linking to its input (a date's day box).
    pub fn labelled(mut self) -> Self {
        let labels: Vec<(String, String, String)> = self
            .fields
            .iter()
            .map(|f| {
                let anchor = if f.is("date") {
                    format!("{}-ngay", f.name)
                } else {
                    f.name.clone()
                };
                (f.name.clone(), f.label.clone(), anchor)
            })
            .collect();
        self.errors = std::mem::take(&mut self.errors)
            .labelled(labels.iter().map(|(f, l, a)| (f.as_str(), l.as_str(), a.clone())));
        self
    }
}

/// `1990-05-02` → ("02", "05", "1990"); what was typed stays as it was.
pub fn date_parts(iso: &str) -> (String, String, String) {
    let mut parts = iso.splitn(3, '-');
    let year = parts.next().unwrap_or("").to_owned();
    let month = parts.next().unwrap_or("").to_owned();
    let day = parts.next().unwrap_or("").to_owned();
    (day, month, year)
}

/// The three boxes of a date field, back into the stored form (`YYYY-MM-DD`); empty when
/// all three are empty. One-digit days and months are padded.
pub fn date_value(day: &str, month: &str, year: &str) -> String {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return String::new();
    }
    let pad = |s: &str| if s.len() == 1 { format!("0{s}") } else { s.to_owned() };
    format!("{year}-{}-{}", pad(month), pad(day))
}

/// `1990-05-02` → `02/05/1990` (a value that is not a date is shown as typed).
pub fn date_text(iso: &str) -> String {
    match motcua_domain::procedure::form::parse_iso_date(iso) {
        Some(d) => format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year()),
        None => iso.to_owned(),
    }
}

/// A form answer as people read it: dates `dd/mm/yyyy`, checkboxes yes or no.
pub fn answer_text(t: Tr, field: &motcua_domain::procedure::FormField, v: Option<&serde_json::Value>) -> String {
    use motcua_domain::procedure::FieldKind;
    let v = value_text(v);
    match field.kind {
        FieldKind::Checkbox => t.t(if v == "true" { "yes" } else { "no" }).to_owned(),
        FieldKind::Date => date_text(&v),
        _ => v,
    }
}

/// A form value as text.
pub fn value_text(v: Option<&serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_travel_as_three_boxes() {
        assert_eq!(date_value("2", "5", "1990"), "1990-05-02");
        assert_eq!(date_parts("1990-05-02"), ("02".into(), "05".into(), "1990".into()));
        assert_eq!(date_value("", "", ""), "");
        assert_eq!(
            date_parts(&date_value("31", "2", "199x")),
            ("31".into(), "02".into(), "199x".into())
        );
        assert_eq!(date_text("1990-05-02"), "02/05/1990");
    }
}
