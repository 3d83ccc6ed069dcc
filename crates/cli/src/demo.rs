//! `motcua demo`: the Đắk Lắk demo province, its catalogue and demo accounts, on SQLite in
//! a local data folder. Loading is idempotent: running it again changes nothing.

use anyhow::Context;
use motcua_domain::account::{AccountKind, LoginId, Role, RoleGrant};
use motcua_domain::agency::AgencyCode;
use motcua_domain::catalogue::CatalogueDoc;
use motcua_storage::{NewUser, StorageError, Store};

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

pub async fn load(store: &Store) -> anyhow::Result<()> {
    let doc: CatalogueDoc = serde_json::from_str(CATALOGUE).context("demo catalogue")?;
    let report = store
        .import_catalogue(None, &doc)
        .await
        .map_err(|e| anyhow::anyhow!("demo catalogue: {e}"))?;
    tracing::info!(?report, "demo catalogue loaded");
    load_feedback_setup(store).await?;
    let hash = motcua_web::password::hash(DEMO_PASSWORD).map_err(anyhow::Error::msg)?;
    for DemoAccount {
        login,
        name,
        kind,
        role,
    } in ACCOUNTS
    {
        let id = LoginId::Email(login.to_owned());
        let user_id = match store.user_by_login(&id).await? {
            Some(u) => u.id,
            None => {
                let new = NewUser {
                    kind,
                    full_name: name.to_owned(),
                    login: id,
                    password_hash: hash.clone(),
                };
                match store.create_user(None, &new).await {
                    Ok(id) => id,
                    Err(StorageError::Conflict(_)) => continue, // created meanwhile by another loader
                    Err(e) => return Err(e.into()),
                }
            }
        };
        if let Some((role, agency, unit)) = role {
            let code = AgencyCode::parse(agency).map_err(|e| anyhow::anyhow!("{agency}: {e}"))?;
            let agency = store
                .agency_by_code(&code)
                .await?
                .with_context(|| format!("demo agency {code}"))?;
            let unit_id = match unit {
                Some(u) => Some(
                    store
                        .unit_by_code(agency.id, u)
                        .await?
                        .with_context(|| format!("demo unit {u}"))?
                        .id,
                ),
                None => None,
            };
            store
                .grant_role(
                    None,
                    user_id,
                    &RoleGrant {
                        role,
                        agency_id: agency.id,
                        unit_id,
                    },
                )
                .await?;
        }
    }
    Ok(())
}

/// Stores the demo feedback setup unless an administrator already set one up.
async fn load_feedback_setup(store: &Store) -> anyhow::Result<()> {
    let setup: motcua_domain::feedback::Setup = serde_json::from_str(FEEDBACK).context("demo feedback setup")?;
    let agencies = store.list_agencies().await?;
    let errors = setup
        .validate(&|code| agencies.iter().any(|a| a.code == code))
        .into_errors();
    anyhow::ensure!(errors.is_empty(), "demo feedback setup: {errors:?}");
    if store.feedback_setup().await?.is_none() {
        store
            .save_feedback_setup(&setup, None, None, time::OffsetDateTime::now_utc())
            .await?;
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
        K::Date => "1990-05-02".to_owned(),
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
pub async fn sample_dossiers(state: &motcua_web::AppState) -> anyhow::Result<()> {
    use motcua_domain::dossier::Action;
    let store = &state.store;
    let principal = |login: &str| {
        let login = LoginId::Email(login.to_owned());
        async move {
            let u = store.user_by_login(&login).await?.context("demo account")?;
            store.principal(u.id).await?.context("demo principal")
        }
    };
    let citizen = principal("congdan@demo.motcua.vn").await?;
    if !store.applicant_dossiers(citizen.user_id, 1).await?.is_empty() {
        return Ok(());
    }
    let mc = principal("motcua@demo.motcua.vn").await?;
    let cv = principal("chuyenvien@demo.motcua.vn").await?;
    let plans: [(&str, usize); 3] = [("1.000894", 2), ("1.001193", 0), ("1.000656", 3)];
    for (code, steps) in plans {
        let Some(entry) = state.catalogue().get(code).cloned() else {
            continue;
        };
        let data = entry
            .procedure
            .form
            .iter()
            .map(|f| (f.key.clone(), sample_value(f)))
            .collect();
        let filing = motcua_web::dossiers::Filing {
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
        let mut d = motcua_web::dossiers::file(state, &citizen, filing)
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
            d = motcua_web::dossiers::act(state, who, &d.code, d.version, action)
                .await
                .map_err(|e| anyhow::anyhow!("demo action: {e}"))?;
        }
    }
    Ok(())
}

pub async fn run(cfg: Config, load_only: bool) -> anyhow::Result<()> {
    let store = serve::open_store(&cfg).await?;
    load(&store).await?;
    let state = serve::state(&cfg, store).await?;
    sample_dossiers(&state).await?;
    crate::demo_feedback::sample_feedback(&state).await?;
    if load_only {
        return Ok(());
    }
    eprintln!("motcua demo: accounts *@demo.motcua.vn, password {DEMO_PASSWORD} (see README)");
    serve::serve(&cfg, state).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn demo_loads_twice_without_change() {
        let db = motcua_storage::testing::sqlite().await;
        load(&db.store).await.unwrap();
        let procedures = db.store.load_catalogue().await.unwrap();
        let audit_after_first = db.store.recent_audit(100_000).await.unwrap().len();
        load(&db.store).await.unwrap();
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
        assert!(motcua_web::password::verify(DEMO_PASSWORD, &admin.password_hash));
        assert!(db.store.principal(admin.id).await.unwrap().unwrap().is_system_admin());
    }

    #[tokio::test]
    async fn demo_dossiers_pass_the_real_rules_and_are_created_once() {
        let db = motcua_storage::testing::sqlite().await;
        load(&db.store).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let files = motcua_storage::FileStore::local(dir.path()).unwrap();
        let state = motcua_web::AppState::new(db.store.clone(), files, motcua_web::Settings::default())
            .await
            .unwrap();
        sample_dossiers(&state).await.unwrap();
        sample_dossiers(&state).await.unwrap();
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
