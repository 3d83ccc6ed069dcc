//! The procedure catalogue (thủ tục hành chính): the seven published parts, fees, legal
//! basis, result, online level, handling levels and agencies, dossier components and the
//! form the applicant fills. `ProcedureInput` is also the JSON import/export format.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use crate::agency::{AgencyCode, Level};
use crate::payment::FeeSchedule;
use crate::validation::Validation;

pub mod form;
pub use form::{FieldKind, FormField};

pub const NAME_MAX: usize = 500;
pub const LONG_TEXT_MAX: usize = 20_000;
pub const SHORT_TEXT_MAX: usize = 300;
/// File types a component may accept (by extension; content is sniffed at upload).
pub const FILE_TYPES: [&str; 9] = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "xml"];

/// Unit of a statutory time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Hours,
    Days,
    WorkingDays,
    Months,
}

impl TimeUnit {
    pub const ALL: [TimeUnit; 4] = [TimeUnit::Hours, TimeUnit::Days, TimeUnit::WorkingDays, TimeUnit::Months];

    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
            TimeUnit::WorkingDays => "working_days",
            TimeUnit::Months => "months",
        }
    }

    pub fn parse(s: &str) -> Option<TimeUnit> {
        TimeUnit::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

/// Statutory processing time limit (thời hạn giải quyết).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    pub value: u32,
    pub unit: TimeUnit,
    /// Free text for limits that depend on the case ("15 ngày nếu phải xác minh").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Current scale of online service (Decree 42/2022 as amended).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineLevel {
    /// Information only: the procedure cannot be filed online.
    None,
    /// Một phần: some steps online, the applicant attends or posts paper for others.
    Partial,
    /// Toàn trình: submission, processing, payment and result all online.
    FullProcess,
}

impl OnlineLevel {
    pub const ALL: [OnlineLevel; 3] = [OnlineLevel::None, OnlineLevel::Partial, OnlineLevel::FullProcess];

    pub fn as_str(self) -> &'static str {
        match self {
            OnlineLevel::None => "none",
            OnlineLevel::Partial => "partial",
            OnlineLevel::FullProcess => "full_process",
        }
    }

    pub fn parse(s: &str) -> Option<OnlineLevel> {
        OnlineLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// How a dossier may be filed (cách thức thực hiện).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InPerson,
    Online,
    Post,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::Online => "online",
            Channel::Post => "post",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::InPerson, Channel::Online, Channel::Post]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// One document of the dossier (thành phần hồ sơ) and how many copies are needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Short key, unique in the procedure (`to_khai`, `cccd`).
    pub code: String,
    pub name: String,
    pub required: bool,
    /// Originals (bản chính) and copies (bản sao) to hand in.
    #[serde(default)]
    pub originals: u32,
    #[serde(default)]
    pub copies: u32,
    /// Accepted file extensions for the electronic version.
    #[serde(default = "default_file_types")]
    pub file_types: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The kind of document this is (a code of `documents::types()`, such as `cccd`), so
    /// that a document the applicant keeps from another dossier may stand in for an upload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
}

fn default_file_types() -> Vec<String> {
    vec!["pdf".into(), "jpg".into(), "png".into()]
}

/// A fee or charge (phí, lệ phí). `amount_vnd` is absent for fees that depend on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub description: String,
    #[serde(default)]
    pub amount_vnd: Option<i64>,
}

/// A procedure as published, imported and exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureInput {
    /// National catalogue code `N.NNNNNN`, optionally suffixed `.{agency code}`.
    pub code: String,
    /// Part 1: name.
    pub name: String,
    /// Field (lĩnh vực): "Hộ tịch", "Đất đai", …
    pub field: String,
    /// Part 2: steps (trình tự thực hiện).
    pub steps: String,
    /// Part 3: channels (cách thức thực hiện).
    pub channels: Vec<Channel>,
    /// Part 4: dossier components and copies.
    pub components: Vec<Component>,
    /// Part 5: processing time limit.
    pub time_limit: TimeLimit,
    /// Part 6: who may apply (đối tượng thực hiện).
    pub applicants: String,
    /// Part 7: the handling agency as published (cơ quan thực hiện) …
    pub handling_agency: String,
    /// … and the agencies of this installation that receive it.
    pub agencies: Vec<AgencyCode>,
    /// Levels of government that handle it.
    pub levels: Vec<Level>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    #[serde(default)]
    pub legal_basis: Vec<String>,
    pub result_document: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub conditions: String,
    pub online_level: OnlineLevel,
    pub full_process_eligible: bool,
    /// May be filed at any centre in the province (không phụ thuộc địa giới hành chính).
    #[serde(default)]
    pub any_location: bool,
    /// The application form (tờ khai) fields.
    #[serde(default)]
    pub form: Vec<FormField>,
    /// What the applicant pays, computed from the form's answers, and when (none: free, or
    /// fees described in `fees` only and paid outside the system).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_schedule: Option<FeeSchedule>,
}

/// Checks `N.NNNNNN` with an optional `.{agency code}` suffix.
pub fn is_procedure_code(code: &str) -> bool {
    let b = code.as_bytes();
    if b.len() < 8 || !b[0].is_ascii_digit() || b[1] != b'.' || !b[2..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    match code.get(8..) {
        Some("") => true,
        Some(rest) => rest.strip_prefix('.').is_some_and(|c| AgencyCode::parse(c).is_ok()),
        None => false,
    }
}

impl ProcedureInput {
    /// Checks everything a published procedure must state.
    pub fn validate(&self) -> Validation {
        let mut v = Validation::new();
        if !is_procedure_code(&self.code) {
            v.push("code", "invalid_procedure_code", Some("N.NNNNNN[.agency]".into()));
        }
        v.text("name", &self.name, NAME_MAX);
        v.text("field", &self.field, SHORT_TEXT_MAX);
        v.text("steps", &self.steps, LONG_TEXT_MAX);
        v.text("applicants", &self.applicants, LONG_TEXT_MAX);
        v.text("handling_agency", &self.handling_agency, LONG_TEXT_MAX);
        v.text("result_document", &self.result_document, LONG_TEXT_MAX);
        v.optional_text("conditions", &self.conditions, LONG_TEXT_MAX);
        v.optional_text("time_limit/note", &self.time_limit.note, SHORT_TEXT_MAX);
        non_empty_unique(&mut v, "channels", &self.channels);
        non_empty_unique(&mut v, "agencies", &self.agencies);
        non_empty_unique(&mut v, "levels", &self.levels);
        if !(1..=3650).contains(&self.time_limit.value) {
            v.push("time_limit/value", "out_of_range", Some("1..3650".into()));
        }
        if self.full_process_eligible && !self.channels.contains(&Channel::Online) {
            v.push("full_process_eligible", "needs_online_channel", None);
        }
        if self.online_level == OnlineLevel::FullProcess && !self.full_process_eligible {
            v.push("online_level", "not_full_process_eligible", None);
        }
        self.validate_fees(&mut v);
        for (i, law) in self.legal_basis.iter().enumerate() {
            v.text(&format!("legal_basis/{i}"), law, 1000);
        }
        self.validate_components(&mut v);
        v.nest("form", form::validate_fields(&self.form));
        if let Some(schedule) = &self.fee_schedule {
            v.nest("fee_schedule", schedule.validate(&self.form));
        }
        v
    }

    fn validate_fees(&self, v: &mut Validation) {
        for (i, fee) in self.fees.iter().enumerate() {
            v.text(&format!("fees/{i}/description"), &fee.description, 1000);
            if let Some(a) = fee.amount_vnd
                && !(0..=1_000_000_000_000).contains(&a)
            {
                v.push(
                    format!("fees/{i}/amount_vnd"),
                    "out_of_range",
                    Some("0..1000000000000".into()),
                );
            }
        }
    }

    fn validate_components(&self, v: &mut Validation) {
        let mut seen = HashSet::new();
        for (i, c) in self.components.iter().enumerate() {
            let at = |f: &str| format!("components/{i}/{f}");
            v.text(&at("name"), &c.name, 1000);
            v.optional_text(&at("note"), &c.note, 1000);
            if !form::is_key(&c.code) {
                v.push(at("code"), "invalid_format", Some("a-z 0-9 _".into()));
            } else if !seen.insert(c.code.as_str()) {
                v.push(at("code"), "duplicate", None);
            }
            if c.originals + c.copies == 0 || c.originals > 20 || c.copies > 20 {
                v.push(at("copies"), "out_of_range", Some("1..20".into()));
            }
            if c.file_types.is_empty() {
                v.push(at("file_types"), "required", None);
            }
            if let Some(t) = &c.document_type
                && crate::documents::document_type(t).is_none()
            {
                v.push(at("document_type"), "unknown_document_type", None);
            }
            for (j, t) in c.file_types.iter().enumerate() {
                if !FILE_TYPES.contains(&t.as_str()) {
                    v.push(
                        format!("components/{i}/file_types/{j}"),
                        "unsupported_file_type",
                        Some(FILE_TYPES.join(",")),
                    );
                }
            }
        }
    }

    /// Total of the fixed fees, in đồng.
    pub fn fixed_fee_total(&self) -> i64 {
        self.fees.iter().filter_map(|f| f.amount_vnd).sum()
    }
}

fn non_empty_unique<T: PartialEq>(v: &mut Validation, field: &str, items: &[T]) {
    if items.is_empty() {
        v.push(field, "required", None);
    }
    for (i, item) in items.iter().enumerate() {
        if items[..i].contains(item) {
            v.push(format!("{field}/{i}"), "duplicate", None);
        }
    }
}

#[cfg(test)]
mod tests;
