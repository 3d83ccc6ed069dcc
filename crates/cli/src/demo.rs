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

pub async fn run(cfg: Config, load_only: bool) -> anyhow::Result<()> {
    let store = serve::open_store(&cfg).await?;
    load(&store).await?;
    if load_only {
        return Ok(());
    }
    eprintln!("motcua demo: accounts *@demo.motcua.vn, password {DEMO_PASSWORD} (see README)");
    serve::run(&cfg, store).await
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
}
