//! `motcua user add`: creates officer and administrator accounts (citizens register in the
//! portal). The password is read from standard input, never from the command line.

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::Subcommand;
use motcua_domain::account::{AccountKind, LoginId, Role, RoleGrant, check_password};
use motcua_domain::agency::AgencyCode;
use motcua_domain::validation::Validation;
use motcua_storage::{NewUser, Store};

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account and grant it a role. Reads the password from standard input.
    Add {
        /// E-mail or Vietnamese mobile number.
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// one_stop_officer | specialist | leader | agency_admin | system_admin
        #[arg(long)]
        role: String,
        /// Agency code the role applies in.
        #[arg(long)]
        agency: String,
        /// Unit code inside the agency.
        #[arg(long)]
        unit: Option<String>,
    },
}

pub async fn run(store: &Store, cmd: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add {
        login,
        name,
        role,
        agency,
        unit,
    } = cmd;
    let login = LoginId::parse(&login).context("login must be an e-mail or a Vietnamese mobile number")?;
    let role = Role::parse(&role).with_context(|| format!("unknown role {role}"))?;
    let code = AgencyCode::parse(&agency).map_err(|e| anyhow::anyhow!("agency {agency}: {e}"))?;
    let agency = store
        .agency_by_code(&code)
        .await?
        .with_context(|| format!("no agency {code}"))?;
    let unit_id = match unit {
        Some(u) => Some(
            store
                .unit_by_code(agency.id, &u)
                .await?
                .with_context(|| format!("no unit {u} in {code}"))?
                .id,
        ),
        None => None,
    };
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    let mut v = Validation::new();
    check_password(&mut v, "password", password);
    if !v.is_empty() {
        bail!("password must be 10 to 128 characters");
    }
    let hash = motcua_web::password::hash(password).map_err(anyhow::Error::msg)?;
    let id = store
        .create_user(
            None,
            &NewUser {
                kind: AccountKind::Officer,
                full_name: name,
                login,
                password_hash: hash,
            },
        )
        .await?;
    store
        .grant_role(
            None,
            id,
            &RoleGrant {
                role,
                agency_id: agency.id,
                unit_id,
            },
        )
        .await?;
    println!("created account {id} with role {}", role.as_str());
    Ok(())
}
