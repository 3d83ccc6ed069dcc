use time::macros::datetime;

use super::*;
use crate::account::{AccountKind, RoleGrant};
use crate::ids::UserId;

fn citizen(id: i64) -> Principal {
    Principal {
        user_id: UserId(id),
        kind: AccountKind::Citizen,
        display_name: "Nguyễn Văn An".into(),
        grants: vec![],
    }
}

fn ended(status: Status) -> DossierState {
    let mut s = DossierState::submitted(AgencyId(3), Some(UserId(1)));
    s.status = status;
    s
}

#[test]
fn a_rating_needs_satisfied_or_not_and_a_short_plain_comment() {
    let r = RatingInput {
        satisfied: Some(false),
        attitude: Some(true),
        comment: "  Chờ lâu quá  ".into(),
        ..RatingInput::default()
    }
    .validate()
    .unwrap();
    assert!(!r.satisfied);
    assert_eq!(r.criterion(Criterion::Attitude), Some(true));
    assert_eq!(r.criterion(Criterion::Time), None);
    assert_eq!(r.comment, "Chờ lâu quá");
    let errs = RatingInput {
        satisfied: None,
        comment: "x".repeat(COMMENT_MAX + 1),
        ..RatingInput::default()
    }
    .validate()
    .unwrap_err();
    let codes: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
    assert_eq!(codes, vec![("satisfied", "required"), ("comment", "too_long")]);
    let exactly = RatingInput {
        satisfied: Some(true),
        comment: "ổ".repeat(COMMENT_MAX),
        ..RatingInput::default()
    };
    assert!(exactly.validate().is_ok(), "1000 characters, however many bytes");
    let control = RatingInput {
        satisfied: Some(true),
        comment: "dòng 1\ndòng 2\u{7}".into(),
        ..RatingInput::default()
    };
    assert_eq!(control.validate().unwrap_err()[0].code, "invalid_format");
}

#[test]
fn only_the_applicant_rates_an_ended_dossier_and_may_change_it_for_seven_days() {
    let now = datetime!(2026-12-20 10:00 UTC);
    for s in [Status::ResultReturned, Status::Refused, Status::Withdrawn] {
        assert_eq!(may_rate(&citizen(1), &ended(s), None, now), Ok(()), "{s:?}");
    }
    for s in [
        Status::Submitted,
        Status::Received,
        Status::SupplementRequested,
        Status::Processed,
        Status::Stopped,
    ] {
        assert_eq!(
            may_rate(&citizen(1), &ended(s), None, now),
            Err(RatingError::NotFinished),
            "{s:?}"
        );
    }
    let done = ended(Status::ResultReturned);
    assert_eq!(
        may_rate(&citizen(2), &done, None, now),
        Err(RatingError::NotTheApplicant)
    );
    let officer = Principal {
        kind: AccountKind::Officer,
        ..citizen(1)
    };
    assert_eq!(
        may_rate(&officer, &done, None, now),
        Err(RatingError::NotTheApplicant),
        "an officer never rates, even one who filed for themselves"
    );
    let rated = datetime!(2026-12-13 10:00:01 UTC);
    assert_eq!(
        may_rate(&citizen(1), &done, Some(rated), now),
        Ok(()),
        "6 days 23:59:59 later"
    );
    let long_ago = datetime!(2026-12-13 10:00 UTC);
    assert_eq!(
        may_rate(&citizen(1), &done, Some(long_ago), now),
        Err(RatingError::AlreadyRated),
        "seven days to the second"
    );
    assert_eq!(RatingError::AlreadyRated.code(), "already_rated");
    assert_eq!(editable_until(long_ago), now);
}

#[test]
fn tallies_count_ratings_and_criteria_and_round_the_share() {
    let mut t = Tally::default();
    assert_eq!(t.satisfied_per_mille(), None);
    let yes = Rating {
        satisfied: true,
        time: Some(true),
        attitude: None,
        clarity: Some(false),
        comment: String::new(),
    };
    let no = Rating {
        satisfied: false,
        time: Some(false),
        ..yes.clone()
    };
    t.add(&yes);
    t.add(&yes);
    t.add(&no);
    assert_eq!((t.count, t.satisfied), (3, 2));
    assert_eq!(t.criteria, [(2, 1), (0, 0), (0, 3)]);
    assert_eq!(t.satisfied_per_mille(), Some(667), "2/3 = 66.67 % → 66.7 %");
    assert_eq!(share(1, 8), Some(125));
    assert_eq!(share(1, 16), Some(63), "6.25 % rounds half up to 6.3 %");
    assert_eq!(share(u64::MAX, u64::MAX), Some(1000));
}

#[test]
fn leaders_read_the_agencies_and_units_of_their_leader_grants() {
    let grant = |role, agency, unit: Option<i64>| RoleGrant {
        role,
        agency_id: AgencyId(agency),
        unit_id: unit.map(UnitId),
    };
    let who = Principal {
        kind: AccountKind::Officer,
        grants: vec![
            grant(Role::Leader, 3, None),
            grant(Role::Specialist, 4, None),
            grant(Role::Leader, 5, Some(9)),
        ],
        ..citizen(7)
    };
    assert_eq!(
        leader_scopes(&who),
        vec![(AgencyId(3), None), (AgencyId(5), Some(UnitId(9)))]
    );
    assert!(leader_scopes(&citizen(1)).is_empty());
}
