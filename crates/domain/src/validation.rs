//! Field-precise validation results shared by every domain type.
//!
//! A validation error names the field (a JSON-pointer-like path such as `components/2/name`),
//! a stable machine code (`required`, `too_long`, …) and parameters. Messages in Vietnamese
//! or English are produced by the presentation layer from the code, never here.

use serde::Serialize;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Path of the offending field, `/`-separated (`code`, `components/0/name`).
    pub field: String,
    /// Stable code, part of the public API (`required`, `too_long`, `invalid_format`, …).
    pub code: &'static str,
    /// Limit or detail that goes with the code (a maximum length, an accepted pattern).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Collects every problem of a value before answering, so the user sees them all at once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Validation {
    errors: Vec<FieldError>,
}

impl Validation {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: impl Into<String>, code: &'static str, detail: Option<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            code,
            detail,
        });
    }

    /// Checks a required text: present after trimming and at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        let count = value.trim().chars().count();
        if count == 0 {
            self.push(field, "required", None);
        } else if count > max {
            self.push(field, "too_long", Some(max.to_string()));
        }
    }

    /// Checks an optional text: at most `max` characters when present.
    pub fn optional_text(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.push(field, "too_long", Some(max.to_string()));
        }
    }

    /// Merges the errors of a nested value under a path prefix.
    pub fn nest(&mut self, prefix: &str, inner: Validation) {
        for mut e in inner.errors {
            e.field = format!("{prefix}/{}", e.field);
            self.errors.push(e);
        }
    }

    /// Merges the errors of another validation as they are.
    pub fn nest_flat(&mut self, inner: Validation) {
        self.errors.extend(inner.errors);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// `Ok(())` when nothing was found, otherwise every error.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_counts_characters_not_bytes() {
        let mut v = Validation::new();
        // 5 Vietnamese characters are 5 characters even though they are more bytes.
        v.text("name", "Đăng ", 4);
        v.text("other", "ĐĂNGK", 5);
        assert_eq!(v.errors().len(), 0, "trimmed 'Đăng' has 4 chars: {:?}", v.errors());
        v.text("name", "Đăng ký", 4);
        assert_eq!(v.errors()[0].code, "too_long");
    }

    #[test]
    fn nested_paths_are_prefixed() {
        let mut inner = Validation::new();
        inner.text("name", " ", 10);
        let mut outer = Validation::new();
        outer.nest("components/3", inner);
        assert_eq!(outer.errors()[0].field, "components/3/name");
        assert_eq!(outer.errors()[0].code, "required");
    }
}
