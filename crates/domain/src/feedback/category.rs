//! Feedback categories: the national classification plus local service categories, each
//! with its own questions (Open311 "attributes").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Validation;

/// The national classification of feedback (Decree 20/2008, amended): about regulations,
/// policies and procedures, or about officials' conduct. Local service categories (roads,
/// lighting, waste…) are a third kind used by provinces for their surroundings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    /// (a) Administrative regulations, policies and procedures.
    Regulation,
    /// (b) Behaviour of officials handling administrative procedures.
    Conduct,
    /// Local public services and surroundings.
    Service,
}

impl Classification {
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Regulation => "regulation",
            Classification::Conduct => "conduct",
            Classification::Service => "service",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Regulation, Self::Conduct, Self::Service]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// Open311 attribute datatypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Datatype {
    String,
    Number,
    Datetime,
    Text,
    Singlevaluelist,
    Multivaluelist,
}

impl Datatype {
    pub fn as_str(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Number => "number",
            Datatype::Datetime => "datetime",
            Datatype::Text => "text",
            Datatype::Singlevaluelist => "singlevaluelist",
            Datatype::Multivaluelist => "multivaluelist",
        }
    }
}

/// One allowed value of a list question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub key: String,
    pub name: String,
}

/// A question a category asks of the reporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub code: String,
    pub datatype: Datatype,
    #[serde(default)]
    pub required: bool,
    pub description: String,
    #[serde(default)]
    pub datatype_description: String,
    /// Position in the form, positive and unique within the category.
    pub order: u32,
    #[serde(default)]
    pub values: Vec<Choice>,
}

/// A feedback category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable code (Open311 `service_code`).
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub description: String,
    /// Group shown in lists (Open311 `group`).
    pub group: String,
    pub classification: Classification,
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub questions: Vec<Question>,
}

/// Answers by question code; list questions may have several values.
pub type Answers = BTreeMap<String, Vec<String>>;

impl Category {
    /// Checks the category's own definition (used when an administrator imports a setup).
    pub fn validate(&self) -> Validation {
        let mut v = Validation::new();
        v.text("code", &self.code, 40);
        v.text("name", &self.name, 200);
        v.text("group", &self.group, 100);
        let mut orders = std::collections::BTreeSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            let at = format!("questions/{i}");
            if q.order == 0 || !orders.insert(q.order) {
                v.push(format!("{at}/order"), "invalid_order", None);
            }
            if q.code.trim().is_empty() {
                v.push(format!("{at}/code"), "required", None);
            }
            let list = matches!(q.datatype, Datatype::Singlevaluelist | Datatype::Multivaluelist);
            if list == q.values.is_empty() {
                v.push(format!("{at}/values"), "invalid_values", None);
            }
        }
        v
    }

    /// Checks the reporter's answers: required questions answered, list answers among the
    /// allowed keys, numbers and datetimes well formed, unknown codes refused.
    pub fn check_answers(&self, answers: &Answers) -> Validation {
        let mut v = Validation::new();
        for code in answers.keys() {
            if !self.questions.iter().any(|q| &q.code == code) {
                v.push(format!("attribute/{code}"), "unknown_attribute", None);
            }
        }
        for q in &self.questions {
            let field = format!("attribute/{}", q.code);
            let given: Vec<&String> = answers
                .get(&q.code)
                .map(|vals| vals.iter().filter(|s| !s.trim().is_empty()).collect())
                .unwrap_or_default();
            if given.is_empty() {
                if q.required {
                    v.push(field, "required", None);
                }
                continue;
            }
            match q.datatype {
                Datatype::Multivaluelist | Datatype::Singlevaluelist => {
                    if q.datatype == Datatype::Singlevaluelist && given.len() > 1 {
                        v.push(field.clone(), "single_value", None);
                    }
                    if given.iter().any(|g| !q.values.iter().any(|c| &c.key == *g)) {
                        v.push(field, "not_allowed", None);
                    }
                }
                Datatype::Number => {
                    if given.len() > 1 || given[0].trim().parse::<f64>().map_or(true, |n| !n.is_finite()) {
                        v.push(field, "not_a_number", None);
                    }
                }
                Datatype::Datetime => {
                    let ok = given.len() == 1
                        && time::OffsetDateTime::parse(given[0].trim(), &time::format_description::well_known::Rfc3339)
                            .is_ok();
                    if !ok {
                        v.push(field, "invalid_datetime", None);
                    }
                }
                Datatype::String | Datatype::Text => {
                    let max = if q.datatype == Datatype::String { 200 } else { 2000 };
                    if given.len() > 1 {
                        v.push(field, "single_value", None);
                    } else {
                        v.optional_text(&field, given[0], max);
                    }
                }
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lamp() -> Category {
        Category {
            code: "den-duong".into(),
            name: "Đèn đường".into(),
            name_en: "Street lighting".into(),
            description: String::new(),
            group: "Hạ tầng".into(),
            classification: Classification::Service,
            keywords: vec![],
            questions: vec![
                Question {
                    code: "kieu".into(),
                    datatype: Datatype::Singlevaluelist,
                    required: true,
                    description: "Hiện tượng".into(),
                    datatype_description: String::new(),
                    order: 1,
                    values: vec![
                        Choice {
                            key: "tat".into(),
                            name: "Đèn không sáng".into(),
                        },
                        Choice {
                            key: "chap".into(),
                            name: "Đèn chập chờn".into(),
                        },
                    ],
                },
                Question {
                    code: "so-cot".into(),
                    datatype: Datatype::Number,
                    required: false,
                    description: "Số cột".into(),
                    datatype_description: String::new(),
                    order: 2,
                    values: vec![],
                },
            ],
        }
    }

    fn answers(pairs: &[(&str, &[&str])]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn required_list_and_number_answers_are_checked() {
        let c = lamp();
        assert!(c.validate().is_empty());
        assert!(c.check_answers(&answers(&[("kieu", &["tat"])])).is_empty());
        let codes: Vec<_> = c
            .check_answers(&answers(&[("so-cot", &["ba"]), ("mau", &["x"])]))
            .into_errors()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("attribute/mau".to_owned(), "unknown_attribute"),
                ("attribute/kieu".to_owned(), "required"),
                ("attribute/so-cot".to_owned(), "not_a_number"),
            ]
        );
        let wrong = c.check_answers(&answers(&[("kieu", &["tat", "chap"])])).into_errors();
        assert_eq!(wrong[0].code, "single_value");
        let unknown = c.check_answers(&answers(&[("kieu", &["vo"])])).into_errors();
        assert_eq!(unknown[0].code, "not_allowed");
    }

    #[test]
    fn duplicate_orders_and_lists_without_values_are_refused() {
        let mut c = lamp();
        c.questions[1].order = 1;
        c.questions[0].values.clear();
        let codes: Vec<_> = c.validate().into_errors().into_iter().map(|e| e.code).collect();
        assert_eq!(codes, vec!["invalid_values", "invalid_order"]);
    }
}
