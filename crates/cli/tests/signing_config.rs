//! `serve` refuses to start with a result signer whose certificate it cannot trust now:
//! expired, issued by a CA that is not among the trusted roots, or paired with another key.
//! Runs the real binary on a fresh data folder and reads what it tells the operator.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use motcua_signing::demo_ca::{Agency, DemoCa};
use time::{Duration, OffsetDateTime};

const AGENCY: Agency<'static> = Agency {
    name: "Ủy ban nhân dân phường Thử",
    code: "H15.50",
};

/// Writes the files and a configuration naming them; runs `motcua serve` and returns its
/// exit success and what it printed.
fn serve_with(dir: &Path, chain: &str, key: &str, roots: &str) -> (bool, String) {
    std::fs::write(dir.join("chain.pem"), chain).unwrap();
    std::fs::write(dir.join("key.pem"), key).unwrap();
    std::fs::write(dir.join("roots.pem"), roots).unwrap();
    let config = format!(
        "data_dir = \"{d}/data\"\nresult_trusted_roots = \"{d}/roots.pem\"\n\n[[result_signers]]\nagency = \"H15.50\"\ncertificate = \"{d}/chain.pem\"\nkey_file = \"{d}/key.pem\"\n",
        d = dir.display()
    );
    std::fs::write(dir.join("motcua.toml"), config).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["--config"])
        .arg(dir.join("motcua.toml"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("MOTCUA_DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn an_expired_agency_certificate_stops_serve_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let long_ago = OffsetDateTime::now_utc() - Duration::days(4 * 365);
    let ca = DemoCa::generate(long_ago).unwrap();
    let issued = ca.issue(AGENCY, long_ago).unwrap();
    let (ok, out) = serve_with(
        dir.path(),
        &issued.chain_pem,
        issued.key_pem.as_deref().unwrap(),
        &ca.certificate_pem().unwrap(),
    );
    assert!(!ok, "serve must not start: {out}");
    assert!(
        out.contains("result signer of H15.50") && out.contains("signing.certificate_expired"),
        "{out}"
    );
}

#[test]
fn a_certificate_from_an_untrusted_ca_or_another_key_stops_serve() {
    let now = OffsetDateTime::now_utc();
    let ours = DemoCa::generate(now).unwrap();
    let forged = DemoCa::generate(now).unwrap();
    let issued = forged.issue(AGENCY, now).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = serve_with(
        dir.path(),
        &issued.chain_pem,
        issued.key_pem.as_deref().unwrap(),
        &ours.certificate_pem().unwrap(),
    );
    assert!(!ok, "serve must not start with a forged chain: {out}");
    assert!(
        out.contains("result signer of H15.50") && out.contains("signing.chain_untrusted"),
        "{out}"
    );

    let genuine = ours.issue(AGENCY, now).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = serve_with(
        dir.path(),
        &genuine.chain_pem,
        issued.key_pem.as_deref().unwrap(),
        &ours.certificate_pem().unwrap(),
    );
    assert!(!ok, "serve must not start with another key: {out}");
    assert!(out.contains("signing.key_certificate_mismatch"), "{out}");

    // The same files, correct, let it get past the check (it then serves; not waited for).
    let dir = tempfile::tempdir().unwrap();
    let mut child = {
        std::fs::write(dir.path().join("chain.pem"), &genuine.chain_pem).unwrap();
        std::fs::write(dir.path().join("key.pem"), genuine.key_pem.as_deref().unwrap()).unwrap();
        std::fs::write(dir.path().join("roots.pem"), ours.certificate_pem().unwrap()).unwrap();
        std::fs::write(
            dir.path().join("motcua.toml"),
            format!(
                "data_dir = \"{d}/data\"\nresult_trusted_roots = \"{d}/roots.pem\"\nlog_format = \"text\"\n\n[[result_signers]]\nagency = \"H15.50\"\ncertificate = \"{d}/chain.pem\"\nkey_file = \"{d}/key.pem\"\n",
                d = dir.path().display()
            ),
        )
        .unwrap();
        Command::new(env!("CARGO_BIN_EXE_motcua"))
            .arg("--config")
            .arg(dir.path().join("motcua.toml"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    std::thread::sleep(std::time::Duration::from_secs(3));
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().ok();
    let out = child.wait_with_output().unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(still_running, "valid credentials start serve: {printed}");
    assert!(printed.contains("result signers ready"), "{printed}");
}
