//! A real SMTP server for the tests: `smtp_sink.py` (aiosmtpd), started per test on a free
//! port, saving every message it receives; and a private certificate authority made with the
//! `openssl` command for the TLS tests.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running `smtp_sink.py`; stopped when dropped.
pub struct SmtpSink {
    _child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

fn require(program: &str, check: &[&str], install: &str) {
    let ok = std::process::Command::new(program)
        .args(check)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok,
        "these tests need `{program} {}`, which failed; install it: {install}",
        check.join(" ")
    );
}

impl SmtpSink {
    /// Starts the sink with extra arguments (`--refuse`, `--cert`, `--key`, `--implicit-tls`).
    pub async fn start(args: &[&str]) -> SmtpSink {
        require("python3", &["-c", "import aiosmtpd"], "python3 -m pip install aiosmtpd");
        let dir = tempfile::tempdir().expect("temporary folder");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg("--dir")
            .arg(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        tokio::time::timeout(Duration::from_secs(30), BufReader::new(stdout).read_line(&mut line))
            .await
            .expect("the SMTP sink printed its port within 30 s")
            .expect("read the port");
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("the SMTP sink printed {line:?}, not a port"));
        SmtpSink {
            _child: child,
            port,
            dir,
        }
    }

    /// The `n`th message received (from 1): what Python's e-mail parser read in it, and
    /// its raw bytes. Waits up to 10 s for it.
    pub async fn received(&self, n: usize) -> (Value, Vec<u8>) {
        let json = self.dir.path().join(format!("{n}.json"));
        for _ in 0..200 {
            if let Ok(text) = std::fs::read_to_string(&json) {
                let raw = std::fs::read(self.dir.path().join(format!("{n}.eml"))).expect("raw message");
                return (serde_json::from_str(&text).expect("sink summary is JSON"), raw);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("message {n} did not arrive at the SMTP sink");
    }

    /// How many messages it has received.
    pub fn count(&self) -> usize {
        std::fs::read_dir(self.dir.path())
            .expect("sink folder")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
            })
            .count()
    }
}

/// A private CA and a server certificate for `localhost` signed by it.
pub struct TestCerts {
    pub ca_pem: String,
    pub cert: PathBuf,
    pub key: PathBuf,
    _dir: tempfile::TempDir,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl TestCerts {
    pub fn make() -> TestCerts {
        require("openssl", &["version"], "apt-get install -y openssl");
        let dir = tempfile::tempdir().expect("temporary folder");
        let d = dir.path();
        std::fs::write(
            d.join("server.ext"),
            "subjectAltName=DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
        )
        .expect("write extensions");
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=motcua test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        openssl(
            d,
            &[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost",
            ],
        );
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "server.pem",
                "-days",
                "2",
                "-extfile",
                "server.ext",
            ],
        );
        TestCerts {
            ca_pem: std::fs::read_to_string(d.join("ca.pem")).expect("CA"),
            cert: d.join("server.pem"),
            key: d.join("server.key"),
            _dir: dir,
        }
    }
}
