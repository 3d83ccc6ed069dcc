use serde_json::{Map, Value, json};

use super::*;
use crate::procedure::{FieldKind, FormField};

struct Example {
    form: Vec<FormField>,
    schedule: FeeSchedule,
}

fn example(text: &str) -> Example {
    let doc: Value = serde_json::from_str(text).unwrap();
    Example {
        form: serde_json::from_value(doc["form"].clone()).unwrap(),
        schedule: serde_json::from_value(doc["fee_schedule"].clone()).unwrap(),
    }
}

fn birth() -> Example {
    example(include_str!("examples/birth_registration_1.001193.json"))
}

fn judicial() -> Example {
    example(include_str!("examples/judicial_record_2.000488.json"))
}

fn values(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn errors(schedule: &FeeSchedule, form: &[FormField]) -> Vec<(String, &'static str)> {
    schedule
        .validate(form)
        .into_errors()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

fn field(key: &str, kind: FieldKind, required: bool, options: &[&str]) -> FormField {
    FormField {
        key: key.into(),
        label: key.into(),
        kind,
        required,
        help: String::new(),
        options: options.iter().map(|o| (*o).to_owned()).collect(),
        max_length: None,
        dates: Default::default(),
    }
}

#[test]
fn the_worked_examples_are_valid() {
    for ex in [birth(), judicial()] {
        assert_eq!(errors(&ex.schedule, &ex.form), vec![]);
    }
}

#[test]
fn birth_extract_copies_cost_8000_each() {
    let ex = birth();
    let quote = ex.schedule.amount(&values(json!({"so_ban_sao": "3"}))).unwrap();
    assert_eq!(quote.due, FeeDue::AtFiling);
    assert_eq!(quote.total, Money::from_dong(24_000));
    let line = &quote.lines[0];
    assert_eq!(
        (line.quantity, line.unit_amount, line.total),
        (3, Money::from_dong(8_000), Money::from_dong(24_000))
    );
    assert_eq!(line.description, "Phí cấp bản sao Trích lục khai sinh");
    let none = ex.schedule.amount(&values(json!({"so_ban_sao": 0}))).unwrap();
    assert!(none.is_free());
}

#[test]
fn judicial_record_fee_follows_the_category_and_the_number_of_certificates() {
    let ex = judicial();
    let quote = |who: &str, n: i64| {
        ex.schedule
            .amount(&values(json!({"doi_tuong": who, "so_luong_phieu": n})))
            .unwrap()
    };
    assert_eq!(quote("Công dân", 1).total, Money::from_dong(200_000));
    assert_eq!(quote("Công dân", 2).total, Money::from_dong(200_000));
    assert_eq!(
        quote("Công dân", 4).total,
        Money::from_dong(210_000),
        "third and fourth at 5.000 đ"
    );
    assert_eq!(quote("Sinh viên", 3).total, Money::from_dong(105_000));
    let exempt = quote("Người thuộc hộ nghèo", 5);
    assert!(exempt.is_free());
    assert!(exempt.lines.iter().all(|l| l.waived && l.total == Money::ZERO));
    assert_eq!(
        exempt.lines[0].unit_amount,
        Money::from_dong(200_000),
        "the waived amount is still shown"
    );
}

#[test]
fn quotes_serialise_with_amounts_in_dong() {
    let q = birth().schedule.amount(&values(json!({"so_ban_sao": 2}))).unwrap();
    assert_eq!(
        serde_json::to_value(&q).unwrap(),
        json!({"due": "at_filing", "total_vnd": 16000, "lines": [{"item": "ban_sao_trich_luc",
            "description": "Phí cấp bản sao Trích lục khai sinh", "quantity": 2, "unit_amount_vnd": 8000,
            "total_vnd": 16000, "waived": false}]})
    );
}

#[test]
fn waivers_of_some_items_leave_the_others() {
    let form = vec![
        field("so_ban", FieldKind::Number, true, &[]),
        field("truc_tuyen", FieldKind::Checkbox, false, &[]),
    ];
    let schedule: FeeSchedule = serde_json::from_value(json!({"due": "before_result", "items": [
        {"kind": "fixed", "code": "le_phi", "description": "Lệ phí", "amount_vnd": 50000},
        {"kind": "per_unit", "code": "ban_sao", "description": "Bản sao", "field": "so_ban", "unit_amount_vnd": 3000}],
        "exemptions": [{"field": "truc_tuyen", "values": ["true"], "waived_items": ["le_phi"]}]}))
    .unwrap();
    assert_eq!(errors(&schedule, &form), vec![]);
    let online = schedule
        .amount(&values(json!({"so_ban": 2, "truc_tuyen": true})))
        .unwrap();
    assert_eq!(online.total, Money::from_dong(6_000));
    assert_eq!(online.due, FeeDue::BeforeResult);
    let counter = schedule
        .amount(&values(json!({"so_ban": 2, "truc_tuyen": "false"})))
        .unwrap();
    assert_eq!(counter.total, Money::from_dong(56_000));
}

#[test]
fn bad_quantities_and_choices_are_clear_errors() {
    let ex = judicial();
    let fee = |v: Value| ex.schedule.amount(&values(v)).map(|q| q.total);
    let missing = fee(json!({"doi_tuong": "Công dân"})).unwrap_err();
    assert_eq!(
        (missing.code(), missing.field()),
        ("quantity_missing", Some("so_luong_phieu"))
    );
    assert_eq!(
        fee(json!({"doi_tuong": "Công dân", "so_luong_phieu": " "}))
            .unwrap_err()
            .code(),
        "quantity_missing"
    );
    for bad in [
        json!("2.5"),
        json!(2.5),
        json!("hai"),
        json!("1e3"),
        json!(true),
        json!([1]),
        json!("+3"),
    ] {
        let e = fee(json!({"doi_tuong": "Công dân", "so_luong_phieu": bad})).unwrap_err();
        assert_eq!(e.code(), "quantity_invalid", "{bad}");
    }
    for out in [
        json!(0),
        json!(21),
        json!("-1"),
        json!(u64::MAX),
        json!("99999999999999999999"),
    ] {
        let e = fee(json!({"doi_tuong": "Công dân", "so_luong_phieu": out})).unwrap_err();
        assert!(
            matches!(e.code(), "quantity_out_of_range" | "quantity_invalid"),
            "{out}: {e:?}"
        );
    }
    assert_eq!(
        fee(json!({"doi_tuong": "Công dân", "so_luong_phieu": 21})).unwrap_err(),
        FeeError::QuantityOutOfRange {
            field: "so_luong_phieu".into(),
            min: 1,
            max: 20
        }
    );
    assert_eq!(fee(json!({"so_luong_phieu": 1})).unwrap_err().code(), "choice_missing");
    assert_eq!(
        fee(json!({"doi_tuong": "Khác", "so_luong_phieu": 1}))
            .unwrap_err()
            .code(),
        "choice_unknown"
    );
    assert_eq!(
        fee(json!({"doi_tuong": " Sinh viên ", "so_luong_phieu": " 3 "})),
        Ok(Money::from_dong(105_000))
    );
}

#[test]
fn overflow_is_an_error_not_a_wrap() {
    // An unvalidated schedule (validation would refuse these amounts) still cannot wrap.
    let schedule: FeeSchedule = serde_json::from_value(json!({"due": "at_filing", "items": [
        {"kind": "per_unit", "code": "a", "description": "a", "field": "n", "unit_amount_vnd": i64::MAX, "max_units": 1000},
        {"kind": "fixed", "code": "b", "description": "b", "amount_vnd": i64::MAX},
        {"kind": "fixed", "code": "c", "description": "c", "amount_vnd": 1}]}))
    .unwrap();
    assert_eq!(schedule.amount(&values(json!({"n": 2}))), Err(FeeError::Overflow));
    assert_eq!(
        schedule.amount(&values(json!({"n": 0}))),
        Err(FeeError::Overflow),
        "sum overflows"
    );
}

#[test]
fn validation_names_each_problem_and_where() {
    let form = vec![
        field("so_ban", FieldKind::Number, true, &[]),
        field("tuy_chon", FieldKind::Number, false, &[]),
        field("doi_tuong", FieldKind::Select, true, &["A", "B", "C"]),
        field("ghi_chu", FieldKind::Text, false, &[]),
    ];
    let schedule: FeeSchedule = serde_json::from_value(json!({"due": "at_filing", "items": [
        {"kind": "fixed", "code": "phi", "description": "Phí", "amount_vnd": -1},
        {"kind": "fixed", "code": "phi", "description": " ", "amount_vnd": 10_000_000_001i64},
        {"kind": "per_unit", "code": "Ban-sao", "description": "x", "field": "khong_co", "unit_amount_vnd": 1000},
        {"kind": "per_unit", "code": "b", "description": "x", "field": "ghi_chu", "unit_amount_vnd": 1000},
        {"kind": "per_unit", "code": "c", "description": "x", "field": "tuy_chon", "unit_amount_vnd": 1000,
         "min_units": 5, "max_units": 4, "free_units": 9},
        {"kind": "per_unit", "code": "d", "description": "x", "field": "so_ban", "unit_amount_vnd": 1, "max_units": 1001},
        {"kind": "by_choice", "code": "e", "description": "x", "field": "doi_tuong", "amounts": [
            {"option": "A", "amount_vnd": 1}, {"option": "A", "amount_vnd": 2}, {"option": "Z", "amount_vnd": 3}]},
        {"kind": "by_choice", "code": "f", "description": "x", "field": "so_ban", "amounts": []}],
        "exemptions": [
            {"field": "doi_tuong", "values": ["B", "B", "Q"], "waived_items": ["phi", "khong_co"]},
            {"field": "ghi_chu", "values": [], "waived_items": []}]}))
    .unwrap();
    assert_eq!(
        errors(&schedule, &form),
        vec![
            ("items/0/amount_vnd".to_owned(), "negative_amount"),
            ("items/1/code".to_owned(), "duplicate_item"),
            ("items/1/description".to_owned(), "required"),
            ("items/1/amount_vnd".to_owned(), "amount_too_large"),
            ("items/2/code".to_owned(), "invalid_format"),
            ("items/2/field".to_owned(), "unknown_field"),
            ("items/3/field".to_owned(), "wrong_field_kind"),
            ("items/4/field".to_owned(), "field_not_required"),
            ("items/4/min_units".to_owned(), "out_of_range"),
            ("items/4/free_units".to_owned(), "out_of_range"),
            ("items/5/max_units".to_owned(), "out_of_range"),
            ("items/6/amounts/1/option".to_owned(), "duplicate_option"),
            ("items/6/amounts/2/option".to_owned(), "unknown_option"),
            ("items/6/amounts".to_owned(), "option_not_priced"),
            ("items/6/amounts".to_owned(), "option_not_priced"),
            ("items/7/field".to_owned(), "wrong_field_kind"),
            ("items/7/amounts".to_owned(), "required"),
            ("exemptions/0/values/1".to_owned(), "duplicate"),
            ("exemptions/0/values/2".to_owned(), "unknown_option"),
            ("exemptions/0/waived_items/1".to_owned(), "unknown_item"),
            ("exemptions/1/field".to_owned(), "wrong_field_kind"),
            ("exemptions/1/values".to_owned(), "required"),
            ("exemptions/1/waived_items".to_owned(), "required"),
        ]
    );
}

#[test]
fn an_empty_schedule_is_refused() {
    let schedule = FeeSchedule {
        due: FeeDue::AtFiling,
        items: vec![],
        exemptions: vec![],
    };
    assert_eq!(errors(&schedule, &[]), vec![("items".to_owned(), "empty_schedule")]);
}

#[test]
fn unknown_json_is_refused_when_reading() {
    let typo = json!({"due": "at_filing", "items": [{"kind": "fixed", "code": "a", "description": "a", "amount": 1}]});
    assert!(serde_json::from_value::<FeeSchedule>(typo).is_err());
    let kind = json!({"due": "at_filing", "items": [{"kind": "percent", "code": "a", "description": "a"}]});
    assert!(serde_json::from_value::<FeeSchedule>(kind).is_err());
    let due = json!({"due": "later", "items": []});
    assert!(serde_json::from_value::<FeeSchedule>(due).is_err());
}

#[test]
fn schedules_survive_a_json_round_trip() {
    for ex in [birth(), judicial()] {
        let text = serde_json::to_string(&ex.schedule).unwrap();
        assert_eq!(serde_json::from_str::<FeeSchedule>(&text).unwrap(), ex.schedule);
    }
}

#[test]
fn the_procedure_validation_can_nest_schedule_errors() {
    // How `ProcedureInput::validate` will place them: under `fee_schedule/…`.
    let ex = birth();
    let mut broken = ex.schedule.clone();
    broken.items.push(broken.items[0].clone());
    let mut v = crate::validation::Validation::new();
    v.nest("fee_schedule", broken.validate(&ex.form));
    assert_eq!(v.errors()[0].field, "fee_schedule/items/1/code");
    assert_eq!(v.errors()[0].code, "duplicate_item");
}
