//! Benchmarks of motcua (not tests; they assert nothing and write figures).
//!
//! - `motcua-bench search [--count N]`: catalogue search latency at national scale: N
//!   procedures (default 6,500, the size of the national catalogue), a mixed query set,
//!   p50/p99/max in microseconds.
//! - `motcua-bench generate [--count N]`: writes a catalogue document of N procedures
//!   (the demo province's agencies, procedures derived from the demo ones) to stdout.
//! - `motcua-bench hello --listen ADDR`: the axum hello-world baseline server.
//!
//! - `motcua-bench feedback --db URL [--preload N] [--runs N]`: feedback list, Open311 window,
//!   bounding-box and nearby-duplicate queries with N reports stored (default 1,000,000).
//!
//! - `motcua-bench reindex [--count N] [--seconds S]`: page latency through HTTP at rest and
//!   while the catalogue of N procedures is rebuilt (on a blocking thread, and on the async
//!   threads as the baseline).
//!
//! - `motcua-bench deliver --db URL --smtp-port P [--events N]`: notification delivery
//!   throughput to the SMTP server on 127.0.0.1:P (the delivery job's rounds on a fresh
//!   database), against a baseline of the same messages sent straight through the SMTP sender.
//! - `motcua-bench ipn [--db URL] [--attempts N] [--clients N]`: payment notifications per
//!   second through HTTP, signature check alone (baseline) and verified and settled.
//!
//! `scripts/bench` runs them all with wrk and writes docs/PERFORMANCE.md.

mod deliver;
mod feedback;
mod ipn;
mod lifecycle;
mod reindex;

use std::time::Instant;

use motcua_domain::catalogue::CatalogueDoc;
use motcua_domain::procedure::ProcedureInput;
use motcua_search::{CatalogueIndex, SearchDoc};

const DEMO: &str = include_str!("../../../demo/catalogue.json");

/// Qualifiers that turn the demo procedures into distinct, realistic-looking names.
const QUALIFIERS: [&str; 24] = [
    "đối với cá nhân",
    "đối với tổ chức",
    "có yếu tố nước ngoài",
    "trong trường hợp bị mất",
    "cấp lại",
    "điều chỉnh",
    "gia hạn",
    "cấp đổi",
    "thu hồi",
    "tại khu công nghiệp",
    "trong khu kinh tế",
    "đối với doanh nghiệp nhà nước",
    "cho người khuyết tật",
    "cho hộ nghèo",
    "tại vùng dân tộc thiểu số",
    "đối với công trình cấp đặc biệt",
    "trên địa bàn biên giới",
    "đối với tàu cá",
    "cho cơ sở giáo dục",
    "trong lĩnh vực y tế",
    "đối với hợp tác xã",
    "tại cảng biển",
    "đối với người Việt Nam định cư ở nước ngoài",
    "liên thông",
];

fn generate(count: usize) -> anyhow::Result<CatalogueDoc> {
    let demo: CatalogueDoc = serde_json::from_str(DEMO)?;
    let mut procedures: Vec<ProcedureInput> = Vec::with_capacity(count);
    let mut i = 0usize;
    while procedures.len() < count {
        let base = &demo.procedures[i % demo.procedures.len()];
        let round = i / demo.procedures.len();
        let mut p = base.clone();
        if round > 0 {
            let q1 = QUALIFIERS[round % QUALIFIERS.len()];
            let q2 = QUALIFIERS[(round / QUALIFIERS.len()) % QUALIFIERS.len()];
            p.name = if round < QUALIFIERS.len() {
                format!("{} {q1}", base.name)
            } else {
                format!("{} {q1} {q2}", base.name)
            };
        }
        p.code = format!("{}.{:06}", 3 + i / 1_000_000, 100_000 + i);
        procedures.push(p);
        i += 1;
    }
    // The real demo procedures keep their own names and codes, so familiar queries still work.
    for (j, p) in demo.procedures.iter().enumerate() {
        procedures[j].code = p.code.clone();
    }
    Ok(CatalogueDoc {
        agencies: demo.agencies,
        units: demo.units,
        procedures,
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn search(count: usize) -> anyhow::Result<()> {
    let doc = generate(count)?;
    let start = Instant::now();
    let index = CatalogueIndex::build(
        doc.procedures
            .iter()
            .enumerate()
            .map(|(i, p)| SearchDoc::for_procedure(i as u64, p)),
    )?;
    let build_ms = start.elapsed().as_secs_f64() * 1000.0;
    let queries = [
        "đăng ký kết hôn",
        "dang ky ket hon",
        "ĐĂNG KÝ KẾT HÔN",
        "dang ky kte hon",
        "giay phep xay dung",
        "ly lich tu phap",
        "chung thuc ban sao",
        "ho kinh doanh",
        "1.000894",
        "tro cap xa hoi hang thang",
        "cap doi giay chung nhan quyen su dung dat",
        "khai sinh",
        "an toan thuc pham",
        "ruou",
        "giám hộ",
        "xác nhận tình trạng hôn nhân",
        "giay phep lao dong nguoi nuoc ngoai",
        "mai tang phi",
        "nhà ở riêng lẻ",
        "khuyet tat",
    ];
    for q in queries {
        index.search(q, 20)?; // warm up
    }
    let rounds = 200;
    let mut samples = Vec::with_capacity(queries.len() * rounds);
    for _ in 0..rounds {
        for q in queries {
            let t = Instant::now();
            let hits = index.search(q, 20)?;
            samples.push(t.elapsed().as_secs_f64() * 1e6);
            std::hint::black_box(hits);
        }
    }
    samples.sort_by(f64::total_cmp);
    println!(
        "{{\"procedures\": {count}, \"queries\": {}, \"index_build_ms\": {build_ms:.1}, \"p50_us\": {:.1}, \"p99_us\": {:.1}, \"max_us\": {:.1}}}",
        samples.len(),
        percentile(&samples, 0.5),
        percentile(&samples, 0.99),
        samples.last().copied().unwrap_or(0.0)
    );
    Ok(())
}

async fn hello(listen: &str) -> anyhow::Result<()> {
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, World!" }));
    let listener = tokio::net::TcpListener::bind(listen).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let count = arg(&args, "--count").map_or(Ok(6_500), |c| c.parse::<usize>())?;
    match args.get(1).map(String::as_str) {
        Some("search") => search(count),
        Some("generate") => {
            println!("{}", serde_json::to_string(&generate(count)?)?);
            Ok(())
        }
        Some("lifecycle") => {
            let url = arg(&args, "--db").ok_or_else(|| anyhow::anyhow!("--db URL"))?;
            let preload = arg(&args, "--preload").map_or(Ok(1_000_000), |v| v.parse::<u64>())?;
            let n = arg(&args, "--lifecycles").map_or(Ok(2_000), |v| v.parse::<u64>())?;
            let c = arg(&args, "--concurrency").map_or(Ok(16), |v| v.parse::<u64>())?;
            lifecycle::run(&url, preload, n, c).await
        }
        Some("feedback") => {
            let url = arg(&args, "--db").ok_or_else(|| anyhow::anyhow!("--db URL"))?;
            let preload = arg(&args, "--preload").map_or(Ok(1_000_000), |v| v.parse::<u64>())?;
            let runs = arg(&args, "--runs").map_or(Ok(1_000), |v| v.parse::<u64>())?;
            feedback::run(&url, preload, runs).await
        }
        Some("reindex") => {
            let secs = arg(&args, "--seconds").map_or(Ok(5), |v| v.parse::<u64>())?;
            reindex::run(count, secs).await
        }
        Some("deliver") => {
            let url = arg(&args, "--db").ok_or_else(|| anyhow::anyhow!("--db URL"))?;
            let port = arg(&args, "--smtp-port")
                .ok_or_else(|| anyhow::anyhow!("--smtp-port P"))?
                .parse::<u16>()?;
            let n = arg(&args, "--events").map_or(Ok(2_000), |v| v.parse::<usize>())?;
            deliver::run(&url, port, n).await
        }
        Some("ipn") => {
            let n = arg(&args, "--attempts").map_or(Ok(2_000), |v| v.parse::<usize>())?;
            let c = arg(&args, "--clients").map_or(Ok(16), |v| v.parse::<usize>())?;
            ipn::run(arg(&args, "--db"), n, c).await
        }
        Some("hello") => hello(&arg(&args, "--listen").unwrap_or_else(|| "127.0.0.1:18090".into())).await,
        _ => anyhow::bail!(
            "usage: motcua-bench search|generate [--count N] | hello --listen ADDR | reindex [--count N] [--seconds S] | lifecycle --db URL [--preload N] [--lifecycles N] [--concurrency N] | feedback --db URL [--preload N] [--runs N] | ipn [--db URL] [--attempts N] [--clients N] | deliver --db URL --smtp-port P [--events N]"
        ),
    }
}
