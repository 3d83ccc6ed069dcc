//! A procedure's fee schedule (biểu phí, lệ phí): when the fee is due, the items that make it
//! up and who is exempt. It is JSON, part of the procedure document as `fee_schedule`.
//!
//! ```json
//! {
//!   "due": "at_filing",
//!   "items": [
//!     {"kind": "fixed", "code": "phi", "description": "Phí cung cấp thông tin", "amount_vnd": 200000},
//!     {"kind": "per_unit", "code": "ban_sao", "description": "Bản sao trích lục",
//!      "field": "so_ban_sao", "unit_amount_vnd": 8000, "max_units": 20},
//!     {"kind": "by_choice", "code": "muc_phi", "description": "Phí theo đối tượng", "field": "doi_tuong",
//!      "amounts": [{"option": "Thông thường", "amount_vnd": 200000}, {"option": "Sinh viên", "amount_vnd": 100000}]}
//!   ],
//!   "exemptions": [
//!     {"field": "doi_tuong", "values": ["Hộ nghèo"]},
//!     {"field": "nop_truc_tuyen", "values": ["true"], "waived_items": ["ban_sao"]}
//!   ]
//! }
//! ```

use serde::{Deserialize, Serialize};

use super::money::Money;

/// Default upper bound of a per-unit quantity when the schedule names none.
pub const DEFAULT_MAX_UNITS: u32 = 100;
/// No per-unit quantity may be allowed above this.
pub const MAX_UNITS_CAP: u32 = 1000;

/// When the applicant pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeeDue {
    /// With the filing: the dossier is received once paid.
    AtFiling,
    /// Before the result is handed over.
    BeforeResult,
}

impl FeeDue {
    /// The stable name (`at_filing`, `before_result`).
    pub fn as_str(self) -> &'static str {
        match self {
            FeeDue::AtFiling => "at_filing",
            FeeDue::BeforeResult => "before_result",
        }
    }
}

/// The price of one option of a choice field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceAmount {
    /// The option exactly as the form lists it.
    pub option: String,
    pub amount_vnd: Money,
}

/// One item of the fee. Every item has a `code` (a key, unique in the schedule, used by
/// waivers and in quotes) and a `description` shown to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeeItem {
    /// A fixed amount.
    Fixed {
        code: String,
        description: String,
        amount_vnd: Money,
    },
    /// An amount per unit of a `number` field the applicant fills (copies, pages, plots).
    /// The first `free_units` units are not charged ("from the third copy on").
    PerUnit {
        code: String,
        description: String,
        field: String,
        unit_amount_vnd: Money,
        #[serde(default, skip_serializing_if = "is_zero")]
        free_units: u32,
        #[serde(default, skip_serializing_if = "is_zero")]
        min_units: u32,
        #[serde(default = "default_max_units")]
        max_units: u32,
    },
    /// An amount chosen by the value of a `select` field; every option is priced.
    ByChoice {
        code: String,
        description: String,
        field: String,
        amounts: Vec<ChoiceAmount>,
    },
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn default_max_units() -> u32 {
    DEFAULT_MAX_UNITS
}

impl FeeItem {
    /// The item's key.
    pub fn code(&self) -> &str {
        match self {
            FeeItem::Fixed { code, .. } | FeeItem::PerUnit { code, .. } | FeeItem::ByChoice { code, .. } => code,
        }
    }

    /// What the applicant reads.
    pub fn description(&self) -> &str {
        match self {
            FeeItem::Fixed { description, .. }
            | FeeItem::PerUnit { description, .. }
            | FeeItem::ByChoice { description, .. } => description,
        }
    }

    /// The form field the amount depends on, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            FeeItem::Fixed { .. } => None,
            FeeItem::PerUnit { field, .. } | FeeItem::ByChoice { field, .. } => Some(field),
        }
    }
}

/// Applicants whose form answers put them in an exempt category (a `select` value such as
/// `Hộ nghèo`, or a ticked `checkbox`, written `"true"`). Without `waived_items` they pay
/// nothing; with it, only those items are waived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exemption {
    pub field: String,
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived_items: Option<Vec<String>>,
}

impl Exemption {
    /// Whether this exemption waives `item` (every item when no list is given).
    pub fn waives(&self, item: &str) -> bool {
        self.waived_items
            .as_ref()
            .is_none_or(|items| items.iter().any(|i| i == item))
    }
}

/// A procedure's fee schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeSchedule {
    pub due: FeeDue,
    pub items: Vec<FeeItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<Exemption>,
}
