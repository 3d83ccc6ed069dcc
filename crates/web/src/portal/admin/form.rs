//! The procedure edit form as typed, and its line format: the nested parts (components,
//! fees, form fields) are one line per item, `|`-separated, which officials can paste from
//! the published catalogue; every bad line is reported with its number.

use serde::Deserialize;

use motcua_domain::FieldError;
use motcua_domain::agency::{AgencyCode, Level};
use motcua_domain::procedure::form::DateRange;
use motcua_domain::procedure::{
    Channel, Component, Fee, FieldKind, FormField, OnlineLevel, ProcedureInput, TimeLimit, TimeUnit,
};

/// The edit form exactly as typed, so a failed save shows it back unchanged.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EditForm {
    pub version: String,
    pub code: String,
    pub name: String,
    pub field: String,
    pub steps: String,
    pub channels: Vec<String>,
    pub components: String,
    pub time_value: String,
    pub time_unit: String,
    pub time_note: String,
    pub applicants: String,
    pub handling_agency: String,
    pub agencies: Vec<String>,
    pub levels: Vec<String>,
    pub fees: String,
    pub legal_basis: String,
    pub result_document: String,
    pub conditions: String,
    pub online_level: String,
    pub full_process_eligible: Option<String>,
    pub any_location: Option<String>,
    pub form: String,
    /// The fee schedule as JSON (empty: none).
    pub fee_schedule: String,
}

fn yes(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "1" | "x" | "có" | "co" | "yes" | "bắt buộc" | "bat buoc" | "required" | "true"
    )
}

impl EditForm {
    pub fn from_procedure(p: &ProcedureInput, version: i64) -> Self {
        let components = p
            .components
            .iter()
            .map(|c| {
                let req = if c.required { "bắt buộc" } else { "không" };
                let line = format!(
                    "{} | {} | {} | {} | {} | {}",
                    c.code,
                    c.name,
                    req,
                    c.originals,
                    c.copies,
                    c.file_types.join(",")
                );
                match &c.document_type {
                    Some(t) => format!("{line} | {t}"),
                    None => line,
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let fees = p
            .fees
            .iter()
            .map(|f| {
                format!(
                    "{} | {}",
                    f.description,
                    f.amount_vnd.map(|a| a.to_string()).unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let form = p
            .form
            .iter()
            .map(|f| {
                let mut kind = serde_json::to_value(f.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                match f.dates {
                    DateRange::Past => kind.push_str(":past"),
                    DateRange::Future => kind.push_str(":future"),
                    DateRange::Any => {}
                }
                let req = if f.required { "bắt buộc" } else { "không" };
                format!("{} | {} | {} | {} | {}", f.key, f.label, kind, req, f.options.join(";"))
            })
            .collect::<Vec<_>>()
            .join("\n");
        EditForm {
            version: version.to_string(),
            code: p.code.clone(),
            name: p.name.clone(),
            field: p.field.clone(),
            steps: p.steps.clone(),
            channels: p.channels.iter().map(|c| c.as_str().to_owned()).collect(),
            components,
            time_value: p.time_limit.value.to_string(),
            time_unit: p.time_limit.unit.as_str().to_owned(),
            time_note: p.time_limit.note.clone(),
            applicants: p.applicants.clone(),
            handling_agency: p.handling_agency.clone(),
            agencies: p.agencies.iter().map(|a| a.to_string()).collect(),
            levels: p.levels.iter().map(|l| l.as_str().to_owned()).collect(),
            fees,
            legal_basis: p.legal_basis.join("\n"),
            result_document: p.result_document.clone(),
            conditions: p.conditions.clone(),
            online_level: p.online_level.as_str().to_owned(),
            full_process_eligible: p.full_process_eligible.then(|| "1".into()),
            any_location: p.any_location.then(|| "1".into()),
            form,
            fee_schedule: p
                .fee_schedule
                .as_ref()
                .and_then(|f| serde_json::to_string_pretty(f).ok())
                .unwrap_or_default(),
        }
    }

    /// Reads the form into a procedure; line-format errors name the field and line.
    pub fn to_procedure(&self) -> Result<ProcedureInput, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut bad = |field: &str, code: &'static str, detail: Option<String>| {
            errs.push(FieldError {
                field: field.into(),
                code,
                detail,
            });
        };
        let lines = |s: &str| {
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let value = self.time_value.trim().parse::<u32>().unwrap_or_else(|_| {
            bad("time_limit", "out_of_range", Some("1..3650".into()));
            1
        });
        let unit = TimeUnit::parse(&self.time_unit).unwrap_or_else(|| {
            bad("time_limit", "invalid_choice", None);
            TimeUnit::WorkingDays
        });
        let online_level = OnlineLevel::parse(&self.online_level).unwrap_or_else(|| {
            bad("online_level", "invalid_choice", None);
            OnlineLevel::None
        });
        let channels = self.channels.iter().filter_map(|c| Channel::parse(c)).collect();
        let levels = self.levels.iter().filter_map(|l| Level::parse(l)).collect();
        let mut agencies = Vec::new();
        for a in &self.agencies {
            match AgencyCode::parse(a) {
                Ok(c) => agencies.push(c),
                Err(e) => bad("agencies", e.code(), None),
            }
        }
        let mut fees = Vec::new();
        for (i, line) in lines(&self.fees).iter().enumerate() {
            let (desc, amount) = line.rsplit_once('|').map_or((line.as_str(), ""), |(d, a)| (d, a));
            let amount = amount.trim().replace(['.', ' '], "");
            let amount_vnd = if amount.is_empty() {
                None
            } else {
                match amount.parse::<i64>() {
                    Ok(a) => Some(a),
                    Err(_) => {
                        bad("fees", "invalid_line", Some(format!("{}: {line}", i + 1)));
                        None
                    }
                }
            };
            fees.push(Fee {
                description: desc.trim().to_owned(),
                amount_vnd,
            });
        }
        let mut components = Vec::new();
        for (i, line) in lines(&self.components).iter().enumerate() {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            let num = |s: Option<&&str>| s.and_then(|v| v.parse::<u32>().ok());
            match (parts.first(), parts.get(1), num(parts.get(3)), num(parts.get(4))) {
                (Some(code), Some(name), Some(originals), Some(copies)) if parts.len() >= 5 => {
                    components.push(Component {
                        code: (*code).to_owned(),
                        name: (*name).to_owned(),
                        required: parts.get(2).is_some_and(|r| yes(r)),
                        originals,
                        copies,
                        file_types: parts
                            .get(5)
                            .map(|t| {
                                t.split(',')
                                    .map(|x| x.trim().to_lowercase())
                                    .filter(|x| !x.is_empty())
                                    .collect()
                            })
                            .unwrap_or_else(|| vec!["pdf".into()]),
                        note: String::new(),
                        document_type: parts.get(6).filter(|t| !t.is_empty()).map(|t| (*t).to_owned()),
                    })
                }
                _ => bad("components", "invalid_line", Some(format!("{}: {line}", i + 1))),
            }
        }
        let mut form = Vec::new();
        for (i, line) in lines(&self.form).iter().enumerate() {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            // `date:past` / `date:future` carry a date field's range.
            let (kind_text, range) = match parts.get(2).map(|k| k.split_once(':').unwrap_or((k, ""))) {
                Some((k, r)) => (Some(k), r),
                None => (None, ""),
            };
            let dates = match range {
                "past" => DateRange::Past,
                "future" => DateRange::Future,
                _ => DateRange::Any,
            };
            let kind =
                kind_text.and_then(|k| serde_json::from_value::<FieldKind>(serde_json::Value::String(k.into())).ok());
            match (parts.first(), parts.get(1), kind) {
                (Some(key), Some(label), Some(kind)) => form.push(FormField {
                    key: (*key).to_owned(),
                    label: (*label).to_owned(),
                    kind,
                    required: parts.get(3).is_some_and(|r| yes(r)),
                    help: String::new(),
                    options: parts
                        .get(4)
                        .map(|o| {
                            o.split(';')
                                .map(str::trim)
                                .filter(|x| !x.is_empty())
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    max_length: None,
                    dates,
                }),
                _ => bad("form", "invalid_line", Some(format!("{}: {line}", i + 1))),
            }
        }
        let fee_schedule = match self.fee_schedule.trim() {
            "" => None,
            text => match serde_json::from_str(text) {
                Ok(f) => Some(f),
                Err(e) => {
                    bad("fee_schedule", "malformed_json", Some(e.to_string()));
                    None
                }
            },
        };
        let p = ProcedureInput {
            code: self.code.trim().to_owned(),
            name: self.name.trim().to_owned(),
            field: self.field.trim().to_owned(),
            steps: self.steps.trim().to_owned(),
            channels,
            components,
            time_limit: TimeLimit {
                value,
                unit,
                note: self.time_note.trim().to_owned(),
            },
            applicants: self.applicants.trim().to_owned(),
            handling_agency: self.handling_agency.trim().to_owned(),
            agencies,
            levels,
            fees,
            legal_basis: lines(&self.legal_basis),
            result_document: self.result_document.trim().to_owned(),
            conditions: self.conditions.trim().to_owned(),
            online_level,
            full_process_eligible: self.full_process_eligible.is_some(),
            any_location: self.any_location.is_some(),
            form,
            fee_schedule,
        };
        // Errors inside the schedule are shown at its box, naming where they are.
        errs.extend(p.validate().into_errors().into_iter().map(|mut e| {
            if let Some(path) = e.field.strip_prefix("fee_schedule/") {
                e.detail = Some(e.detail.map_or_else(|| path.to_owned(), |d| format!("{path}: {d}")));
                e.field = "fee_schedule".into();
            }
            e
        }));
        if errs.is_empty() { Ok(p) } else { Err(errs) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ProcedureInput {
        serde_json::from_str(include_str!("../../../../domain/tests/fixtures/procedure.json")).unwrap()
    }

    #[test]
    fn line_format_round_trips() {
        let p = sample();
        let f = EditForm::from_procedure(&p, 3);
        let back = f.to_procedure().unwrap();
        assert_eq!(back.components, p.components);
        assert_eq!(back.fees, p.fees);
        assert_eq!(
            back.form
                .iter()
                .map(|x| (&x.key, x.kind, x.required, x.dates))
                .collect::<Vec<_>>(),
            p.form
                .iter()
                .map(|x| (&x.key, x.kind, x.required, x.dates))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let mut f = EditForm::from_procedure(&sample(), 1);
        f.components.push_str("\nchỉ có tên");
        f.fees = "Lệ phí | mười nghìn".into();
        let errs = f.to_procedure().unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.field == "components" && e.detail.as_deref() == Some("3: chỉ có tên")),
            "{errs:?}"
        );
        assert!(errs.iter().any(|e| e.field == "fees" && e.code == "invalid_line"));
    }
}
