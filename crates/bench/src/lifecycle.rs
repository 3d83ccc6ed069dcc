//! Full dossier lifecycles against a database that already holds many dossiers:
//! submit (with a small attachment) → receive → forward → approve → mark processed →
//! return result, each step through the workflow engine and a versioned transition.

use std::sync::Arc;
use std::time::Instant;

use time::OffsetDateTime;

use motcua_domain::account::{AccountKind, Principal, Role, RoleGrant};
use motcua_domain::agency::AgencyCode;
use motcua_domain::calendar::{OfficeHours, WorkingCalendar};
use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::dossier::{Action, Actor, Applicant, Context, HistoryDetail, Process, ResultMethod, apply};
use motcua_domain::ids::{AgencyId, ProcedureId};
use motcua_domain::procedure::Channel;
use motcua_storage::{Backend, FileStore, NewAttachment, NewDossier, Store, StoreOptions, Transition};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Inserts `n` finished dossiers (and one history line each) in bulk, in SQL.
async fn preload(store: &Store, n: u64, procedure_id: i64, agency_id: i64) -> anyhow::Result<()> {
    let series = match store.backend() {
        Backend::Sqlite => {
            format!("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) SELECT i FROM s")
        }
        Backend::Postgres => format!("SELECT i FROM generate_series(1, {n}) AS s(i)"),
    };
    let now = OffsetDateTime::now_utc().unix_timestamp() * 1000;
    let insert = format!(
        "INSERT INTO dossiers (code, secret, procedure_id, form_version, receiving_agency_id, agency_id, applicant_id, filed_by, channel, \
         status, step, applicant, data, submitted_at, received_at, due_at, finished_at, version, updated_at) \
         SELECT 'PRELOAD-' || CAST(i AS TEXT), 'x', {procedure_id}, 1, {agency_id}, {agency_id}, NULL, NULL, 'online', \
         'result_returned', 3, '{{\"full_name\":\"Nguyễn Văn A\"}}', '{{}}', {now} - i * 1000, {now} - i * 1000, {now} - i * 500, {now}, 6, {now} \
         FROM ({series}) AS g"
    );
    sqlx::query(sqlx::AssertSqlSafe(insert))
        .execute(store.write_pool())
        .await?;
    let history = "INSERT INTO dossier_history (dossier_id, at, actor_id, action, from_status, to_status, from_step, to_step, agency_id, detail) \
         SELECT id, submitted_at, NULL, 'submit', NULL, 'submitted', NULL, 0, agency_id, '{}' FROM dossiers WHERE code LIKE 'PRELOAD-%'";
    sqlx::query(history).execute(store.write_pool()).await?;
    if store.backend() == Backend::Postgres {
        sqlx::query("ANALYZE").execute(store.write_pool()).await?;
    }
    Ok(())
}

struct World {
    store: Store,
    files: FileStore,
    process: Process,
    limit: motcua_domain::procedure::TimeLimit,
    calendar: WorkingCalendar,
    officer: Principal,
    procedure_id: ProcedureId,
    agency_id: AgencyId,
    agency_code: AgencyCode,
}

/// Per-transition latencies in microseconds, by transition name.
type Samples = Vec<(&'static str, f64)>;

async fn one(w: &World, i: u64) -> anyhow::Result<Samples> {
    let mut samples = Vec::with_capacity(6);
    let t = Instant::now();
    let d = w
        .store
        .submit_dossier(&NewDossier {
            procedure_id: w.procedure_id,
            form_version: 1,
            agency_id: w.agency_id,
            agency_code: w.agency_code.clone(),
            applicant_id: None,
            filed_by: Some(w.officer.user_id),
            channel: Channel::Online,
            applicant: Applicant {
                full_name: format!("Người nộp {i}"),
                id_number: "066190001234".into(),
                ..Applicant::default()
            },
            data: serde_json::json!({"ho_ten": "Nguyễn Văn A"}),
            secret: format!("s{i}"),
            draft_files_of: None,
            fee: None,
            now: OffsetDateTime::now_utc(),
        })
        .await?;
    let sha = w.files.put(bytes::Bytes::from_static(PDF)).await?;
    let a = NewAttachment {
        owner_user_id: w.officer.user_id,
        procedure_id: w.procedure_id,
        dossier_id: Some(d.id),
        component: "to_khai",
        file_name: "to_khai.pdf",
        content_type: "application/pdf",
        size_bytes: PDF.len() as i64,
        sha256: &sha,
    };
    w.store.add_attachment(&a).await?;
    samples.push(("submit", t.elapsed().as_secs_f64() * 1e6));
    let mut current = d;
    let steps: [(&'static str, Action); 5] = [
        ("receive", Action::Receive),
        ("forward", Action::Forward),
        ("approve", Action::Forward),
        ("mark_processed", Action::MarkProcessed),
        (
            "return_result",
            Action::ReturnResult {
                method: ResultMethod::Electronic,
            },
        ),
    ];
    for (name, action) in steps {
        let t = Instant::now();
        let now = OffsetDateTime::now_utc();
        let outcome = {
            let none = |_: AgencyId, _: &str| None;
            let ctx = Context {
                process: &w.process,
                limit: &w.limit,
                calendar: &w.calendar,
                unit_id: &none,
                now,
            };
            apply(&ctx, &current.state, Actor::Officer(&w.officer), &action)
                .map_err(|e| anyhow::anyhow!("{name}: {e}"))?
        };
        let tr = Transition {
            before: &current,
            actor_id: Some(w.officer.user_id),
            action: action.kind(),
            detail: HistoryDetail::default(),
            outcome: &outcome,
            now,
        };
        current = w.store.apply_transition(&tr).await?;
        samples.push((name, t.elapsed().as_secs_f64() * 1e6));
    }
    Ok(samples)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

/// Runs the benchmark; prints one JSON line.
pub async fn run(url: &str, preload_n: u64, lifecycles: u64, concurrency: u64) -> anyhow::Result<()> {
    let store = Store::open(
        url,
        &StoreOptions {
            max_connections: 32,
            // For experiments: MOTCUA_BENCH_COMMIT_LANES=n (lanes of group commit).
            commit_lanes: std::env::var("MOTCUA_BENCH_COMMIT_LANES")
                .ok()
                .and_then(|v| v.parse().ok()),
            ..StoreOptions::default()
        },
    )
    .await?;
    let doc: CatalogueDoc = serde_json::from_str(include_str!("../../../demo/catalogue.json"))?;
    store.import_catalogue(None, &doc).await?;
    let code = AgencyCode::parse("H15.50").map_err(|e| anyhow::anyhow!("{e}"))?;
    let agency = store
        .agency_by_code(&code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo agency"))?;
    let procedure = store
        .procedure_by_code("1.000894")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo procedure"))?;
    let t = Instant::now();
    preload(&store, preload_n, procedure.id.get(), agency.id.get()).await?;
    let preload_s = t.elapsed().as_secs_f64();
    let dir = tempfile::tempdir()?;
    let user = store
        .create_user(
            None,
            &motcua_storage::NewUser {
                kind: AccountKind::Officer,
                full_name: "Cán bộ".into(),
                login: motcua_domain::account::LoginId::Email("bench@example.vn".into()),
                password_hash: "x".into(),
            },
        )
        .await?;
    let roles = [Role::OneStopOfficer, Role::Specialist, Role::Leader];
    let officer = Principal {
        user_id: user,
        kind: AccountKind::Officer,
        display_name: "Cán bộ".into(),
        grants: roles
            .iter()
            .map(|&role| RoleGrant {
                role,
                agency_id: agency.id,
                unit_id: None,
            })
            .collect(),
    };
    let limit = procedure.procedure.time_limit.clone();
    let world = Arc::new(World {
        files: FileStore::local(dir.path())?,
        process: Process::standard(&limit),
        limit,
        calendar: WorkingCalendar::new(Vec::new(), OfficeHours::default()),
        officer,
        procedure_id: procedure.id,
        agency_id: agency.id,
        agency_code: code,
        store,
    });
    let start = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let w = world.clone();
        tasks.push(tokio::spawn(async move {
            let mut all = Vec::new();
            let mut i = worker;
            while i < lifecycles {
                all.extend(one(&w, i).await?);
                i += concurrency;
            }
            anyhow::Ok(all)
        }));
    }
    let mut samples = Vec::new();
    for task in tasks {
        samples.extend(task.await??);
    }
    let secs = start.elapsed().as_secs_f64();
    let mut by: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    for (name, us) in samples {
        by.entry(name).or_default().push(us);
    }
    let mut parts = Vec::new();
    for (name, mut v) in by {
        v.sort_by(f64::total_cmp);
        parts.push(format!(
            "\"{name}\": {{\"p50_us\": {:.0}, \"p99_us\": {:.0}}}",
            pct(&v, 0.5),
            pct(&v, 0.99)
        ));
    }
    println!(
        "{{\"backend\": \"{:?}\", \"preloaded\": {preload_n}, \"preload_s\": {preload_s:.1}, \"lifecycles\": {lifecycles}, \"concurrency\": {concurrency}, \"seconds\": {secs:.2}, \"per_second\": {:.1}, \"transitions\": {{{}}}}}",
        world.store.backend(),
        lifecycles as f64 / secs,
        parts.join(", ")
    );
    Ok(())
}
