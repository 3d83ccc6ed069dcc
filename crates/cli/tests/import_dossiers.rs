//! `motcua import-dossiers FILE`: the real binary on a fresh demo database, configured like
//! `serve` (`--data DIR` or `MOTCUA_DATA_DIR`): what it writes, what it says, and that a file
//! with a bad line writes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn motcua(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        .current_dir(dir)
        .env_remove("MOTCUA_CONFIG")
        .env_remove("MOTCUA_DATABASE_URL")
        .env_remove("MOTCUA_DATA_DIR")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn line(code: &str, procedure: &str) -> String {
    serde_json::json!({
        "code": code, "procedure": procedure, "agency": "H15.50", "channel": "online",
        "applicant": {"full_name": "Lê Văn Cường", "id_number": "066190001234", "address": "1 Phan Bội Châu", "phone": "0912345678"},
        "received_at": "2026-09-02T08:00:00+07:00", "appointment_at": "2026-09-04T17:00:00+07:00",
        "events": [{"at": "2026-09-03T10:00:00+07:00", "action": "mark_processed"}]
    })
    .to_string()
}

#[test]
fn imports_once_reports_bad_lines_and_writes_nothing_then() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_arg = data.to_str().unwrap();
    let loaded = motcua(dir.path(), &["demo", "--data", data_arg, "--load-only"]);
    assert!(loaded.status.success(), "{}", text(&loaded));

    std::fs::write(
        dir.path().join("good.jsonl"),
        format!("{}\n\n{}\n", line("CU-1", "1.000894"), line("CU-2", "1.001193")),
    )
    .unwrap();
    let first = motcua(dir.path(), &["import-dossiers", "good.jsonl", "--data", data_arg]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("2 lines: 2 dossiers imported, 0 unchanged"),
        "{}",
        text(&first)
    );

    // Configured through the environment, as `serve` may be: the same file changes nothing.
    let again = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["import-dossiers", "good.jsonl"])
        .current_dir(dir.path())
        .env_remove("MOTCUA_CONFIG")
        .env_remove("MOTCUA_DATABASE_URL")
        .env("MOTCUA_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        text(&again).contains("2 lines: 0 dossiers imported, 2 unchanged"),
        "{}",
        text(&again)
    );

    std::fs::write(
        dir.path().join("bad.jsonl"),
        format!("{}\n{}\n{{oops\n", line("CU-3", "1.000894"), line("CU-4", "9.999999")),
    )
    .unwrap();
    let bad = motcua(dir.path(), &["import-dossiers", "bad.jsonl", "--data", data_arg]);
    assert!(!bad.status.success(), "{}", text(&bad));
    let said = text(&bad);
    assert!(said.contains("bad.jsonl:2: unknown_procedure"), "{said}");
    assert!(said.contains("bad.jsonl:3: malformed_json"), "{said}");
    assert!(said.contains("2 bad lines; nothing was written"), "{said}");
    // CU-3 (a good line of the bad file) was not written: importing it alone now writes it.
    std::fs::write(dir.path().join("cu3.jsonl"), line("CU-3", "1.000894") + "\n").unwrap();
    let cu3 = motcua(dir.path(), &["import-dossiers", "cu3.jsonl", "--data", data_arg]);
    assert!(text(&cu3).contains("1 lines: 1 dossiers imported"), "{}", text(&cu3));
}
