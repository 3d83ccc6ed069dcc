use time::macros::date;

use super::*;
use crate::account::{AccountKind, RoleGrant};
use crate::ids::UserId;

fn communes() -> Vec<Commune> {
    vec![
        Commune {
            code: "H15.50".into(),
            name: commune_name("Ủy ban nhân dân phường Buôn Ma Thuột"),
        },
        Commune {
            code: "H15.53".into(),
            name: commune_name("Ủy ban nhân dân xã Hòa Phú"),
        },
    ]
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
fn commune_names_drop_the_committee() {
    assert_eq!(communes()[0].name, "phường Buôn Ma Thuột");
    assert_eq!(commune_name("Xã Hòa Phú"), "Xã Hòa Phú");
}

#[test]
fn an_address_is_checked_against_the_communes_and_every_error_comes_at_once() {
    let ok = AddressInput {
        recipient: "  Nguyễn   Văn An ".into(),
        phone: "+84 912 345 678".into(),
        street: "12 Lê Duẩn, tổ dân phố 3".into(),
        commune: "H15.53".into(),
    }
    .validate(&communes())
    .unwrap();
    assert_eq!(ok.recipient, "Nguyễn Văn An");
    assert_eq!(ok.phone, "0912345678");
    assert_eq!(ok.commune_code, "H15.53");
    let errs = AddressInput {
        recipient: String::new(),
        phone: "12345".into(),
        street: "   ".into(),
        commune: "H15.99".into(),
    }
    .validate(&communes())
    .unwrap_err();
    let codes: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
    assert_eq!(
        codes,
        vec![
            ("recipient", "required"),
            ("phone", "invalid_phone"),
            ("street", "address_required"),
            ("commune", "unknown_commune")
        ]
    );
    let missing = AddressInput::default().validate(&communes()).unwrap_err();
    assert!(
        missing
            .iter()
            .any(|e| e.field == "commune" && e.code == "commune_required")
    );
    assert!(missing.iter().any(|e| e.field == "phone" && e.code == "required"));
    let long = AddressInput {
        street: "đ".repeat(STREET_MAX + 1),
        ..AddressInput {
            recipient: "An".into(),
            phone: "0912345678".into(),
            street: String::new(),
            commune: "H15.50".into(),
        }
    };
    assert_eq!(long.validate(&communes()).unwrap_err()[0].code, "too_long");
}

#[test]
fn the_applicant_chooses_the_post_until_the_result_leaves() {
    let applicant = person(1, AccountKind::Citizen, vec![]);
    let mut state = DossierState::submitted(AgencyId(3), Some(UserId(1)));
    assert_eq!(may_choose(&applicant, &state, None), Ok(()));
    let requested = PostalState {
        status: PostalStatus::Requested,
        handed_on: None,
        tracking_number: None,
    };
    assert_eq!(
        may_choose(&applicant, &state, Some(&requested)),
        Ok(()),
        "changing the address"
    );
    let handed = PostalState {
        status: PostalStatus::HandedToPost,
        ..requested.clone()
    };
    state.status = Status::Processed;
    assert_eq!(
        may_choose(&applicant, &state, Some(&handed)),
        Err(PostalError::AlreadyHanded)
    );
    assert_eq!(
        may_choose(&person(2, AccountKind::Citizen, vec![]), &state, None),
        Err(PostalError::NotTheApplicant)
    );
    state.status = Status::ResultReturned;
    assert_eq!(may_choose(&applicant, &state, None), Err(PostalError::DossierEnded));
    let counter = person(
        9,
        AccountKind::Officer,
        vec![RoleGrant {
            role: Role::OneStopOfficer,
            agency_id: AgencyId(3),
            unit_id: None,
        }],
    );
    assert!(may_record(&counter, AgencyId(3)));
    assert!(!may_record(&counter, AgencyId(4)));
    assert!(!may_record(&applicant, AgencyId(3)));
}

#[test]
fn postal_steps_follow_each_other_with_their_dates() {
    let today = date!(2026 - 12 - 20);
    let requested = PostalState {
        status: PostalStatus::Requested,
        handed_on: None,
        tracking_number: None,
    };
    let hand = PostalEvent::HandedToPost {
        tracking_number: " eb123456789vn ".into(),
        on: date!(2026 - 12 - 18),
    };
    assert_eq!(
        apply(None, Status::Processed, &hand, today),
        Err(PostalError::NotChosen)
    );
    assert_eq!(
        apply(Some(&requested), Status::Received, &hand, today),
        Err(PostalError::ResultNotReady)
    );
    let handed = apply(Some(&requested), Status::Processed, &hand, today).unwrap();
    assert_eq!(handed.status, PostalStatus::HandedToPost);
    assert_eq!(handed.tracking_number.as_deref(), Some("EB123456789VN"));
    assert_eq!(
        apply(Some(&handed), Status::ResultReturned, &hand, today),
        Err(PostalError::WrongStep(PostalStatus::HandedToPost)),
        "not handed twice"
    );
    let early = PostalEvent::Delivered {
        on: date!(2026 - 12 - 17),
    };
    match apply(Some(&handed), Status::ResultReturned, &early, today) {
        Err(PostalError::Invalid(errs)) => assert_eq!(errs[0].code, "date_before_handed"),
        other => panic!("{other:?}"),
    }
    let future = PostalEvent::Delivered {
        on: date!(2026 - 12 - 21),
    };
    match apply(Some(&handed), Status::ResultReturned, &future, today) {
        Err(PostalError::Invalid(errs)) => assert_eq!(errs[0].code, "date_in_future"),
        other => panic!("{other:?}"),
    }
    let back = PostalEvent::ReturnedUndelivered {
        on: today,
        note: "Không có người nhận".into(),
    };
    let returned = apply(Some(&handed), Status::ResultReturned, &back, today).unwrap();
    assert_eq!(returned.status, PostalStatus::ReturnedUndelivered);
    assert_eq!(
        apply(
            Some(&returned),
            Status::ResultReturned,
            &PostalEvent::Delivered { on: today },
            today
        ),
        Err(PostalError::WrongStep(PostalStatus::ReturnedUndelivered))
    );
    let again = PostalEvent::HandedToPost {
        tracking_number: "EB987654321VN".into(),
        on: today,
    };
    let resent = apply(Some(&returned), Status::ResultReturned, &again, today).unwrap();
    let delivered = apply(
        Some(&resent),
        Status::ResultReturned,
        &PostalEvent::Delivered { on: today },
        today,
    )
    .unwrap();
    assert_eq!(delivered.status, PostalStatus::Delivered);
    assert_eq!(delivered.tracking_number.as_deref(), Some("EB987654321VN"));
    let bad_number = PostalEvent::HandedToPost {
        tracking_number: "EB 12<3>".into(),
        on: today,
    };
    match apply(Some(&requested), Status::Processed, &bad_number, today) {
        Err(PostalError::Invalid(errs)) => assert_eq!(errs[0].code, "invalid_tracking_number"),
        other => panic!("{other:?}"),
    }
    for s in PostalStatus::ALL {
        assert_eq!(PostalStatus::parse(s.as_str()), Some(s));
    }
}

#[test]
fn the_steps_offered_are_exactly_the_steps_accepted() {
    let today = date!(2026 - 12 - 20);
    let event = |kind: PostalStatus| match kind {
        PostalStatus::HandedToPost => Some(PostalEvent::HandedToPost {
            tracking_number: "EB123456789VN".into(),
            on: today,
        }),
        PostalStatus::Delivered => Some(PostalEvent::Delivered { on: today }),
        PostalStatus::ReturnedUndelivered => Some(PostalEvent::ReturnedUndelivered {
            on: today,
            note: String::new(),
        }),
        PostalStatus::Requested => None,
    };
    let states: Vec<Option<PostalState>> = std::iter::once(None)
        .chain(PostalStatus::ALL.into_iter().map(|s| {
            Some(PostalState {
                status: s,
                handed_on: Some(today),
                tracking_number: None,
            })
        }))
        .collect();
    for current in &states {
        for status in Status::ALL {
            let offered = possible(current.as_ref(), status);
            for kind in PostalStatus::ALL {
                let Some(e) = event(kind) else { continue };
                let accepted = apply(current.as_ref(), status, &e, today).is_ok();
                assert_eq!(
                    offered.contains(&kind),
                    accepted,
                    "{kind:?} at {current:?} with the dossier {status:?}"
                );
            }
        }
    }
}
