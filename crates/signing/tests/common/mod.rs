//! Shared test support: fixtures, a demo CA with an agency signer, and the external verifiers.
//!
//! External tools are found on PATH: `pdfsig` (Debian `poppler-utils`), `certutil` (Debian
//! `libnss3-tools`), `openssl`, and `pyhanko` (PyPI `pyHanko` + `pyhanko-cli`). If pyHanko is in
//! a virtual environment not on PATH, set `MOTCUA_PYHANKO_VENV` to that environment's folder.
//! A missing tool fails the test with what to install; nothing is skipped.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use motcua_signing::demo_ca::{Agency, DemoCa};
use motcua_signing::{Certificate, ServerKeySigner, SignOptions, credentials};
use time::OffsetDateTime;

/// The typst-produced fixture (classic cross-reference table).
pub const TYPST_PDF: &str = "typst-result-vi.pdf";
/// The same document rewritten with object streams and a cross-reference stream.
pub const TYPST_PDF_OBJSTM: &str = "typst-result-vi-objstm.pdf";

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc().to_offset(time::macros::offset!(+7))
}

/// A demo CA and an agency signing certificate with a P-256 key, loaded through the same
/// checked path as the application's configuration.
pub struct Demo {
    pub ca: DemoCa,
    pub root_pem: String,
    /// The demo root alone, as the trusted roots of `verify`.
    pub roots: Vec<Certificate>,
    pub signer: ServerKeySigner,
}

pub fn demo() -> Demo {
    let ca = DemoCa::generate(now()).expect("demo CA");
    let issued = ca
        .issue(
            Agency {
                name: "UBND xã Hòa Bình",
                code: "H01.23",
            },
            now(),
        )
        .expect("agency certificate");
    let root_pem = ca.certificate_pem().expect("root PEM");
    let signer = credentials::load_pem(
        issued.key_pem.as_deref().expect("generated key").as_bytes(),
        issued.chain_pem.as_bytes(),
        root_pem.as_bytes(),
        now(),
    )
    .expect("demo credentials pass the load checks");
    Demo {
        roots: vec![ca.certificate().clone()],
        ca,
        root_pem,
        signer,
    }
}

pub fn options() -> SignOptions {
    let mut options = SignOptions::at(now());
    options.reason = Some("Ký số kết quả giải quyết hồ sơ H01.23-240101-0001".into());
    options.location = Some("Hòa Bình, Việt Nam".into());
    options.signer_name = Some("UBND xã Hòa Bình".into());
    options
}

/// The error of a signing call that must fail (without printing a PDF if it does not).
pub fn refused(result: Result<Vec<u8>, motcua_signing::Error>) -> motcua_signing::Error {
    match result {
        Ok(pdf) => panic!("signing should have failed, produced {} bytes", pdf.len()),
        Err(error) => error,
    }
}

/// A program on PATH, or a failure saying what to install.
pub fn tool(name: &str, install: &str) -> PathBuf {
    find_on_path(name).unwrap_or_else(|| panic!("`{name}` is not on PATH: install it with {install}"))
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

const PYHANKO_INSTALL: &str = "`python3 -m pip install pyHanko pyhanko-cli` (or set \
     MOTCUA_PYHANKO_VENV to a virtual environment holding them)";

/// The `pyhanko` command.
pub fn pyhanko() -> PathBuf {
    if let Some(venv) = std::env::var_os("MOTCUA_PYHANKO_VENV") {
        let candidate = Path::new(&venv).join("bin/pyhanko");
        assert!(
            candidate.is_file(),
            "MOTCUA_PYHANKO_VENV has no bin/pyhanko: {}",
            candidate.display()
        );
        return candidate;
    }
    tool("pyhanko", PYHANKO_INSTALL)
}

/// The Python interpreter that has pyHanko installed (the one `pyhanko`'s script runs with).
pub fn pyhanko_python() -> PathBuf {
    let script = pyhanko();
    let text = std::fs::read_to_string(&script).expect("read the pyhanko script");
    let interpreter = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("#!"))
        .map(str::trim)
        .unwrap_or_else(|| panic!("{} has no #! line", script.display()));
    PathBuf::from(interpreter)
}

pub fn run(command: &mut Command) -> (bool, String) {
    let Output { status, stdout, stderr } = command.output().expect("the tool starts");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
    (status.success(), text)
}

/// `pdfsig` output for `pdf`, with a throw-away NSS database that trusts `root_pem`.
///
/// pdfsig checks the signer for NSS's e-mail-signer usage, so the root needs the S/MIME trust
/// flag (`,C,`); with only the SSL flag (`C,,`) it answers "Certificate issuer isn't Trusted".
/// `-no-ocsp` is not passed: poppler 22.12 then reports "Unknown issue with Certificate"; the
/// demo certificates name no OCSP responder, so nothing is fetched.
pub fn pdfsig(dir: &Path, pdf: &Path, root_pem: &str) -> String {
    let certutil = tool("certutil", "`apt-get install -y libnss3-tools`");
    let pdfsig = tool("pdfsig", "`apt-get install -y poppler-utils`");
    let nss = dir.join("nss");
    if !nss.exists() {
        std::fs::create_dir_all(&nss).expect("nss dir");
        let db = format!("sql:{}", nss.display());
        let (ok, out) = run(Command::new(&certutil).args(["-N", "--empty-password", "-d", &db]));
        assert!(ok, "certutil -N: {out}");
        let root = dir.join("nss-root.pem");
        std::fs::write(&root, root_pem).expect("write root");
        let (ok, out) = run(Command::new(&certutil)
            .args(["-A", "-d", &db, "-n", "motcua-demo-root", "-t", ",C,", "-a", "-i"])
            .arg(&root));
        assert!(ok, "certutil -A: {out}");
    }
    let (_, out) = run(Command::new(pdfsig)
        .arg("-nssdir")
        .arg(format!("sql:{}", nss.display()))
        .arg(pdf));
    out
}

/// `pyhanko sign validate --pretty-print` with only `trust` as trust roots. Returns whether it
/// exited 0 and its output.
pub fn pyhanko_validate(pdf: &Path, trust: &[&Path]) -> (bool, String) {
    let mut command = Command::new(pyhanko());
    command.args([
        "sign",
        "validate",
        "--pretty-print",
        "--no-revocation-check",
        "--trust-replace",
    ]);
    for root in trust {
        command.arg("--trust").arg(root);
    }
    command.arg(pdf);
    run(&mut command)
}
