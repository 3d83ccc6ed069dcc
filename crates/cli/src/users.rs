//! `motcua user add`: creates officer and administrator accounts (citizens register in the
//! portal). The password is read from standard input, never from the command line.

use std::io::BufRead;

use anyhow::{Context, bail};
use clap::Subcommand;
use motcua_app::{App, AppError, accounts};
use motcua_domain::account::{LoginId, Role, check_password};
use motcua_domain::agency::AgencyCode;
use motcua_domain::validation::Validation;

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

pub async fn run(app: &App, cmd: UserCommand) -> anyhow::Result<()> {
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
    let grant = match accounts::grant_for(app, role, &code, unit.as_deref()).await {
        Ok(g) => g,
        Err(AppError::NotFound) => match unit {
            Some(u) => bail!("no agency {code} or no unit {u} in it"),
            None => bail!("no agency {code}"),
        },
        Err(e) => return Err(e.into()),
    };
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    let mut v = Validation::new();
    check_password(&mut v, "password", password);
    if !v.is_empty() {
        bail!("password must be 10 to 128 characters");
    }
    let id = accounts::create_officer(app, login, &name, password, &[grant]).await?;
    println!("created account {id} with role {}", role.as_str());
    Ok(())
}
