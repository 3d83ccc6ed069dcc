//! `motcua demo`: the Đắk Lắk demo province, its catalogue and demo accounts, on SQLite in
//! a local data folder. Loading is idempotent: running it again changes nothing.

use anyhow::Context;
use motcua_app::{App, accounts, dossiers};
use motcua_domain::account::{AccountKind, LoginId, Role};
use motcua_domain::agency::AgencyCode;

use crate::config::Config;
use crate::serve;

/// Demo catalogue shipped in the binary.
pub const CATALOGUE: &str = include_str!("../../../demo/catalogue.json");
/// Demo feedback setup: categories, the communes' extents, routing rules.
pub const FEEDBACK: &str = include_str!("../../../demo/feedback.json");
/// Password of every demo account (stated in the README; demo only).
pub const DEMO_PASSWORD: &str = "motcua-demo-2026";

/// A demo account and the role it holds (in an agency, perhaps a unit).
pub struct DemoAccount {
    pub login: &'static str,
    pub name: &'static str,
    pub kind: AccountKind,
    pub role: Option<(Role, &'static str, Option<&'static str>)>,
}

const fn officer(
    login: &'static str,
    name: &'static str,
    role: Role,
    agency: &'static str,
    unit: Option<&'static str>,
) -> DemoAccount {
    DemoAccount {
        login,
        name,
        kind: AccountKind::Officer,
        role: Some((role, agency, unit)),
    }
}

pub const ACCOUNTS: [DemoAccount; 6] = [
    DemoAccount {
        login: "congdan@demo.motcua.vn",
        name: "Nguyễn Văn An",
        kind: AccountKind::Citizen,
        role: None,
    },
    officer(
        "motcua@demo.motcua.vn",
        "Trần Thị Bình",
        Role::OneStopOfficer,
        "H15.50",
        Some("MC"),
    ),
    officer(
        "chuyenvien@demo.motcua.vn",
        "Lê Văn Cường",
        Role::Specialist,
        "H15.50",
        Some("VP"),
    ),
    officer(
        "lanhdao@demo.motcua.vn",
        "Phạm Thị Dung",
        Role::Leader,
        "H15.50",
        Some("LD"),
    ),
    officer(
        "quantri.tuphap@demo.motcua.vn",
        "Hoàng Văn Em",
        Role::AgencyAdmin,
        "H15.01",
        None,
    ),
    officer(
        "admin@demo.motcua.vn",
        "Quản trị hệ thống",
        Role::SystemAdmin,
        "H15",
        None,
    ),
];

/// Loads the demo catalogue, the feedback setup and the demo accounts (idempotent).
pub async fn load(app: &App) -> anyhow::Result<()> {
    let (doc, lines) =
        motcua_domain::catalogue::parse_document(CATALOGUE).map_err(|e| anyhow::anyhow!("demo catalogue: {e:?}"))?;
    let report = motcua_app::catalogue::import_document(app, None, &doc, &lines)
        .await
        .map_err(|e| anyhow::anyhow!("demo catalogue: {e}"))?;
    tracing::info!(?report, "demo catalogue loaded");
    load_feedback_setup(app).await?;
    for DemoAccount {
        login,
        name,
        kind,
        role,
    } in ACCOUNTS
    {
        let grant = match role {
            Some((role, agency, unit)) => {
                let code = AgencyCode::parse(agency).map_err(|e| anyhow::anyhow!("{agency}: {e}"))?;
                Some(
                    accounts::grant_for(app, role, &code, unit)
                        .await
                        .with_context(|| format!("demo agency {code} / unit {unit:?}"))?,
                )
            }
            None => None,
        };
        accounts::ensure_account(app, LoginId::Email(login.to_owned()), name, kind, DEMO_PASSWORD, grant).await?;
    }
    Ok(())
}

/// Stores the demo feedback setup unless an administrator already set one up.
async fn load_feedback_setup(app: &App) -> anyhow::Result<()> {
    let setup: motcua_domain::feedback::Setup = serde_json::from_str(FEEDBACK).context("demo feedback setup")?;
    if app.feedback_setup().version == 0 {
        motcua_app::feedback::save_setup(app, None, &setup, None)
            .await
            .map_err(|e| anyhow::anyhow!("demo feedback setup: {e:?}"))?;
    }
    Ok(())
}

/// A plausible value for a form field, so demo dossiers pass the real validation.
fn sample_value(f: &motcua_domain::procedure::FormField) -> serde_json::Value {
    use motcua_domain::procedure::FieldKind as K;
    let v = match f.kind {
        K::Text => "Nguyễn Văn An".to_owned(),
        K::Textarea => "Thông tin kê khai mẫu cho hồ sơ trình diễn.".to_owned(),
        K::Number => "1".to_owned(),
        K::Date => match f.dates {
            motcua_domain::procedure::form::DateRange::Future => {
                let week = time::OffsetDateTime::now_utc() + time::Duration::days(7);
                let d = week.to_offset(motcua_domain::calendar::VIETNAM).date();
                format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
            }
            _ => "1990-05-02".to_owned(),
        },
        K::Select => f.options.first().cloned().unwrap_or_default(),
        K::Checkbox => "true".to_owned(),
        K::IdentityNumber => "066190001234".to_owned(),
        K::Phone => "0912345678".to_owned(),
        K::Email => "congdan@demo.motcua.vn".to_owned(),
    };
    let max = f.max_length.map_or(usize::MAX, |m| m as usize);
    serde_json::Value::String(v.chars().take(max).collect())
}

/// Files a few dossiers for the demo citizen and moves them along, so the officers' queues
/// and "my dossiers" are not empty. Runs only while the demo citizen has no dossier.
pub async fn sample_dossiers(app: &App) -> anyhow::Result<()> {
    use motcua_domain::dossier::Action;
    let principal = |login: &str| {
        let login = LoginId::Email(login.to_owned());
        async move { accounts::principal_by_login(app, &login).await?.context("demo account") }
    };
    let citizen = principal("congdan@demo.motcua.vn").await?;
    if !dossiers::mine(app, &citizen).await?.is_empty() {
        return Ok(());
    }
    let mc = principal("motcua@demo.motcua.vn").await?;
    let cv = principal("chuyenvien@demo.motcua.vn").await?;
    let plans: [(&str, usize); 3] = [("1.000894", 2), ("1.001193", 0), ("1.000656", 3)];
    for (code, steps) in plans {
        let Some(entry) = app.catalogue().get(code).cloned() else {
            continue;
        };
        let data = entry
            .procedure
            .form
            .iter()
            .map(|f| (f.key.clone(), sample_value(f)))
            .collect();
        let filing = dossiers::Filing {
            procedure: code.to_owned(),
            agency: "H15.50".to_owned(),
            applicant: motcua_domain::dossier::Applicant {
                full_name: citizen.display_name.clone(),
                id_number: "066190001234".into(),
                address: "12 Lê Duẩn, phường Buôn Ma Thuột, tỉnh Đắk Lắk".into(),
                phone: "0912345678".into(),
                email: "congdan@demo.motcua.vn".into(),
                ..Default::default()
            },
            data,
            channel: None,
        };
        let mut d = dossiers::file(app, &citizen, filing)
            .await
            .map_err(|e| anyhow::anyhow!("demo dossier {code}: {e}"))?;
        let actions = [
            (&mc, Action::Receive),
            (&mc, Action::Forward),
            (
                &cv,
                Action::RequestSupplement {
                    items: vec!["Bản sao Giấy khai sinh".into()],
                    reason: "Thiếu giấy tờ chứng minh".into(),
                },
            ),
        ];
        for (who, action) in actions.into_iter().take(steps) {
            d = dossiers::act(app, who, &d.code, d.version, action)
                .await
                .map_err(|e| anyhow::anyhow!("demo action: {e}"))?;
        }
    }
    Ok(())
}

pub async fn run(cfg: Config, load_only: bool) -> anyhow::Result<()> {
    let app = serve::open(&cfg).await?;
    load(&app).await?;
    sample_dossiers(&app).await?;
    crate::demo_feedback::sample_feedback(&app).await?;
    if load_only {
        return Ok(());
    }
    eprintln!("motcua demo: accounts *@demo.motcua.vn, password {DEMO_PASSWORD} (see README)");
    eprintln!("motcua demo: notifications: {}", cfg.outlets_summary());
    serve::serve(&cfg, app).await
}

/// Applications over fresh test databases, for the command line's tests.
#[cfg(test)]
pub mod testing {
    use motcua_app::App;
    use motcua_storage::testing::TestDb;

    /// An application, its database and its file folder (kept alive with it).
    pub struct DemoApp {
        pub db: TestDb,
        pub app: App,
        /// The file folder, removed when the test ends.
        pub _files: tempfile::TempDir,
    }

    pub async fn empty_app() -> DemoApp {
        let db = motcua_storage::testing::sqlite().await;
        let files = tempfile::tempdir().unwrap();
        let store = motcua_storage::FileStore::local(files.path()).unwrap();
        let app = App::new(db.store.clone(), store, motcua_app::Settings::default())
            .await
            .unwrap();
        DemoApp { db, app, _files: files }
    }

    /// An application with the demo loaded.
    pub async fn demo_app() -> DemoApp {
        let d = empty_app().await;
        super::load(&d.app).await.unwrap();
        d
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{DemoApp, demo_app};
    use super::*;

    #[tokio::test]
    async fn demo_loads_twice_without_change() {
        let DemoApp { db, app, .. } = demo_app().await;
        let procedures = db.store.load_catalogue().await.unwrap();
        let audit_after_first = db.store.recent_audit(100_000).await.unwrap().len();
        load(&app).await.unwrap();
        assert_eq!(
            db.store.load_catalogue().await.unwrap(),
            procedures,
            "second load changes nothing"
        );
        assert_eq!(
            db.store.recent_audit(100_000).await.unwrap().len(),
            audit_after_first,
            "no new actions recorded"
        );
        assert!(procedures.len() >= 30);
        let admin = db
            .store
            .user_by_login(&LoginId::Email("admin@demo.motcua.vn".into()))
            .await
            .unwrap()
            .unwrap();
        assert!(accounts::password::verify(DEMO_PASSWORD, &admin.password_hash));
        assert!(db.store.principal(admin.id).await.unwrap().unwrap().is_system_admin());
    }

    #[tokio::test]
    async fn demo_dossiers_pass_the_real_rules_and_are_created_once() {
        let DemoApp { db, app, .. } = demo_app().await;
        sample_dossiers(&app).await.unwrap();
        sample_dossiers(&app).await.unwrap();
        let citizen = db
            .store
            .user_by_login(&LoginId::Email("congdan@demo.motcua.vn".into()))
            .await
            .unwrap()
            .unwrap();
        let mut statuses: Vec<_> = db
            .store
            .applicant_dossiers(citizen.id, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.state.status.as_str())
            .collect();
        statuses.sort_unstable();
        assert_eq!(statuses, ["received", "submitted", "supplement_requested"]);
    }
}
