//! Feedback queries against a database holding many reports: the public list (newest first,
//! by category, a later page), Open311's default window, bounding boxes of about 1 km, and
//! "has this already been reported?" (same category within 200 m). Through the same storage
//! calls the portal and the Open311 API make.

use std::time::Instant;

use time::{Duration, OffsetDateTime};

use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::feedback::{BBox, Point, Setup};
use motcua_storage::{Backend, FeedbackFilter, Store, StoreOptions};

const CATEGORIES: [&str; 9] = [
    "thu-tuc-hanh-chinh",
    "hanh-vi-can-bo",
    "den-duong",
    "mat-duong",
    "rac-thai",
    "ngap-ung",
    "lan-chiem-via-he",
    "cay-xanh",
    "tieng-on",
];

/// The extent the generated reports fall in (Buôn Ma Thuột and around: 0.6° × 0.6°).
const SOUTH: f64 = 12.4;
const WEST: f64 = 107.8;
const SPAN: f64 = 0.6;

/// Inserts `n` reports in bulk, in SQL: pseudo-random points, every category, 90% public.
async fn preload(store: &Store, n: u64, agency_id: i64) -> anyhow::Result<()> {
    let series = match store.backend() {
        Backend::Sqlite => {
            format!("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) SELECT i FROM s")
        }
        Backend::Postgres => format!("SELECT i FROM generate_series(CAST(1 AS BIGINT), {n}) AS s(i)"),
    };
    let category = CATEGORIES
        .iter()
        .enumerate()
        .map(|(k, c)| format!("WHEN {k} THEN '{c}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let now = OffsetDateTime::now_utc().unix_timestamp() * 1000;
    // Two years of reports, one every ~63 s; statuses by i % 10.
    let insert = format!(
        "INSERT INTO feedback (token, category_code, classification, channel, description, answers, lat, lon, address, \
         area_code, reporter_id, anonymous, contact, agency_id, status, public, counted_from, due_at, reopened, likes, \
         dislikes, requested_at, updated_at, version) \
         SELECT 'T' || CAST(i AS TEXT), CASE i % 9 {category} END, 'service', 'portal', \
         'Phản ánh số ' || CAST(i AS TEXT) || ' về hạ tầng đô thị', '{{}}', \
         {SOUTH} + ((i * 7919) % 600000) / 1000000.0, {WEST} + ((i * 104729) % 600000) / 1000000.0, NULL, 'H15.50', NULL, \
         0, '{{}}', {agency_id}, CASE WHEN i % 10 = 0 THEN 'refused' WHEN i % 10 < 3 THEN 'in_progress' ELSE 'published' END, \
         CASE WHEN i % 10 = 0 THEN 0 ELSE 1 END, {now} - i * 63000, NULL, 0, i % 7, i % 3, {now} - i * 63000, \
         {now} - i * 60000, 3 FROM ({series}) AS g"
    );
    sqlx::query(sqlx::AssertSqlSafe(insert))
        .execute(store.write_pool())
        .await?;
    if store.backend() == Backend::Postgres {
        sqlx::query("ANALYZE").execute(store.write_pool()).await?;
    }
    Ok(())
}

/// A deterministic pseudo-random number in [0, 1) (no dependency needed for a benchmark).
fn unit(i: u64, salt: u64) -> f64 {
    let x = (i.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(salt)) >> 11;
    (x % 1_000_000) as f64 / 1_000_000.0
}

fn point(i: u64) -> Point {
    Point {
        lat: SOUTH + SPAN * unit(i, 1),
        lon: WEST + SPAN * unit(i, 2),
    }
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[(((sorted.len() - 1) as f64) * p).round() as usize]
}

struct Measure {
    name: &'static str,
    micros: Vec<f64>,
    rows: usize,
}

async fn time<F, Fut>(name: &'static str, runs: u64, mut f: F) -> anyhow::Result<Measure>
where
    F: FnMut(u64) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<usize>>,
{
    let mut micros = Vec::with_capacity(runs as usize);
    let mut rows = 0;
    for i in 0..runs {
        let t = Instant::now();
        rows += f(i).await?;
        micros.push(t.elapsed().as_secs_f64() * 1e6);
    }
    micros.sort_by(f64::total_cmp);
    Ok(Measure {
        name,
        micros,
        rows: rows / runs.max(1) as usize,
    })
}

/// Runs the benchmark; prints one JSON line.
pub async fn run(url: &str, preload_n: u64, runs: u64) -> anyhow::Result<()> {
    let store = Store::open(url, &StoreOptions::default()).await?;
    let doc: CatalogueDoc = serde_json::from_str(include_str!("../../../demo/catalogue.json"))?;
    store.import_catalogue(None, &doc).await?;
    let setup: Setup = serde_json::from_str(include_str!("../../../demo/feedback.json"))?;
    if store.feedback_setup().await?.is_none() {
        store
            .save_feedback_setup(&setup, None, None, OffsetDateTime::now_utc())
            .await?;
    }
    let agency = store.list_agencies().await?.into_iter().find(|a| a.code == "H15.50");
    let agency_id = agency.ok_or_else(|| anyhow::anyhow!("demo agency"))?.id;
    let t = Instant::now();
    preload(&store, preload_n, agency_id.get()).await?;
    let preload_s = t.elapsed().as_secs_f64();
    let s = &store;
    let list = |f: FeedbackFilter| async move { Ok(s.list_feedback(&f).await?.len()) };
    let public = |limit: i64| FeedbackFilter {
        public_only: true,
        limit,
        ..FeedbackFilter::default()
    };
    let now = OffsetDateTime::now_utc();
    let measures = [
        time("public list, newest 20", runs, |_| list(public(20))).await?,
        time("public list, one category, 20", runs, |i| {
            list(FeedbackFilter {
                categories: vec![CATEGORIES[(i % 9) as usize].into()],
                ..public(20)
            })
        })
        .await?,
        time("public list, page 50 of 20", runs, |_| {
            list(FeedbackFilter {
                offset: 49 * 20,
                ..public(20)
            })
        })
        .await?,
        time("Open311 default: last 90 days, 1000", runs, |_| {
            list(FeedbackFilter {
                requested_from: Some(now - Duration::days(90)),
                ..public(1000)
            })
        })
        .await?,
        time("bounding box ~1 km², up to 1000", runs, |i| {
            let p = point(i);
            let b = BBox {
                south: p.lat,
                west: p.lon,
                north: p.lat + 0.009,
                east: p.lon + 0.009,
            };
            list(FeedbackFilter {
                bbox: Some(b),
                ..public(1000)
            })
        })
        .await?,
        time("nearby: same category within 200 m", runs, |i| async move {
            let c = CATEGORIES[(i % 9) as usize];
            Ok(s.nearby_feedback(c, point(i), 200.0, 10).await?.len())
        })
        .await?,
    ];
    let out: Vec<serde_json::Value> = measures
        .iter()
        .map(|m| {
            serde_json::json!({
                "query": m.name,
                "p50_us": pct(&m.micros, 0.5).round(),
                "p99_us": pct(&m.micros, 0.99).round(),
                "rows": m.rows,
            })
        })
        .collect();
    let backend = format!("{:?}", store.backend());
    println!(
        "{}",
        serde_json::json!({"backend": backend, "stored": preload_n, "preload_s": preload_s, "runs": runs, "queries": out})
    );
    Ok(())
}
