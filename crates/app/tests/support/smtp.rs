//! A real SMTP server for the tests: `smtp_sink.py` (aiosmtpd), started by the test on a
//! free (or given) port, saving every message it receives.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running `smtp_sink.py`; stopped when dropped.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

/// A port nobody listens on (yet).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    l.local_addr().expect("bound address").port()
}

impl SmtpSink {
    /// Starts the sink with extra arguments (`--port N`, `--refuse REPLY`, `--refuse-first N`).
    pub async fn start(args: &[&str]) -> SmtpSink {
        let ok = std::process::Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "these tests need aiosmtpd: python3 -m pip install aiosmtpd");
        let dir = tempfile::tempdir().expect("temporary folder");
        // Found from either crate that uses this helper (app, cli).
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../app/tests/support/smtp_sink.py");
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
            .unwrap_or_else(|_| panic!("the sink printed {line:?}"));
        SmtpSink { child, port, dir }
    }

    /// The `n`th message received (from 1), as the sink parsed it; waits up to 10 s.
    pub async fn received(&self, n: usize) -> Value {
        let json = self.dir.path().join(format!("{n}.json"));
        for _ in 0..200 {
            if let Ok(text) = std::fs::read_to_string(&json) {
                return serde_json::from_str(&text).expect("sink summary is JSON");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("message {n} did not arrive at the SMTP sink");
    }

    /// Every message received so far, as parsed.
    pub fn all(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for n in 1.. {
            match std::fs::read_to_string(self.dir.path().join(format!("{n}.json"))) {
                Ok(text) => out.push(serde_json::from_str(&text).expect("sink summary is JSON")),
                Err(_) => break,
            }
        }
        out
    }

    /// How many messages it has received.
    pub fn count(&self) -> usize {
        self.all().len()
    }

    /// Stops the server (the port is free again).
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
