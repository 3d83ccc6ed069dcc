//! A procedure's declarative process: its steps, the role (and unit) responsible for each,
//! each step's time allowance, and the actions allowed there. Stored as JSON, edited by
//! administrators; the allowances must add up to the procedure's legal time limit.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use crate::account::Role;
use crate::procedure::form::is_key;
use crate::procedure::{TimeLimit, TimeUnit};
use crate::validation::Validation;

/// Everything an officer or applicant can do to a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Receive,
    RequestSupplement,
    CompleteSupplement,
    Refuse,
    Forward,
    HandOver,
    ReturnToStep,
    Approve,
    MarkProcessed,
    ReturnResult,
    ApologiseExtend,
    Stop,
    Withdraw,
    /// Inter-agency: the receiving agency gives the dossier back after its own steps.
    HandBack,
}

impl ActionKind {
    pub const OFFICER: [ActionKind; 12] = [
        ActionKind::Receive,
        ActionKind::RequestSupplement,
        ActionKind::Refuse,
        ActionKind::Forward,
        ActionKind::HandOver,
        ActionKind::ReturnToStep,
        ActionKind::Approve,
        ActionKind::MarkProcessed,
        ActionKind::ReturnResult,
        ActionKind::ApologiseExtend,
        ActionKind::Stop,
        ActionKind::HandBack,
    ];

    /// What the receiving agency of an inter-agency hand-over may do at its own steps.
    pub const LIAISON: [ActionKind; 5] = [
        ActionKind::Forward,
        ActionKind::Approve,
        ActionKind::ReturnToStep,
        ActionKind::ApologiseExtend,
        ActionKind::HandBack,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Receive => "receive",
            ActionKind::RequestSupplement => "request_supplement",
            ActionKind::CompleteSupplement => "complete_supplement",
            ActionKind::Refuse => "refuse",
            ActionKind::Forward => "forward",
            ActionKind::HandOver => "hand_over",
            ActionKind::ReturnToStep => "return_to_step",
            ActionKind::Approve => "approve",
            ActionKind::MarkProcessed => "mark_processed",
            ActionKind::ReturnResult => "return_result",
            ActionKind::ApologiseExtend => "apologise_extend",
            ActionKind::Stop => "stop",
            ActionKind::Withdraw => "withdraw",
            ActionKind::HandBack => "hand_back",
        }
    }

    pub fn parse(s: &str) -> Option<ActionKind> {
        super::permitted::ALL_KINDS.into_iter().find(|k| k.as_str() == s)
    }
}

/// One step of a process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Short key, unique in the process (`tiep_nhan`).
    pub key: String,
    pub name: String,
    /// Who acts at this step.
    pub role: Role,
    /// Code of the unit responsible inside the handling agency (`MC`, `VP`, `LD`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Share of the legal time limit, in the procedure's time unit (0.5 = half a working day).
    pub allowance: f64,
    /// Officer actions allowed at this step.
    pub actions: Vec<ActionKind>,
    /// Inter-agency hand-over ("liên thông") from this step: what the receiving agency runs
    /// before the dossier comes back. Without it a hand-over only moves the dossier to the
    /// other agency at the same step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hand_over: Option<Liaison>,
}

/// The receiving side of an inter-agency hand-over: its own steps (its roles and units, its
/// share of the time), then the step of the sending agency the dossier comes back to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Liaison {
    /// Steps run by the receiving agency, in order; the last one hands the dossier back.
    pub steps: Vec<Step>,
    /// Key of the sending agency's step the dossier comes back to (default: the next one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
}

/// A whole process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    pub steps: Vec<Step>,
}

impl Process {
    /// The standard one-stop process for a time limit: reception at the one-stop unit, work
    /// in a specialised unit, approval by a leader, result returned at the one-stop unit.
    pub fn standard(limit: &TimeLimit) -> Process {
        let total = f64::from(limit.value);
        let (receive, approve, give) = if total >= 2.0 {
            (0.5, 0.5, 0.5)
        } else {
            (total / 8.0, total / 8.0, total / 8.0)
        };
        let step = |key: &str, name: &str, role, unit: &str, allowance, actions: &[ActionKind]| Step {
            key: key.into(),
            name: name.into(),
            role,
            unit: Some(unit.into()),
            allowance,
            actions: actions.to_vec(),
            hand_over: None,
        };
        use ActionKind as A;
        Process {
            steps: vec![
                step(
                    "tiep_nhan",
                    "Tiếp nhận hồ sơ",
                    Role::OneStopOfficer,
                    "MC",
                    receive,
                    &[A::Receive, A::RequestSupplement, A::Refuse, A::Forward, A::HandOver],
                ),
                step(
                    "xu_ly",
                    "Thẩm định, xử lý hồ sơ",
                    Role::Specialist,
                    "VP",
                    total - receive - approve - give,
                    &[
                        A::Forward,
                        A::RequestSupplement,
                        A::Refuse,
                        A::HandOver,
                        A::ReturnToStep,
                        A::ApologiseExtend,
                        A::Stop,
                    ],
                ),
                step(
                    "phe_duyet",
                    "Phê duyệt kết quả",
                    Role::Leader,
                    "LD",
                    approve,
                    &[
                        A::Approve,
                        A::ReturnToStep,
                        A::Refuse,
                        A::ApologiseExtend,
                        A::MarkProcessed,
                    ],
                ),
                step(
                    "tra_ket_qua",
                    "Trả kết quả",
                    Role::OneStopOfficer,
                    "MC",
                    give,
                    &[A::ReturnResult, A::ApologiseExtend],
                ),
            ],
        }
    }

    pub fn step(&self, key: &str) -> Option<(usize, &Step)> {
        self.steps.iter().enumerate().find(|(_, s)| s.key == key)
    }

    /// A step of the process or of a receiving agency's steps, by key (keys are unique
    /// across both).
    pub fn any_step(&self, key: &str) -> Option<&Step> {
        self.steps
            .iter()
            .chain(
                self.steps
                    .iter()
                    .flat_map(|s| s.hand_over.iter().flat_map(|l| &l.steps)),
            )
            .find(|s| s.key == key)
    }

    /// Where a dossier handed back from the liaison of step `from` resumes.
    pub fn return_step(&self, from: usize) -> Option<usize> {
        let liaison = self.steps.get(from)?.hand_over.as_ref()?;
        match &liaison.return_to {
            Some(key) => self.step(key).map(|(i, _)| i),
            None => (from + 1 < self.steps.len()).then_some(from + 1),
        }
    }

    /// Checks the steps, their actions, and that the allowances add up to `limit`.
    pub fn validate(&self, limit: &TimeLimit) -> Validation {
        let mut v = Validation::new();
        if self.steps.is_empty() {
            v.push("steps", "required", None);
            return v;
        }
        let mut keys = HashSet::new();
        for (i, s) in self.steps.iter().enumerate() {
            if !is_key(&s.key) {
                v.push(format!("steps/{i}/key"), "invalid_format", Some("a-z 0-9 _".into()));
            } else if !keys.insert(s.key.as_str()) {
                v.push(format!("steps/{i}/key"), "duplicate", None);
            }
            v.text(&format!("steps/{i}/name"), &s.name, 300);
            if !s.allowance.is_finite() || s.allowance < 0.0 {
                v.push(format!("steps/{i}/allowance"), "out_of_range", Some(">= 0".into()));
            }
            if s.actions.is_empty() {
                v.push(format!("steps/{i}/actions"), "required", None);
            }
            if s.actions.contains(&ActionKind::CompleteSupplement) || s.actions.contains(&ActionKind::Withdraw) {
                v.push(format!("steps/{i}/actions"), "applicant_action", None);
            }
        }
        for (i, s) in self.steps.iter().enumerate() {
            if s.actions.contains(&ActionKind::HandBack) {
                v.push(format!("steps/{i}/actions"), "liaison_action", None);
            }
            if let Some(l) = &s.hand_over {
                self.validate_liaison(&mut v, i, l, &mut keys);
            }
        }
        if !self.steps[0].actions.contains(&ActionKind::Receive) {
            v.push("steps/0/actions", "first_step_receives", None);
        }
        if !self.steps.iter().any(|s| s.actions.contains(&ActionKind::ReturnResult)) {
            v.push("steps", "no_result_step", None);
        }
        // The receiving side's time is part of the handing step's allowance.
        let sum: f64 = self.steps.iter().map(|s| s.allowance).sum();
        if (sum - f64::from(limit.value)).abs() > 1e-6 && limit.unit != TimeUnit::Months {
            v.push(
                "steps",
                "allowances_do_not_add_up",
                Some(format!("{sum} ≠ {}", limit.value)),
            );
        }
        v
    }

    fn validate_liaison<'a>(&self, v: &mut Validation, i: usize, l: &'a Liaison, keys: &mut HashSet<&'a str>) {
        let at = format!("steps/{i}/hand_over");
        if !self.steps[i].actions.contains(&ActionKind::HandOver) {
            v.push(format!("steps/{i}/actions"), "liaison_without_hand_over", None);
        }
        if l.steps.is_empty() {
            v.push(format!("{at}/steps"), "required", None);
        }
        for (j, s) in l.steps.iter().enumerate() {
            let f = format!("{at}/steps/{j}");
            if !is_key(&s.key) {
                v.push(format!("{f}/key"), "invalid_format", Some("a-z 0-9 _".into()));
            } else if !keys.insert(s.key.as_str()) {
                v.push(format!("{f}/key"), "duplicate", None);
            }
            v.text(&format!("{f}/name"), &s.name, 300);
            if !s.allowance.is_finite() || s.allowance < 0.0 {
                v.push(format!("{f}/allowance"), "out_of_range", Some(">= 0".into()));
            }
            if s.actions.is_empty() {
                v.push(format!("{f}/actions"), "required", None);
            }
            if s.actions.iter().any(|a| !ActionKind::LIAISON.contains(a)) {
                v.push(format!("{f}/actions"), "liaison_action", None);
            }
            if s.hand_over.is_some() {
                v.push(format!("{f}/hand_over"), "nested_liaison", None);
            }
        }
        if l.steps
            .last()
            .is_some_and(|s| !s.actions.contains(&ActionKind::HandBack))
        {
            v.push(format!("{at}/steps"), "liaison_needs_hand_back", None);
        }
        let sum: f64 = l.steps.iter().map(|s| s.allowance).sum();
        if sum > self.steps[i].allowance + 1e-6 {
            v.push(
                format!("{at}/steps"),
                "liaison_over_allowance",
                Some(format!("{sum} > {}", self.steps[i].allowance)),
            );
        }
        match &l.return_to {
            Some(key) if self.step(key).is_none_or(|(k, _)| k <= i) => {
                v.push(format!("{at}/return_to"), "bad_step", Some(key.clone()));
            }
            None if i + 1 >= self.steps.len() => v.push(format!("{at}/return_to"), "required", None),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(value: u32) -> TimeLimit {
        TimeLimit {
            value,
            unit: TimeUnit::WorkingDays,
            note: String::new(),
        }
    }

    #[test]
    fn the_standard_process_is_valid_for_any_limit() {
        for n in [1, 2, 3, 5, 15, 30] {
            let p = Process::standard(&limit(n));
            assert!(
                p.validate(&limit(n)).is_empty(),
                "{n}: {:?}",
                p.validate(&limit(n)).errors()
            );
        }
    }

    #[test]
    fn allowances_must_add_up_and_steps_must_make_sense() {
        let mut p = Process::standard(&limit(5));
        p.steps[1].allowance += 1.0;
        p.steps[2].key = p.steps[1].key.clone();
        p.steps[0].actions.retain(|a| *a != ActionKind::Receive);
        p.steps[3].actions = vec![ActionKind::Withdraw];
        let codes: Vec<_> = p
            .validate(&limit(5))
            .into_errors()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        for want in [
            ("steps/2/key", "duplicate"),
            ("steps/0/actions", "first_step_receives"),
            ("steps/3/actions", "applicant_action"),
            ("steps", "no_result_step"),
            ("steps", "allowances_do_not_add_up"),
        ] {
            assert!(
                codes.iter().any(|(f, c)| f == want.0 && *c == want.1),
                "missing {want:?} in {codes:?}"
            );
        }
    }

    #[test]
    fn the_process_file_format_is_json() {
        let text = r#"{"steps": [
            {"key": "tiep_nhan", "name": "Tiếp nhận", "role": "one_stop_officer", "unit": "MC", "allowance": 1, "actions": ["receive", "forward"]},
            {"key": "tra", "name": "Trả kết quả", "role": "one_stop_officer", "allowance": 2, "actions": ["mark_processed", "return_result"]}
        ]}"#;
        let p: Process = serde_json::from_str(text).unwrap();
        assert!(p.validate(&limit(3)).is_empty());
        assert!(serde_json::from_str::<Process>(r#"{"steps": [], "colour": 1}"#).is_err());
    }
}
