//! The storage contract: every test runs against every backend (SQLite always, PostgreSQL
//! when configured; the project's test command and CI always configure it).

#![allow(clippy::unwrap_used)] // helpers of the test-suite

use motcua_domain::account::{AccountKind, LoginId, Role, RoleGrant};
use motcua_domain::agency::{AgencyCode, AgencyInput, Level, UnitInput, UnitKind};
use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::ids::UserId;
use motcua_domain::procedure::ProcedureInput;
use motcua_storage::testing;
use motcua_storage::{NewUser, StorageError, Store};

fn code(s: &str) -> AgencyCode {
    AgencyCode::parse(s).unwrap()
}

fn agency(c: &str, level: Level, parent: Option<&str>) -> AgencyInput {
    AgencyInput {
        code: code(c),
        name: format!("Cơ quan {c}"),
        level,
        parent: parent.map(code),
        valid_from: None,
        valid_to: None,
        address: String::new(),
        phone: String::new(),
    }
}

fn procedure() -> ProcedureInput {
    serde_json::from_str(include_str!("../../domain/tests/fixtures/procedure.json")).unwrap()
}

async fn seed_org(store: &Store) {
    store
        .create_agency(None, &agency("H15", Level::Province, None))
        .await
        .unwrap();
    store
        .create_agency(None, &agency("H15.50", Level::Commune, Some("H15")))
        .await
        .unwrap();
}

#[tokio::test]
async fn migrations_of_both_backends_are_equivalent() {
    let sqlite = testing::sqlite().await;
    let Some(pg) = testing::postgres().await else {
        // Without a PostgreSQL server there is nothing to compare against; the project's
        // test command always provides one (MOTCUA_REQUIRE_POSTGRES=1 makes its absence fail).
        return;
    };
    let a = sqlite.store.schema_outline().await.unwrap();
    let b = pg.store.schema_outline().await.unwrap();
    assert!(a.len() > 40, "schema outline looks empty: {a:?}");
    let only_a: Vec<_> = a.iter().filter(|x| !b.contains(x)).collect();
    let only_b: Vec<_> = b.iter().filter(|x| !a.contains(x)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "sqlite only: {only_a:#?}\npostgres only: {only_b:#?}"
    );
}

#[tokio::test]
async fn agencies_and_units() {
    for db in testing::all().await {
        let s = &db.store;
        seed_org(s).await;
        let dup = s.create_agency(None, &agency("H15", Level::Province, None)).await;
        assert!(
            matches!(dup, Err(StorageError::Conflict("code"))),
            "{}: {dup:?}",
            db.label
        );
        let orphan = s
            .create_agency(None, &agency("H16.01", Level::Province, Some("H16")))
            .await;
        assert!(
            matches!(orphan, Err(StorageError::Invalid(_))),
            "{}: {orphan:?}",
            db.label
        );
        let upside_down = s
            .create_agency(None, &agency("H15.50.01", Level::Province, Some("H15.50")))
            .await;
        assert!(
            matches!(upside_down, Err(StorageError::Invalid(ref e)) if e[0].code == "parent_below_child"),
            "{}",
            db.label
        );

        let commune = s.agency_by_code(&code("H15.50")).await.unwrap().unwrap();
        let unit = UnitInput {
            agency: code("H15.50"),
            code: "MC".into(),
            name: "Bộ phận Một cửa".into(),
            kind: UnitKind::OneStop,
        };
        s.create_unit(None, &unit).await.unwrap();
        assert!(matches!(
            s.create_unit(None, &unit).await,
            Err(StorageError::Conflict("code"))
        ));
        let units = s.list_units(commune.id).await.unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(
            units[0].name, "Bộ phận Một cửa",
            "{}: Vietnamese text round-trips",
            db.label
        );
        let all = s.list_agencies().await.unwrap();
        assert_eq!(
            all.iter().map(|a| a.code.as_str()).collect::<Vec<_>>(),
            ["H15", "H15.50"]
        );
    }
}

#[tokio::test]
async fn users_logins_and_roles() {
    for db in testing::all().await {
        let s = &db.store;
        seed_org(s).await;
        let new = NewUser {
            kind: AccountKind::Officer,
            full_name: "Nguyễn Văn A".into(),
            login: LoginId::Email("a@example.vn".into()),
            password_hash: "$argon2id$fake".into(),
        };
        let id = s.create_user(None, &new).await.unwrap();
        assert!(
            matches!(s.create_user(None, &new).await, Err(StorageError::Conflict("login"))),
            "{}",
            db.label
        );
        let found = s
            .user_by_login(&LoginId::Email("a@example.vn".into()))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, id);
        assert!(
            s.user_by_login(&LoginId::Phone("0912345678".into()))
                .await
                .unwrap()
                .is_none()
        );

        let h15 = s.agency_by_code(&code("H15")).await.unwrap().unwrap();
        let grant = RoleGrant {
            role: Role::AgencyAdmin,
            agency_id: h15.id,
            unit_id: None,
        };
        s.grant_role(None, id, &grant).await.unwrap();
        s.grant_role(None, id, &grant).await.unwrap();
        let p = s.principal(id).await.unwrap().unwrap();
        assert_eq!(p.grants, vec![grant], "{}: granting twice keeps one grant", db.label);
        assert!(p.can_edit_procedure(&[h15.id]));
    }
}

#[tokio::test]
async fn sessions_expire_and_tokens_resolve() {
    for db in testing::all().await {
        let s = &db.store;
        s.create_session("h1", None, "csrf1", 60_000).await.unwrap();
        s.create_session("h2", None, "csrf2", -1).await.unwrap();
        assert_eq!(s.session("h1").await.unwrap().unwrap().csrf_token, "csrf1");
        assert!(
            s.session("h2").await.unwrap().is_none(),
            "{}: expired session is gone",
            db.label
        );
        assert_eq!(s.purge_expired_sessions().await.unwrap(), 1);
        s.delete_session("h1").await.unwrap();
        assert!(s.session("h1").await.unwrap().is_none());
    }
}

#[tokio::test]
async fn procedures_version_and_keep_form_versions() {
    for db in testing::all().await {
        let s = &db.store;
        seed_org(s).await;
        let rev0 = s.catalogue_revision().await.unwrap();
        let mut p = procedure();
        let saved = s.create_procedure(Some(UserId(1)), &p).await.unwrap();
        assert_eq!(saved.version, 1);
        assert!(matches!(
            s.create_procedure(None, &p).await,
            Err(StorageError::Conflict("code"))
        ));

        p.form.pop();
        p.time_limit.value = 3;
        let stale = s.update_procedure(None, &p.code, &p, Some(7)).await;
        assert!(
            matches!(stale, Err(StorageError::Conflict("version"))),
            "{}: stale version refused",
            db.label
        );
        let v2 = s.update_procedure(None, &p.code, &p, Some(1)).await.unwrap();
        assert_eq!(v2.version, 2);
        assert_eq!(v2.procedure.time_limit.value, 3);
        let forms = s.form_versions(v2.id).await.unwrap();
        assert_eq!(
            forms.iter().map(|f| f.0).collect::<Vec<_>>(),
            [1, 2],
            "{}: both form versions kept",
            db.label
        );
        assert!(s.catalogue_revision().await.unwrap() >= rev0 + 2);

        let mut bad = p.clone();
        bad.agencies = vec![code("H99")];
        let err = s.update_procedure(None, &p.code, &bad, None).await;
        assert!(matches!(err, Err(StorageError::Invalid(ref e)) if e[0].code == "unknown_agency"));
        assert_eq!(
            s.procedure_by_code(&p.code).await.unwrap().unwrap().version,
            2,
            "nothing written"
        );
    }
}

#[tokio::test]
async fn catalogue_import_is_all_or_nothing_and_idempotent() {
    for db in testing::all().await {
        let s = &db.store;
        let mut doc = CatalogueDoc {
            agencies: vec![
                agency("H15", Level::Province, None),
                agency("H15.50", Level::Commune, Some("H15")),
            ],
            units: vec![UnitInput {
                agency: code("H15.50"),
                code: "MC".into(),
                name: "Một cửa".into(),
                kind: UnitKind::OneStop,
            }],
            procedures: vec![procedure()],
        };
        let mut broken = doc.clone();
        let mut second = procedure();
        second.code = "1.000000".into();
        second.name = String::new();
        broken.procedures.push(second);
        let err = s.import_catalogue(None, &broken).await.unwrap_err();
        match err {
            StorageError::InvalidCatalogue(items) => {
                assert_eq!(items[0].item, "procedures/1");
                assert_eq!(items[0].error.field, "name");
            }
            other => panic!("{}: {other:?}", db.label),
        }
        assert!(
            s.list_agencies().await.unwrap().is_empty(),
            "{}: nothing half-imported",
            db.label
        );

        let first = s.import_catalogue(None, &doc).await.unwrap();
        assert_eq!((first.agencies, first.units, first.procedures_created), (2, 1, 1));
        let again = s.import_catalogue(None, &doc).await.unwrap();
        assert_eq!(
            (again.procedures_created, again.procedures_unchanged),
            (0, 1),
            "{}: idempotent",
            db.label
        );
        doc.procedures[0].name = "Đăng ký kết hôn (sửa)".into();
        assert_eq!(s.import_catalogue(None, &doc).await.unwrap().procedures_updated, 1);
        assert_eq!(s.load_catalogue().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn audit_trail_records_and_refuses_rewrites() {
    for db in testing::all().await {
        let s = &db.store;
        seed_org(s).await;
        s.create_procedure(Some(UserId(42)), &procedure()).await.unwrap();
        let log = s.recent_audit(10).await.unwrap();
        assert_eq!(log[0].action, "procedure.created");
        assert_eq!(log[0].actor_id, Some(UserId(42)));
        assert_eq!(log[0].object_id, "1.000894");
        let update = sqlx::query("UPDATE audit_log SET action = 'x'")
            .execute(s.write_pool())
            .await;
        assert!(update.is_err(), "{}: audit_log accepted an UPDATE", db.label);
        let delete = sqlx::query("DELETE FROM audit_log").execute(s.write_pool()).await;
        assert!(delete.is_err(), "{}: audit_log accepted a DELETE", db.label);
        assert_eq!(s.recent_audit(100).await.unwrap().len(), log.len());
    }
}

#[tokio::test]
async fn concurrent_writers_all_succeed() {
    for db in testing::all().await {
        let s = db.store.clone();
        seed_org(&s).await;
        let mut tasks = Vec::new();
        for i in 0..40 {
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
                let mut p = procedure();
                p.code = format!("1.{:06}", 100 + i);
                s.create_procedure(None, &p).await.map(|_| ())
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(s.load_catalogue().await.unwrap().len(), 40, "{}", db.label);
    }
}

#[tokio::test]
async fn calendar_table_and_office_hours() {
    use motcua_domain::calendar::{CalendarOverride, OfficeHours, OutsideHours, OverrideKind};
    use time::macros::{date, time};
    for db in testing::all().await {
        let s = &db.store;
        let rev = s.calendar_revision().await.unwrap();
        let o = CalendarOverride {
            date: date!(2026 - 09 - 03),
            kind: OverrideKind::DayOff,
            name: "Nghỉ thêm".into(),
        };
        s.set_calendar_override(Some(UserId(1)), &o).await.unwrap();
        let swapped = CalendarOverride {
            date: date!(2026 - 09 - 03),
            kind: OverrideKind::WorkingDay,
            name: "Làm bù".into(),
        };
        s.set_calendar_override(Some(UserId(1)), &swapped).await.unwrap();
        assert_eq!(
            s.calendar_overrides().await.unwrap(),
            vec![swapped],
            "{}: one row per date",
            db.label
        );
        assert!(s.calendar_revision().await.unwrap() >= rev + 2);
        s.delete_calendar_override(Some(UserId(1)), date!(2026 - 09 - 03))
            .await
            .unwrap();
        assert!(matches!(
            s.delete_calendar_override(None, date!(2026 - 09 - 03)).await,
            Err(StorageError::NotFound)
        ));

        assert_eq!(s.office_hours().await.unwrap(), OfficeHours::default());
        let hours = OfficeHours {
            periods: vec![(time!(7:30), time!(11:30)), (time!(13:00), time!(16:30))],
            outside_hours: OutsideHours::PreviousClose,
        };
        s.set_office_hours(Some(UserId(1)), &hours).await.unwrap();
        assert_eq!(s.office_hours().await.unwrap(), hours);
        let bad = OfficeHours {
            periods: vec![(time!(12:00), time!(8:00))],
            ..OfficeHours::default()
        };
        assert!(matches!(
            s.set_office_hours(None, &bad).await,
            Err(StorageError::Invalid(_))
        ));
    }
}
