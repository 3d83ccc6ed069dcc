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

impl FieldView {
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
}

/// A form value as text.
pub fn value_text(v: Option<&serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}
