//! Notification delivery throughput to a local SMTP server: the delivery job's own rounds
//! (claim outbox events, fan out — load the dossier, choose recipients, render, store —, then
//! claim, begin, send and record each delivery) against a baseline of the same messages
//! handed straight to the same SMTP sender, with the same concurrency, without the database.

use std::sync::Arc;
use std::time::Instant;

use motcua_app::notifications::{EmailOutlet, Outlets, deliver_due, fan_out};
use motcua_app::{App, Settings, dossiers};
use motcua_domain::account::{AccountKind, LoginId, Role, RoleGrant};
use motcua_domain::agency::{AgencyCode, AgencyInput, Level, UnitInput, UnitKind};
use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::dossier::{Action, Applicant};
use motcua_notify::{
    Channel, EventSource, IdempotencyKey, Lang, Outgoing, Sender, SiteConfig, SiteContext, SmtpConfig, SmtpSecurity,
    SmtpSender, TemplateKind, example,
};
use motcua_storage::{Backend, DeliveryState, FileStore, NewUser, Store, StoreOptions};
use tokio::sync::Semaphore;

const FROM: &str = "Cổng Dịch vụ công <no-reply@dichvucong.daklak.gov.vn>";
const TO: &str = "an.nguyen@example.vn";
/// Messages in flight at once, as the delivery job's default.
const CONCURRENCY: usize = 8;

fn sender(port: u16) -> anyhow::Result<SmtpSender> {
    Ok(SmtpSender::new(&SmtpConfig {
        port: Some(port),
        security: SmtpSecurity::PlainLocalRelay,
        ..SmtpConfig::new("127.0.0.1", FROM)
    })?)
}

/// The baseline: `n` rendered messages sent straight through the SMTP sender.
async fn baseline(port: u16, n: usize) -> anyhow::Result<f64> {
    let site = SiteContext::new(&SiteConfig {
        public_base_url: "https://dichvucong.daklak.gov.vn".into(),
        portal_name: "Cổng Dịch vụ công".into(),
        portal_name_en: None,
    })?;
    let rendered = example(TemplateKind::DossierReceived, Lang::Vi, &site)?;
    let smtp = Arc::new(sender(port)?);
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let key = IdempotencyKey::new(EventSource::Outbox(i64::try_from(i)?), Channel::Email, TO);
        let msg = Outgoing::Email(rendered.email(TO, Some("Nguyễn Văn An"), key));
        let (smtp, permits) = (smtp.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            smtp.send(&msg).await
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(n as f64 / start.elapsed().as_secs_f64())
}

async fn seed(store: &Store) -> anyhow::Result<()> {
    let agency = |code: &str, level, parent: Option<&str>| -> anyhow::Result<AgencyInput> {
        Ok(AgencyInput {
            code: AgencyCode::parse(code)?,
            name: format!("Ủy ban nhân dân {code}"),
            level,
            parent: parent.map(AgencyCode::parse).transpose()?,
            valid_from: None,
            valid_to: None,
            address: "01 Lê Duẩn".into(),
            phone: "0262 3812 345".into(),
        })
    };
    let mut units = Vec::new();
    for (code, kind) in [
        ("MC", UnitKind::OneStop),
        ("VP", UnitKind::Department),
        ("LD", UnitKind::Leadership),
    ] {
        units.push(UnitInput {
            agency: AgencyCode::parse("H15.50")?,
            code: code.into(),
            name: code.into(),
            kind,
        });
    }
    let doc = CatalogueDoc {
        agencies: vec![
            agency("H15", Level::Province, None)?,
            agency("H15.50", Level::Commune, Some("H15"))?,
        ],
        units,
        procedures: vec![serde_json::from_str(include_str!(
            "../../domain/tests/fixtures/procedure.json"
        ))?],
    };
    store.import_catalogue(None, &doc).await?;
    Ok(())
}

async fn account(store: &Store, login: &str, kind: AccountKind) -> anyhow::Result<motcua_domain::ids::UserId> {
    let login = LoginId::parse(login).ok_or_else(|| anyhow::anyhow!("login {login}"))?;
    Ok(store
        .create_user(
            None,
            &NewUser {
                kind,
                full_name: "Nguyễn Văn An".into(),
                login,
                password_hash: "not-used".into(),
            },
        )
        .await?)
}

/// One dossier filed and received through the use cases, then `n - 1` more
/// `dossier.receive` events about it, so that the outbox holds `n` events to deliver.
async fn events(app: &App, store: &Store, n: usize) -> anyhow::Result<()> {
    let citizen = account(store, TO, AccountKind::Citizen).await?;
    let officer = account(store, "mc@daklak.gov.vn", AccountKind::Officer).await?;
    let agency = store
        .agency_by_code(&AgencyCode::parse("H15.50")?)
        .await?
        .ok_or_else(|| anyhow::anyhow!("H15.50"))?;
    let grant = RoleGrant {
        role: Role::OneStopOfficer,
        agency_id: agency.id,
        unit_id: None,
    };
    store.grant_role(None, officer, &grant).await?;
    let principal = |id| async move { store.principal(id).await?.ok_or_else(|| anyhow::anyhow!("account")) };
    let (citizen, officer) = (principal(citizen).await?, principal(officer).await?);
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
    let d = dossiers::file(app, &citizen, filing).await?;
    dossiers::act(app, &officer, &d.code, d.version, Action::Receive).await?;
    let more = n.saturating_sub(1);
    let series = match store.backend() {
        Backend::Sqlite => {
            format!("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {more}) SELECT i FROM s")
        }
        Backend::Postgres => format!("SELECT i FROM generate_series(1, {more}) AS s(i)"),
    };
    if more > 0 {
        let sql = format!(
            "INSERT INTO outbox (created_at, topic, aggregate_id, payload) \
             SELECT o.created_at, o.topic, o.aggregate_id, o.payload FROM outbox o, ({series}) AS g \
             WHERE o.topic = 'dossier.receive'"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(store.write_pool())
            .await?;
    }
    Ok(())
}

/// The delivery job's rounds until every event is delivered; messages per second.
async fn worker(url: &str, port: u16, n: usize) -> anyhow::Result<f64> {
    let store = Store::open(url, &StoreOptions::default()).await?;
    seed(&store).await?;
    let files = tempfile::tempdir()?;
    let settings = Settings {
        public_url: "https://dichvucong.daklak.gov.vn".into(),
        ..Settings::default()
    };
    let app = App::new(store.clone(), FileStore::local(files.path())?, settings).await?;
    events(&app, &store, n).await?;
    app.set_outlets(Outlets {
        email: Some(EmailOutlet::Smtp(sender(port)?)),
        ..Outlets::default()
    });
    let start = Instant::now();
    loop {
        let fanned = fan_out(&app).await?;
        let sent = deliver_due(&app).await?;
        if fanned == 0 && sent == 0 {
            break;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let counts = store.delivery_counts().await?;
    let delivered = counts
        .iter()
        .find(|(s, _)| *s == DeliveryState::Sent)
        .map_or(0, |(_, n)| *n);
    anyhow::ensure!(
        usize::try_from(delivered)? == n,
        "{delivered} of {n} delivered: {counts:?}"
    );
    store.close().await;
    Ok(n as f64 / secs)
}

/// Runs both and prints one JSON line.
pub async fn run(url: &str, port: u16, n: usize) -> anyhow::Result<()> {
    let base = baseline(port, n).await?;
    let backend = if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    };
    let job = worker(url, port, n).await?;
    println!(
        "{}",
        serde_json::json!({
            "backend": backend,
            "events": n,
            "concurrency": CONCURRENCY,
            "baseline_per_second": base,
            "worker_per_second": job,
        })
    );
    Ok(())
}
