//! A real application on a real database (every backend), with the test catalogue, a
//! citizen, a one-stop officer and a system administrator; helpers to file and act on
//! dossiers and to run the delivery job's rounds by hand.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod receiver;
pub mod smtp;

use std::time::Duration;

use motcua_app::notifications::{EmailOutlet, Outlets, deliver_due, fan_out};
use motcua_app::{App, Settings, dossiers};
use motcua_domain::account::{AccountKind, LoginId, Principal, Role, RoleGrant};
use motcua_domain::agency::{AgencyCode, AgencyInput, Level, UnitInput, UnitKind};
use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::dossier::{Action, Applicant};
use motcua_domain::ids::UserId;
use motcua_domain::procedure::ProcedureInput;
use motcua_notify::{SmtpConfig, SmtpSecurity, SmtpSender};
use motcua_storage::testing::{self, TestDb};
use motcua_storage::{DossierRecord, NewUser, Store};

pub const PUBLIC_URL: &str = "https://dichvucong.daklak.gov.vn";
pub const PORTAL: &str = "Cổng Dịch vụ công tỉnh Đắk Lắk";
pub const FROM: &str = "Cổng Dịch vụ công tỉnh Đắk Lắk <no-reply@dichvucong.daklak.gov.vn>";
pub const CITIZEN_EMAIL: &str = "an.nguyen@example.vn";
pub const FORM_PHONE: &str = "0912 345 678";

/// Settings with short waits, so retries happen within a test.
pub fn fast_settings() -> Settings {
    let mut s = Settings {
        public_url: PUBLIC_URL.into(),
        ..Settings::default()
    };
    let n = &mut s.notifications;
    n.portal_name = PORTAL.into();
    n.portal_name_en = Some("Đắk Lắk Public Service Portal".into());
    n.backoff_base = Duration::from_millis(100);
    n.backoff_cap = Duration::from_millis(400);
    n.max_attempts = 5;
    n.lease = Duration::from_secs(30);
    s
}

/// E-mail through the SMTP server on `port` (plain: it is on this host).
pub fn smtp_outlets(port: u16) -> Outlets {
    let config = SmtpConfig {
        port: Some(port),
        security: SmtpSecurity::PlainLocalRelay,
        timeout_seconds: 5,
        ..SmtpConfig::new("127.0.0.1", FROM)
    };
    Outlets {
        email: Some(EmailOutlet::Smtp(SmtpSender::new(&config).unwrap())),
        ..Outlets::default()
    }
}

/// SMS through the gateway at `base` (JSON body, an API key header, success when `code` is 0).
pub fn sms_sender(base: &str) -> motcua_notify::SmsSender {
    let config: motcua_notify::SmsGatewayConfig = serde_json::from_value(serde_json::json!({
        "url": format!("{base}/sms"),
        "body": {"format": "json", "template": "{\"to\": \"{phone}\", \"text\": \"{text}\", \"ref\": \"{id}\"}"},
        "auth": {"kind": "header", "name": "X-Api-Key", "value": "khoa-thu-nghiem"},
        "success_field": "code",
        "success_value": "0",
        "message_id_field": "id",
        "timeout_seconds": 5
    }))
    .unwrap();
    motcua_notify::SmsSender::new(config).unwrap()
}

/// Zalo ZNS at `base`, with a template id for the receipt only.
pub fn zns_sender(base: &str) -> motcua_notify::ZnsSender {
    let config: motcua_notify::ZnsConfig = serde_json::from_value(serde_json::json!({
        "url": format!("{base}/zns"),
        "access_token": "zalo-token-thu-nghiem",
        "templates": {"dossier_received": "231001"},
        "timeout_seconds": 5
    }))
    .unwrap();
    motcua_notify::ZnsSender::new(config).unwrap()
}

fn procedure() -> ProcedureInput {
    serde_json::from_str(include_str!("../../../domain/tests/fixtures/procedure.json")).unwrap()
}

fn agency(code: &str, level: Level, parent: Option<&str>, name: &str) -> AgencyInput {
    AgencyInput {
        code: AgencyCode::parse(code).unwrap(),
        name: name.into(),
        level,
        parent: parent.map(|p| AgencyCode::parse(p).unwrap()),
        valid_from: None,
        valid_to: None,
        address: "01 Lê Duẩn, phường Buôn Ma Thuột".into(),
        phone: "0262 3812 345".into(),
    }
}

async fn seed(store: &Store) {
    let doc = CatalogueDoc {
        agencies: vec![
            agency("H15", Level::Province, None, "Ủy ban nhân dân tỉnh Đắk Lắk"),
            agency(
                "H15.50",
                Level::Commune,
                Some("H15"),
                "Ủy ban nhân dân phường Buôn Ma Thuột",
            ),
        ],
        units: [
            ("MC", "Bộ phận Một cửa", UnitKind::OneStop),
            ("VP", "Văn phòng", UnitKind::Department),
            ("LD", "Lãnh đạo", UnitKind::Leadership),
        ]
        .into_iter()
        .map(|(code, name, kind)| UnitInput {
            agency: AgencyCode::parse("H15.50").unwrap(),
            code: code.into(),
            name: name.into(),
            kind,
        })
        .collect(),
        procedures: vec![procedure()],
    };
    store.import_catalogue(None, &doc).await.unwrap();
}

pub async fn account(store: &Store, login: &str, name: &str, kind: AccountKind, roles: &[(Role, &str)]) -> UserId {
    let id = store
        .create_user(
            None,
            &NewUser {
                kind,
                full_name: name.into(),
                login: LoginId::parse(login).unwrap(),
                password_hash: "not-used".into(),
            },
        )
        .await
        .unwrap();
    for (role, code) in roles {
        let a = store
            .agency_by_code(&AgencyCode::parse(code).unwrap())
            .await
            .unwrap()
            .unwrap();
        let grant = RoleGrant {
            role: *role,
            agency_id: a.id,
            unit_id: None,
        };
        store.grant_role(None, id, &grant).await.unwrap();
    }
    id
}

/// The application and its people.
pub struct World {
    pub db: TestDb,
    pub app: App,
    pub citizen: Principal,
    pub officer: Principal,
    pub admin: Principal,
    _files: tempfile::TempDir,
}

impl World {
    pub async fn on(db: TestDb, settings: Settings) -> World {
        seed(&db.store).await;
        let files_dir = tempfile::tempdir().unwrap();
        let files = motcua_storage::FileStore::local(files_dir.path()).unwrap();
        let app = App::new(db.store.clone(), files, settings).await.unwrap();
        let s = &db.store;
        let citizen = account(s, CITIZEN_EMAIL, "Nguyễn Văn An", AccountKind::Citizen, &[]).await;
        let officer = account(
            s,
            "binh.tran@daklak.gov.vn",
            "Trần Thị Bình",
            AccountKind::Officer,
            &[
                (Role::OneStopOfficer, "H15.50"),
                (Role::Specialist, "H15.50"),
                (Role::Leader, "H15.50"),
            ],
        )
        .await;
        let admin = account(
            s,
            "quantri@daklak.gov.vn",
            "Quản trị",
            AccountKind::Officer,
            &[(Role::SystemAdmin, "H15")],
        )
        .await;
        let principal = |id| async move { s.principal(id).await.unwrap().unwrap() };
        World {
            citizen: principal(citizen).await,
            officer: principal(officer).await,
            admin: principal(admin).await,
            app,
            db,
            _files: files_dir,
        }
    }

    /// One world per backend (SQLite, and PostgreSQL when configured).
    pub async fn all() -> Vec<World> {
        let mut out = Vec::new();
        for db in testing::all().await {
            out.push(World::on(db, fast_settings()).await);
        }
        out
    }

    pub fn label(&self) -> &'static str {
        self.db.label
    }

    /// A dossier the citizen files online (their phone given on the form).
    pub async fn file(&self) -> DossierRecord {
        self.file_as(&self.citizen).await
    }

    /// A citizen account registered with a mobile number (no e-mail address).
    pub async fn phone_citizen(&self) -> Principal {
        let id = account(&self.db.store, "0912345678", "Lê Thị Cúc", AccountKind::Citizen, &[]).await;
        self.db.store.principal(id).await.unwrap().unwrap()
    }

    /// A dossier `who` files online.
    pub async fn file_as(&self, who: &Principal) -> DossierRecord {
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
                address: "12 Lê Duẩn, phường Buôn Ma Thuột".into(),
                phone: FORM_PHONE.into(),
                email: String::new(),
                ..Applicant::default()
            },
            data,
            channel: None,
        };
        dossiers::file(&self.app, who, filing).await.unwrap()
    }

    /// The officer takes `action` on the dossier as it is now.
    pub async fn act(&self, d: &DossierRecord, action: Action) -> DossierRecord {
        let now = self.db.store.dossier_by_code(&d.code).await.unwrap().unwrap();
        dossiers::act(&self.app, &self.officer, &d.code, now.version, action)
            .await
            .unwrap()
    }

    /// A dossier filed and received (one `dossier.receive` event).
    pub async fn received(&self) -> DossierRecord {
        let d = self.file().await;
        self.act(&d, Action::Receive).await
    }

    /// A dossier filed by `who` and received.
    pub async fn received_for(&self, who: &Principal) -> DossierRecord {
        let d = self.file_as(who).await;
        self.act(&d, Action::Receive).await
    }

    /// Runs fan-out and delivery rounds until a round finds nothing (at most `rounds`).
    pub async fn drain(&self, rounds: usize) {
        for _ in 0..rounds {
            let fanned = fan_out(&self.app).await.unwrap();
            let sent = deliver_due(&self.app).await.unwrap();
            if fanned == 0 && sent == 0 {
                return;
            }
        }
    }
}
