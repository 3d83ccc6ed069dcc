use super::*;

pub(crate) fn sample() -> ProcedureInput {
    serde_json::from_str(include_str!("../../tests/fixtures/procedure.json")).expect("fixture parses")
}

#[test]
fn sample_is_valid() {
    let v = sample().validate();
    assert!(v.is_empty(), "{:?}", v.errors());
}

#[test]
fn procedure_codes() {
    assert!(is_procedure_code("1.004194"));
    assert!(is_procedure_code("1.011442.000.00.00.H38"));
    assert!(is_procedure_code("2.000986.H15.50"));
    assert!(!is_procedure_code("1.00419"));
    assert!(!is_procedure_code("1.004194."));
    assert!(!is_procedure_code("1.004194.h38"));
    assert!(!is_procedure_code("A.004194"));
}

#[test]
fn reports_every_broken_part_with_its_path() {
    let mut p = sample();
    p.name = "x".repeat(NAME_MAX + 1);
    p.agencies.clear();
    p.components[0].file_types = vec!["exe".into()];
    p.components.push(p.components[0].clone());
    p.time_limit.value = 0;
    p.form[0].key = "Bad Key".into();
    let errs = p.validate().into_errors();
    let got: Vec<(String, &str)> = errs.iter().map(|e| (e.field.clone(), e.code)).collect();
    for want in [
        ("name", "too_long"),
        ("agencies", "required"),
        ("time_limit/value", "out_of_range"),
        ("components/0/file_types/0", "unsupported_file_type"),
        ("components/2/code", "duplicate"),
        ("form/0/key", "invalid_format"),
    ] {
        assert!(
            got.contains(&(want.0.to_string(), want.1)),
            "missing {want:?} in {got:?}"
        );
    }
}

#[test]
fn unknown_fields_are_refused() {
    let mut json: serde_json::Value = serde_json::to_value(sample()).unwrap();
    json["colour"] = "red".into();
    let err = serde_json::from_value::<ProcedureInput>(json).unwrap_err();
    assert!(err.to_string().contains("unknown field `colour`"), "{err}");
}

#[test]
fn full_process_needs_eligibility_and_online_channel() {
    let mut p = sample();
    p.online_level = OnlineLevel::FullProcess;
    p.full_process_eligible = false;
    assert_eq!(p.validate().errors()[0].code, "not_full_process_eligible");
    p.full_process_eligible = true;
    p.channels = vec![Channel::InPerson];
    assert_eq!(p.validate().errors()[0].code, "needs_online_channel");
}

#[test]
fn export_round_trips() {
    let p = sample();
    let text = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<ProcedureInput>(&text).unwrap(), p);
}
