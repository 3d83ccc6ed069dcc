//! Where attachment bytes go: the local folder, or an S3-compatible bucket.

use anyhow::Context;
use motcua_storage::{FileStore, S3Config};
use serde::{Deserialize, Serialize};

use super::Config;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilesBackend {
    Local,
    S3,
}

impl Config {
    /// Reads `s3_secret_access_key_file` when the key itself is unset.
    pub(super) fn resolve_s3_secret(&mut self) -> anyhow::Result<()> {
        if self.s3_secret_access_key.is_none()
            && let Some(f) = &self.s3_secret_access_key_file
        {
            let key = std::fs::read_to_string(f)
                .with_context(|| format!("reading s3_secret_access_key_file {}", f.display()))?;
            self.s3_secret_access_key = Some(key.trim().to_owned());
        }
        if self.files_backend == FilesBackend::S3 {
            self.s3_config()?;
        }
        Ok(())
    }

    /// The bucket, when `files_backend = "s3"`; every key it needs must be set.
    pub fn s3_config(&self) -> anyhow::Result<S3Config> {
        let need = |v: &Option<String>, key: &str| {
            v.clone()
                .filter(|s| !s.trim().is_empty())
                .with_context(|| format!("files_backend = \"s3\" needs {key}"))
        };
        Ok(S3Config {
            endpoint: self.s3_endpoint.clone().filter(|s| !s.is_empty()),
            bucket: need(&self.s3_bucket, "s3_bucket")?,
            region: self.s3_region.clone(),
            access_key_id: need(&self.s3_access_key_id, "s3_access_key_id")?,
            secret_access_key: need(
                &self.s3_secret_access_key,
                "s3_secret_access_key or s3_secret_access_key_file",
            )?,
            allow_http: self.s3_allow_http,
            prefix: self.s3_prefix.clone(),
        })
    }

    /// The file store in force: `data_dir/files`, or the configured bucket.
    pub fn file_store(&self) -> anyhow::Result<FileStore> {
        Ok(match self.files_backend {
            FilesBackend::Local => FileStore::local(&self.data_dir.join("files"))?,
            FilesBackend::S3 => FileStore::s3(&self.s3_config()?)?,
        })
    }
}

#[cfg(test)]
#[allow(
    clippy::result_large_err,
    reason = "figment's Jail closures return figment::Error, which is large"
)]
mod tests {
    use super::super::Overrides;
    use super::*;
    use figment::Jail;

    #[test]
    fn s3_settings_come_from_file_environment_and_secret_file() {
        Jail::expect_with(|jail| {
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(cfg.files_backend, FilesBackend::Local, "local folder by default");
            assert_eq!(cfg.file_store().map_err(|e| e.to_string())?.label(), "local");
            jail.create_file(
                "motcua.toml",
                "files_backend = \"s3\"\ns3_endpoint = \"http://minio.lan:9000\"\ns3_bucket = \"from-file\"\n\
                 s3_region = \"vn-1\"\ns3_access_key_id = \"motcua\"\ns3_allow_http = true",
            )?;
            let missing = Config::load(None, Overrides::default())
                .map(|_| ())
                .map_err(|e| format!("{e:#}"));
            assert!(
                missing.as_ref().is_err_and(|e| e.contains("s3_secret_access_key")),
                "a bucket without its secret is refused: {missing:?}"
            );
            jail.create_file("s3-key", "top-secret-key\n")?;
            jail.set_env("MOTCUA_S3_SECRET_ACCESS_KEY_FILE", "s3-key");
            jail.set_env("MOTCUA_S3_BUCKET", "from-env");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            let s3 = cfg.s3_config().map_err(|e| e.to_string())?;
            assert_eq!(s3.bucket, "from-env", "environment beats file");
            assert_eq!(s3.endpoint.as_deref(), Some("http://minio.lan:9000"));
            assert_eq!(s3.region, "vn-1");
            assert_eq!(s3.secret_access_key, "top-secret-key", "read from the file, trimmed");
            assert!(s3.allow_http);
            assert!(!format!("{s3:?}").contains("top-secret"), "Debug hides the key");
            assert!(!format!("{cfg:?}").contains("top-secret"));
            assert_eq!(cfg.file_store().map_err(|e| e.to_string())?.label(), "s3");
            jail.set_env("MOTCUA_S3_SECRET_ACCESS_KEY", "explicit-key");
            let cfg = Config::load(None, Overrides::default()).map_err(|e| e.to_string())?;
            assert_eq!(
                cfg.s3_config().map_err(|e| e.to_string())?.secret_access_key,
                "explicit-key",
                "an explicit key wins over the file"
            );
            jail.set_env("MOTCUA_FILES_BACKEND", "ftp");
            assert!(
                Config::load(None, Overrides::default()).is_err(),
                "unknown backend refused"
            );
            Ok(())
        });
    }
}
