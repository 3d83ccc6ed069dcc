//! The key guarantee of notifications, with the built binary: two `motcua worker` processes
//! on one PostgreSQL database deliver 1,000 events to a real SMTP server (aiosmtpd, started
//! here), each exactly once — counted by Message-ID at the server — and both take part.
//! Stopped with SIGTERM, each records what it began and exits cleanly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)] // the helper is shared with the application's tests
#[path = "../../app/tests/support/smtp.rs"]
mod smtp;

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use motcua_app::{App, Settings, dossiers};
use motcua_domain::account::{AccountKind, LoginId, Role, RoleGrant};
use motcua_domain::agency::{AgencyCode, AgencyInput, Level, UnitInput, UnitKind};
use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::dossier::{Action, Applicant};
use motcua_domain::ids::UserId;
use motcua_storage::{DeliveryState, NewUser, Store};
use smtp::SmtpSink;
use tokio::process::{Child, Command};

const EVENTS: usize = 1000;

async fn seed(store: &Store) {
    let agency = |code: &str, level, parent: Option<&str>| AgencyInput {
        code: AgencyCode::parse(code).unwrap(),
        name: format!("Ủy ban nhân dân {code}"),
        level,
        parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
        valid_from: None,
        valid_to: None,
        address: String::new(),
        phone: String::new(),
    };
    let doc = CatalogueDoc {
        agencies: vec![
            agency("H15", Level::Province, None),
            agency("H15.50", Level::Commune, Some("H15")),
        ],
        units: ["MC", "VP", "LD"]
            .into_iter()
            .zip([UnitKind::OneStop, UnitKind::Department, UnitKind::Leadership])
            .map(|(code, kind)| UnitInput {
                agency: AgencyCode::parse("H15.50").unwrap(),
                code: code.into(),
                name: code.into(),
                kind,
            })
            .collect(),
        procedures: vec![serde_json::from_str(include_str!("../../domain/tests/fixtures/procedure.json")).unwrap()],
    };
    store.import_catalogue(None, &doc).await.unwrap();
}

async fn account(store: &Store, login: &str, kind: AccountKind) -> UserId {
    store
        .create_user(
            None,
            &NewUser {
                kind,
                full_name: "Nguyễn Văn An".into(),
                login: LoginId::parse(login).unwrap(),
                password_hash: "not-used".into(),
            },
        )
        .await
        .unwrap()
}

/// `EVENTS` dossiers filed online and received: one `dossier.receive` event each.
async fn events(app: &App, store: &Store) {
    let citizen = account(store, "an.nguyen@example.vn", AccountKind::Citizen).await;
    let officer = account(store, "mc@daklak.gov.vn", AccountKind::Officer).await;
    let h1550 = store
        .agency_by_code(&AgencyCode::parse("H15.50").unwrap())
        .await
        .unwrap()
        .unwrap();
    let grant = RoleGrant {
        role: Role::OneStopOfficer,
        agency_id: h1550.id,
        unit_id: None,
    };
    store.grant_role(None, officer, &grant).await.unwrap();
    let citizen = store.principal(citizen).await.unwrap().unwrap();
    let officer = store.principal(officer).await.unwrap().unwrap();
    for _ in 0..EVENTS {
        let mut data = serde_json::Map::new();
        data.insert("ho_ten_chong".into(), "Nguyễn Văn An".into());
        data.insert("so_dinh_danh_chong".into(), "066190001234".into());
        data.insert("ngay_sinh_chong".into(), "1990-05-02".into());
        let filing = dossiers::Filing {
            procedure: "1.000894".into(),
            agency: "H15.50".into(),
            applicant: Applicant {
                full_name: "Nguyễn Văn An".into(),
                id_number: "066190001234".into(),
                address: "12 Lê Duẩn".into(),
                phone: "0912345678".into(),
                ..Applicant::default()
            },
            data,
            channel: None,
        };
        let d = dossiers::file(app, &citizen, filing).await.unwrap();
        dossiers::act(app, &officer, &d.code, d.version, Action::Receive)
            .await
            .unwrap();
    }
}

fn worker(url: &str, smtp_port: u16, dir: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .arg("worker")
        .current_dir(dir)
        .env_remove("MOTCUA_CONFIG")
        .env("MOTCUA_DATABASE_URL", url)
        .env("MOTCUA_DATA_DIR", dir)
        .env("MOTCUA_PUBLIC_URL", "https://dichvucong.daklak.gov.vn")
        .env("MOTCUA_SMTP_HOST", "127.0.0.1")
        .env("MOTCUA_SMTP_PORT", smtp_port.to_string())
        .env("MOTCUA_SMTP_SECURITY", "plain_local_relay")
        .env(
            "MOTCUA_SMTP_FROM",
            "Cổng Dịch vụ công <no-reply@dichvucong.daklak.gov.vn>",
        )
        .env("MOTCUA_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("the motcua binary starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_worker_processes_on_one_postgres_deliver_each_event_exactly_once() {
    let Some(db) = motcua_storage::testing::postgres().await else {
        // Only PostgreSQL has several processes writing at once; the project's test command
        // always provides it (MOTCUA_REQUIRE_POSTGRES=1 makes its absence fail).
        return;
    };
    seed(&db.store).await;
    let files = tempfile::tempdir().unwrap();
    let app = App::new(
        db.store.clone(),
        motcua_storage::FileStore::local(files.path()).unwrap(),
        Settings::default(),
    )
    .await
    .unwrap();
    events(&app, &db.store).await;
    digests_already_sent(&db.store).await;

    let sink = SmtpSink::start(&[]).await;
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let mut workers: Vec<Child> = dirs.iter().map(|d| worker(&db.url, sink.port, d.path())).collect();
    let end = tokio::time::Instant::now() + Duration::from_secs(600);
    while sink.count() < EVENTS && tokio::time::Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // Give a would-be duplicate time to arrive.
    tokio::time::sleep(Duration::from_secs(3)).await;
    for w in &mut workers {
        let pid = w.id().expect("running").to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(killed.success());
    }
    for w in &mut workers {
        let status = tokio::time::timeout(Duration::from_secs(60), w.wait())
            .await
            .expect("a worker stops within a minute of SIGTERM")
            .unwrap();
        assert!(status.success(), "a worker exits cleanly: {status}");
    }

    let ids: Vec<String> = sink
        .all()
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_owned())
        .collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), EVENTS, "as many messages as events");
    assert_eq!(distinct.len(), EVENTS, "no Message-ID twice");
    let sent = db.store.deliveries_in(DeliveryState::Sent, 10_000).await.unwrap();
    assert_eq!(sent.len(), EVENTS);
    assert!(sent.iter().all(|d| d.attempts == 1), "one attempt each");
    let keys: HashSet<String> = sent
        .iter()
        .map(|d| format!("<motcua.{}@dichvucong.daklak.gov.vn>", d.key))
        .collect();
    assert_eq!(
        keys,
        distinct.into_iter().cloned().collect(),
        "each message is one delivery"
    );
    let owners: HashSet<&str> = sent.iter().filter_map(|d| d.owner.as_deref()).collect();
    assert_eq!(owners.len(), 2, "both workers delivered: {owners:?}");
    assert_eq!(db.store.outbox_backlog().await.unwrap(), 0);
}

/// The officers' daily digest goes out from its hour onwards; these tests count the
/// dossiers' messages alone, so today's and tomorrow's digests (Vietnam time) are marked
/// sent before the workers start, whatever the hour the suite runs at.
async fn digests_already_sent(store: &Store) {
    let now = time::OffsetDateTime::now_utc();
    let today = now.to_offset(motcua_domain::calendar::VIETNAM).date();
    for day in [today, today.next_day().unwrap_or(today)] {
        store.mark_digest_done(day, now).await.unwrap();
    }
}
