//! Attachments: bytes in an object store (a local folder by default, an S3-compatible
//! bucket when configured), addressed by their SHA-256 so the same file is stored once;
//! metadata in the database. File types are sniffed from the content, never trusted from
//! the name or the browser.

use motcua_domain::ids::{AttachmentId, DossierId, ProcedureId, StoredDocumentId, UserId};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{BackoffConfig, ClientOptions, ObjectStore, ObjectStoreExt, RetryConfig};
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::commit::{Done, Job};
use crate::{Result, StorageError, Store, now_ms};

/// Where attachment bytes live.
#[derive(Clone)]
pub struct FileStore {
    objects: Arc<dyn ObjectStore>,
    label: &'static str,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileStore({})", self.label)
    }
}

/// An S3-compatible bucket (AWS, MinIO, Ceph, Garage, a provider's object storage).
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    /// The server, e.g. `https://s3.tinh.gov.vn`; none: AWS itself (virtual-hosted style).
    /// With an endpoint, requests are path style (`endpoint/bucket/key`), as MinIO-like
    /// servers expect.
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// Allow a plain-HTTP endpoint (a server on the same host or private network).
    pub allow_http: bool,
    /// Keys are stored under this prefix (several installations sharing one bucket).
    pub prefix: Option<String>,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("allow_http", &self.allow_http)
            .field("prefix", &self.prefix)
            .finish()
    }
}

fn object_error(e: object_store::Error) -> StorageError {
    StorageError::Corrupt(format!("object store: {e}"))
}

impl FileStore {
    /// A store in a local folder (created when missing).
    pub fn local(dir: &std::path::Path) -> Result<FileStore> {
        std::fs::create_dir_all(dir).map_err(|e| StorageError::Corrupt(format!("creating {}: {e}", dir.display())))?;
        let fs = LocalFileSystem::new_with_prefix(dir).map_err(object_error)?;
        Ok(FileStore {
            objects: Arc::new(fs),
            label: "local",
        })
    }

    /// A store in an S3-compatible bucket. Nothing is sent until the first request
    /// (see [`FileStore::check`]). Requests give up after 30 s and three retries, so an
    /// unreachable server fails an upload rather than holding it for minutes.
    pub fn s3(cfg: &S3Config) -> Result<FileStore> {
        let mut b = AmazonS3Builder::new()
            .with_bucket_name(&cfg.bucket)
            .with_region(&cfg.region)
            .with_access_key_id(&cfg.access_key_id)
            .with_secret_access_key(&cfg.secret_access_key)
            .with_client_options(
                ClientOptions::new()
                    .with_allow_http(cfg.allow_http)
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_secs(30)),
            )
            .with_retry(RetryConfig {
                backoff: BackoffConfig::default(),
                max_retries: 3,
                retry_timeout: Duration::from_secs(30),
            });
        if let Some(endpoint) = &cfg.endpoint {
            b = b.with_endpoint(endpoint).with_virtual_hosted_style_request(false);
        }
        let s3 = b.build().map_err(object_error)?;
        let objects: Arc<dyn ObjectStore> = match cfg.prefix.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => Arc::new(PrefixStore::new(s3, p)),
            None => Arc::new(s3),
        };
        Ok(FileStore { objects, label: "s3" })
    }

    /// Any object store.
    pub fn new(objects: Arc<dyn ObjectStore>) -> FileStore {
        FileStore {
            objects,
            label: "custom",
        }
    }

    /// `local`, `s3` or `custom`.
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// Whether the store answers (readiness): asks for an object that need not exist.
    pub async fn check(&self) -> Result<()> {
        match self.objects.head(&ObjectPath::from("readyz")).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(object_error(e)),
        }
    }

    fn path(sha: &str) -> ObjectPath {
        ObjectPath::from(format!("sha256/{}/{sha}", &sha[..2]))
    }

    /// Stores bytes (once per content) and returns their SHA-256, hex.
    pub async fn put(&self, bytes: Bytes) -> Result<String> {
        let sha: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        let path = Self::path(&sha);
        // Any answer but "present" means write: a failing server fails the write too.
        if self.objects.head(&path).await.is_err() {
            self.objects.put(&path, bytes.into()).await.map_err(object_error)?;
        }
        Ok(sha)
    }

    pub async fn get(&self, sha: &str) -> Result<Bytes> {
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StorageError::NotFound);
        }
        let got = self.objects.get(&Self::path(sha)).await.map_err(|e| match e {
            object_store::Error::NotFound { .. } => StorageError::NotFound,
            other => object_error(other),
        })?;
        got.bytes().await.map_err(object_error)
    }
}

/// The type of a file from its first bytes, as an extension of `motcua_domain::procedure::FILE_TYPES`.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    let ext = match kind.mime_type() {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "application/msword" => "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.ms-excel" => "xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "text/xml" | "application/xml" => "xml",
        _ => return None,
    };
    Some(ext)
}

/// The MIME type served for a sniffed extension.
pub fn mime_of(ext: &str) -> &'static str {
    match ext {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// An attachment's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: AttachmentId,
    pub owner_user_id: UserId,
    pub dossier_id: Option<DossierId>,
    pub component: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// The document of the owner's store this file reuses, instead of an upload.
    pub reused_from: Option<StoredDocumentId>,
}

/// A file to record.
pub struct NewAttachment<'a> {
    pub owner_user_id: UserId,
    pub procedure_id: ProcedureId,
    pub dossier_id: Option<DossierId>,
    pub component: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
}

pub(crate) const COLUMNS: &str =
    "id, owner_user_id, dossier_id, component, file_name, content_type, size_bytes, sha256, reused_from";

pub(crate) fn from_row(r: &AnyRow) -> Result<Attachment> {
    Ok(Attachment {
        id: AttachmentId(r.try_get("id")?),
        owner_user_id: UserId(r.try_get("owner_user_id")?),
        dossier_id: r.try_get::<Option<i64>, _>("dossier_id")?.map(DossierId),
        component: r.try_get("component")?,
        file_name: r.try_get("file_name")?,
        content_type: r.try_get("content_type")?,
        size_bytes: r.try_get("size_bytes")?,
        sha256: r.try_get("sha256")?,
        reused_from: r.try_get::<Option<i64>, _>("reused_from")?.map(StoredDocumentId),
    })
}

/// An attachment row, ready to write (owned: it travels to a committer lane).
pub(crate) struct AttachmentWrite {
    owner_user_id: i64,
    procedure_id: i64,
    dossier_id: Option<i64>,
    component: String,
    file_name: String,
    content_type: String,
    size_bytes: i64,
    sha256: String,
    created_at: i64,
}

pub(crate) async fn write_attachment(conn: &mut sqlx::AnyConnection, a: &AttachmentWrite) -> Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO attachments (owner_user_id, procedure_id, dossier_id, component, file_name, content_type, size_bytes, sha256, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(a.owner_user_id)
    .bind(a.procedure_id)
    .bind(a.dossier_id)
    .bind(a.component.as_str())
    .bind(a.file_name.as_str())
    .bind(a.content_type.as_str())
    .bind(a.size_bytes)
    .bind(a.sha256.as_str())
    .bind(a.created_at)
    .fetch_one(conn)
    .await?
    .try_get("id")?;
    Ok(id)
}

impl Store {
    /// Records a file (of a draft, or of a dossier at the counter). Goes through the
    /// group committer, so uploads share commits with filings and transitions.
    pub async fn add_attachment(&self, a: &NewAttachment<'_>) -> Result<AttachmentId> {
        let w = AttachmentWrite {
            owner_user_id: a.owner_user_id.get(),
            procedure_id: a.procedure_id.get(),
            dossier_id: a.dossier_id.map(DossierId::get),
            component: a.component.to_owned(),
            file_name: a.file_name.to_owned(),
            content_type: a.content_type.to_owned(),
            size_bytes: a.size_bytes,
            sha256: a.sha256.to_owned(),
            created_at: now_ms(),
        };
        match self.commit.run(Job::Attach(w)).await? {
            Done::Inserted(id) => Ok(AttachmentId(id)),
            _ => Err(StorageError::Corrupt(
                "committer answered an upload with something else".into(),
            )),
        }
    }

    /// Files of a draft (not yet part of a dossier).
    pub async fn draft_attachments(&self, user_id: UserId, procedure_id: ProcedureId) -> Result<Vec<Attachment>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM attachments WHERE owner_user_id = $1 AND procedure_id = $2 AND dossier_id IS NULL ORDER BY id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(user_id.get())
            .bind(procedure_id.get())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn dossier_attachments(&self, dossier_id: DossierId) -> Result<Vec<Attachment>> {
        let sql = format!("SELECT {COLUMNS} FROM attachments WHERE dossier_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(dossier_id.get())
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Removes a draft's file (the owner's, not yet filed).
    pub async fn delete_draft_attachment(&self, user_id: UserId, id: AttachmentId) -> Result<()> {
        let done = sqlx::query("DELETE FROM attachments WHERE id = $1 AND owner_user_id = $2 AND dossier_id IS NULL")
            .bind(id.get())
            .bind(user_id.get())
            .execute(&self.write)
            .await?;
        if done.rows_affected() == 0 {
            Err(StorageError::NotFound)
        } else {
            Ok(())
        }
    }
}
