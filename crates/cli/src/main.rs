//! `motcua`: one binary, several subcommands. This is the only place where `anyhow` is used:
//! every layer below has its own error type.

mod config;
mod demo;
mod demo_feedback;
mod feedback_admin;
mod import_dossiers;
mod serve;
mod signing;
mod transfer;
mod users;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use config::Config;

#[derive(Parser)]
#[command(
    name = "motcua",
    version,
    about = "Dịch vụ công trực tuyến — one-stop-shop public services"
)]
struct Cli {
    /// Configuration file (default: ./motcua.toml when present). MOTCUA_* variables override it.
    #[arg(long, global = true, env = "MOTCUA_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal and the API.
    Serve {
        /// Address to listen on (overrides `listen`).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Run the background jobs (overdue sweep, refresh of what other nodes changed, delivery
    /// of notifications) without serving; any number of workers and servers may share one
    /// database.
    Worker,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Run on the embedded SQLite database with the demo province loaded (idempotent).
    Demo {
        /// Data folder (SQLite database, later attachments).
        #[arg(long, default_value = "./data")]
        data: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        /// Load the demo data and exit without serving.
        #[arg(long)]
        load_only: bool,
    },
    /// Import a catalogue document (agencies, units, procedures): all of it or nothing.
    Import {
        file: PathBuf,
        /// `json` (whole catalogue) or `csv` (flat parts of existing procedures).
        #[arg(long, default_value = "json")]
        format: transfer::Format,
    },
    /// Import dossiers from an older system (JSON Lines, one dossier per line): all of them or
    /// nothing; a dossier already imported with the same content is left as it is.
    ImportDossiers {
        file: PathBuf,
        /// Data folder (SQLite database), as for `serve` (or MOTCUA_DATA_DIR / MOTCUA_DATABASE_URL).
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Export the catalogue.
    Export {
        #[arg(long, default_value = "json")]
        format: transfer::Format,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Manage accounts.
    #[command(subcommand)]
    User(users::UserCommand),
    /// Manage Open311 API keys.
    #[command(subcommand, name = "open311-key")]
    Open311Key(feedback_admin::KeyCommand),
    /// Replace the feedback setup (categories, areas, routing rules) with a JSON file.
    FeedbackSetup { file: PathBuf },
    /// Serve only the sandbox payment gateway (VNPay 2.1.0, no real money) for a merchant
    /// elsewhere: its terminal code and secret, and where to send notifications.
    GatewaySandbox {
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: String,
        #[arg(long, default_value = config::DEMO_TMN_CODE)]
        tmn_code: String,
        /// File holding the terminal's hash secret (default: the demo's secret).
        #[arg(long)]
        hash_secret_file: Option<PathBuf>,
        /// The merchant's IPN address.
        #[arg(long, default_value = "http://127.0.0.1:8080/thanh-toan/vnpay/ipn")]
        ipn_url: String,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("motcua: cannot start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("motcua: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo {
            data,
            listen,
            load_only,
        } => {
            let cfg = Config::load(cli.config.as_deref(), config::Overrides::demo(&data, &listen))?;
            config::init_logging(&cfg);
            demo::run(cfg, load_only).await
        }
        command => {
            let overrides = match &command {
                Command::Serve { listen: Some(l) } => config::Overrides {
                    listen: Some(l.clone()),
                    ..Default::default()
                },
                Command::ImportDossiers { data: Some(d), .. } => config::Overrides {
                    data_dir: Some(d.clone()),
                    ..Default::default()
                },
                _ => config::Overrides::default(),
            };
            let cfg = Config::load(cli.config.as_deref(), overrides)?;
            config::init_logging(&cfg);
            match command {
                Command::Serve { .. } => serve::run(&cfg).await,
                Command::Worker => serve::worker(&cfg).await,
                Command::Migrate => {
                    serve::open_store(&cfg).await?;
                    tracing::info!("migrations applied");
                    Ok(())
                }
                Command::Import { file, format } => transfer::import(&serve::open(&cfg).await?, &file, format).await,
                Command::ImportDossiers { file, .. } => import_dossiers::run(&serve::open(&cfg).await?, &file).await,
                Command::Export { format, output } => {
                    transfer::export(&serve::open(&cfg).await?, format, output.as_deref()).await
                }
                Command::User(cmd) => users::run(&serve::open(&cfg).await?, cmd).await,
                Command::Open311Key(cmd) => feedback_admin::run_key(&serve::open(&cfg).await?, cmd).await,
                Command::FeedbackSetup { file } => feedback_admin::import_setup(&serve::open(&cfg).await?, &file).await,
                Command::GatewaySandbox {
                    listen,
                    tmn_code,
                    hash_secret_file,
                    ipn_url,
                } => {
                    let secret = match hash_secret_file {
                        Some(f) => std::fs::read_to_string(&f)
                            .map_err(|e| anyhow::anyhow!("reading {}: {e}", f.display()))?
                            .trim()
                            .to_owned(),
                        None => config::DEMO_HASH_SECRET.to_owned(),
                    };
                    let keys = motcua_vnpay::MerchantKeys {
                        tmn_code: motcua_vnpay::TmnCode::parse(&tmn_code)
                            .map_err(|e| anyhow::anyhow!("--tmn-code: {}", e.code()))?,
                        secret: motcua_vnpay::HashSecret::new(secret)
                            .map_err(|e| anyhow::anyhow!("hash secret: {}", e.code()))?,
                    };
                    serve::gateway_sandbox(&listen, keys, ipn_url).await
                }
                Command::Demo { .. } => unreachable!("handled above"),
            }
        }
    }
}
