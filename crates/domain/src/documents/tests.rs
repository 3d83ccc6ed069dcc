use time::macros::date;

use super::*;
use crate::account::{AccountKind, Role, RoleGrant};
use crate::procedure::form::is_key;

fn component(document_type: Option<&str>, file_types: &[&str]) -> Component {
    Component {
        code: "giay_to_tuy_than".into(),
        name: "Bản chụp thẻ Căn cước".into(),
        required: true,
        originals: 0,
        copies: 1,
        file_types: file_types.iter().map(|t| (*t).to_owned()).collect(),
        note: String::new(),
        document_type: document_type.map(str::to_owned),
    }
}

#[test]
fn the_catalogue_of_types_reads_and_its_codes_are_unique_keys() {
    let all = types();
    assert!(all.len() >= 10, "{} types", all.len());
    for (i, t) in all.iter().enumerate() {
        assert!(is_key(&t.code), "{} is not a key", t.code);
        assert!(
            !t.vi.trim().is_empty() && !t.en.trim().is_empty(),
            "{} lacks a name",
            t.code
        );
        assert!(!all[..i].iter().any(|o| o.code == t.code), "{} appears twice", t.code);
    }
    for code in ["cccd", "giay_khai_sinh", "trich_luc_ket_hon", "phieu_ly_lich_tu_phap"] {
        assert!(document_type(code).is_some(), "{code} is listed");
    }
    assert_eq!(document_type("cccd").map(|t| t.en.as_str()), Some("Identity card"));
    assert!(document_type("hoa_don_dien").is_none());
}

#[test]
fn origins_round_trip() {
    for o in Origin::ALL {
        assert_eq!(Origin::parse(o.as_str()), Some(o));
    }
    assert_eq!(Origin::parse("stolen"), None);
}

#[test]
fn a_kept_document_stands_for_a_component_of_its_type_and_file_type() {
    let c = component(Some("cccd"), &["pdf", "jpeg"]);
    assert_eq!(may_reuse(&c, Some("cccd"), "application/pdf"), Ok(()));
    assert_eq!(may_reuse(&c, Some("cccd"), "image/jpeg"), Ok(()), "jpeg accepts jpg");
    assert_eq!(may_reuse(&c, Some("cccd"), "image/png"), Err(ReuseRefusal::FileType));
    assert_eq!(
        may_reuse(&c, Some("ho_chieu"), "application/pdf"),
        Err(ReuseRefusal::TypeMismatch)
    );
    assert_eq!(may_reuse(&c, None, "application/pdf"), Err(ReuseRefusal::TypeMismatch));
    let untyped = component(None, &["pdf"]);
    assert_eq!(
        may_reuse(&untyped, Some("cccd"), "application/pdf"),
        Err(ReuseRefusal::NotReusable)
    );
    assert_eq!(ReuseRefusal::TypeMismatch.code(), "type_mismatch");
}

#[test]
fn documents_added_are_checked_field_by_field() {
    let today = date!(2026 - 12 - 20);
    let ok = DocumentInput {
        document_type: "giay_khai_sinh".into(),
        title: "Giấy khai sinh của con".into(),
        issued_on: Some(today),
    };
    assert!(ok.validate(today).is_empty());
    assert_eq!(ok.type_code(), Some("giay_khai_sinh"));
    let untyped = DocumentInput {
        document_type: String::new(),
        ..ok.clone()
    };
    assert!(untyped.validate(today).is_empty(), "a type is optional");
    assert_eq!(untyped.type_code(), None);
    let bad = DocumentInput {
        document_type: "hoa_don".into(),
        title: "x".repeat(TITLE_MAX + 1),
        issued_on: Some(date!(2026 - 12 - 21)),
    };
    let codes: Vec<_> = bad
        .validate(today)
        .into_errors()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("document_type".to_owned(), "unknown_document_type"),
            ("title".to_owned(), "too_long"),
            ("issued_on".to_owned(), "date_in_future"),
        ]
    );
    let blank = DocumentInput::default().validate(today).into_errors();
    assert_eq!(blank[0].code, "required");
}

fn person(id: i64, kind: AccountKind, grants: Vec<RoleGrant>) -> Principal {
    Principal {
        user_id: UserId(id),
        kind,
        display_name: format!("user {id}"),
        grants,
    }
}

#[test]
fn only_the_owner_holds_a_document_and_only_officers_of_the_dossier_push() {
    let citizen = person(1, AccountKind::Citizen, vec![]);
    assert!(is_owner(&citizen, UserId(1)));
    assert!(!is_owner(&citizen, UserId(2)));
    let at = |agency| RoleGrant {
        role: Role::OneStopOfficer,
        agency_id: AgencyId(agency),
        unit_id: None,
    };
    let officer = person(5, AccountKind::Officer, vec![at(7)]);
    let elsewhere = person(6, AccountKind::Officer, vec![at(8)]);
    let mut state = DossierState::submitted(AgencyId(7), Some(UserId(1)));
    assert!(may_push(&officer, AgencyId(7), &state));
    assert!(!may_push(&elsewhere, AgencyId(7), &state));
    assert!(
        !may_push(&citizen, AgencyId(7), &state),
        "the applicant adds, not pushes"
    );
    state.agency_id = AgencyId(8);
    assert!(may_push(&elsewhere, AgencyId(7), &state), "the agency handling it now");
    state.applicant_id = None;
    assert!(!may_push(&officer, AgencyId(7), &state), "no account to push to");
}
