//! Loading the agencies' signing credentials for electronic results, checked at start: a
//! forged, untrusted, expired or not-yet-valid certificate, a key that does not match it or
//! one without non-repudiation stops `serve` with a message naming the setting. The demo
//! makes its own CA ("motcua demo CA") and agency certificates in the data folder on first
//! run and reuses them after.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use motcua_app::SigningSettings;
use motcua_signing::{Signer, TimestampClient, credentials, demo_ca};

/// One agency's signing credentials: a PEM chain and key, or a PKCS#12 file.
#[derive(Clone, Serialize, Deserialize)]
pub struct SignerConfig {
    /// The agency's code (`H15.50`).
    pub agency: String,
    /// PEM certificates: the agency's first (or any order), then its issuers.
    #[serde(default)]
    pub certificate: Option<PathBuf>,
    /// The PEM private key (PKCS#8, PKCS#1 or SEC1) …
    #[serde(default)]
    pub key_file: Option<PathBuf>,
    /// … or the name of an environment variable holding it.
    #[serde(default)]
    pub key_env: Option<String>,
    /// A PKCS#12 file instead of `certificate` and the key …
    #[serde(default)]
    pub pkcs12: Option<PathBuf>,
    /// … and the file holding its password.
    #[serde(default)]
    pub pkcs12_password_file: Option<PathBuf>,
}

fn read(path: &Path, what: &str) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {what} {}", path.display()))
}

fn explain(agency: &str, e: &motcua_signing::Error) -> anyhow::Error {
    anyhow::anyhow!("result signer of {agency}: {e} ({})", e.code())
}

/// Loads one configured signer, checked against the roots now.
fn load(s: &SignerConfig, roots_pem: &[u8], now: OffsetDateTime) -> anyhow::Result<Arc<dyn Signer>> {
    let signer = match (&s.pkcs12, &s.certificate) {
        (Some(p12), None) => {
            let password = match &s.pkcs12_password_file {
                Some(f) => String::from_utf8(read(f, "the PKCS#12 password")?)
                    .context("the PKCS#12 password is not text")?
                    .trim_end_matches(['\r', '\n'])
                    .to_owned(),
                None => String::new(),
            };
            credentials::load_pkcs12(&read(p12, "the PKCS#12 file")?, &password, roots_pem, now)
                .map_err(|e| explain(&s.agency, &e))?
        }
        (None, Some(chain)) => {
            let key = match (&s.key_file, &s.key_env) {
                (Some(f), None) => read(f, "the private key")?,
                (None, Some(var)) => std::env::var(var)
                    .with_context(|| format!("result signer of {}: environment variable {var} is not set", s.agency))?
                    .into_bytes(),
                _ => anyhow::bail!("result signer of {}: give key_file or key_env (one of them)", s.agency),
            };
            credentials::load_pem(&key, &read(chain, "the certificate chain")?, roots_pem, now)
                .map_err(|e| explain(&s.agency, &e))?
        }
        _ => anyhow::bail!(
            "result signer of {}: give certificate (PEM with a key) or pkcs12, not both",
            s.agency
        ),
    };
    Ok(Arc::new(signer))
}

/// The configured signers, or `None` when none is configured.
pub fn configured(
    signers: &[SignerConfig],
    roots: Option<&Path>,
    timestamp_url: Option<&str>,
) -> anyhow::Result<Option<SigningSettings>> {
    if signers.is_empty() {
        return Ok(None);
    }
    let roots_path = roots.context("result_trusted_roots (PEM) is required with result_signers")?;
    let roots_pem = read(roots_path, "the trusted roots")?;
    let trusted = credentials::read_certificates(&roots_pem, motcua_signing::CredentialPart::TrustedRoots)
        .map_err(|e| anyhow::anyhow!("result_trusted_roots: {e}"))?;
    let now = OffsetDateTime::now_utc();
    let mut map: HashMap<String, Arc<dyn Signer>> = HashMap::new();
    for s in signers {
        map.insert(s.agency.clone(), load(s, &roots_pem, now)?);
    }
    Ok(Some(SigningSettings {
        signers: map,
        trusted_roots: Arc::new(trusted),
        timestamp: timestamp(timestamp_url)?,
        demo: false,
    }))
}

fn timestamp(url: Option<&str>) -> anyhow::Result<Option<TimestampClient>> {
    url.map(|u| TimestampClient::new(u).map_err(|e| anyhow::anyhow!("timestamp_url: {e}")))
        .transpose()
}

/// The demo's CA and one certificate per agency (`agencies`: code and name), kept under
/// `dir` (made on first run, reused after), as signing settings marked as a demo.
pub fn demo(dir: &Path, agencies: &[(String, String)], timestamp_url: Option<&str>) -> anyhow::Result<SigningSettings> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let now = OffsetDateTime::now_utc();
    let (root_pem, key_pem) = (dir.join("root.pem"), dir.join("root.key.pem"));
    let ca = if root_pem.exists() && key_pem.exists() {
        demo_ca::DemoCa::from_pem(
            &std::fs::read_to_string(&root_pem)?,
            &std::fs::read_to_string(&key_pem)?,
        )
        .map_err(|e| anyhow::anyhow!("the demo CA in {}: {e}", dir.display()))?
    } else {
        let ca = demo_ca::DemoCa::generate(now).map_err(|e| anyhow::anyhow!("making the demo CA: {e}"))?;
        std::fs::write(&root_pem, ca.certificate_pem().map_err(|e| anyhow::anyhow!("{e}"))?)?;
        std::fs::write(&key_pem, ca.key_pem().map_err(|e| anyhow::anyhow!("{e}"))?)?;
        ca
    };
    let roots = std::fs::read(&root_pem)?;
    let mut map: HashMap<String, Arc<dyn Signer>> = HashMap::new();
    for (code, name) in agencies {
        let (chain, key) = (dir.join(format!("{code}.pem")), dir.join(format!("{code}.key.pem")));
        if !(chain.exists() && key.exists()) {
            let issued = ca
                .issue(demo_ca::Agency { name, code }, now)
                .map_err(|e| anyhow::anyhow!("issuing the demo certificate of {code}: {e}"))?;
            std::fs::write(&chain, &issued.chain_pem)?;
            std::fs::write(&key, issued.key_pem.unwrap_or_default())?;
        }
        let signer = credentials::load_pem(&std::fs::read(&key)?, &std::fs::read(&chain)?, &roots, now)
            .map_err(|e| explain(code, &e))?;
        map.insert(code.clone(), Arc::new(signer));
    }
    Ok(SigningSettings {
        signers: map,
        trusted_roots: Arc::new(vec![ca.certificate().clone()]),
        timestamp: timestamp(timestamp_url)?,
        demo: true,
    })
}
