use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

use crate::commit::Committer;
use crate::{Result, StorageError};

/// Which database is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StorageError::UnsupportedUrl)
        }
    }
}

/// Pool sizing and timeouts.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    pub busy_timeout: Duration,
    /// Group-commit lanes for filings and transitions (`None`: one on SQLite, whose
    /// writes are serialised anyway, two on PostgreSQL: one runs while the other waits
    /// for its commit to reach the disk).
    pub commit_lanes: Option<usize>,
    /// Most writes one commit takes.
    pub commit_batch: usize,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            busy_timeout: Duration::from_secs(5),
            commit_lanes: None,
            commit_batch: 64,
        }
    }
}

/// Handle on the database: a read pool and a write pool (the same pool on PostgreSQL).
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) read: AnyPool,
    pub(crate) write: AnyPool,
    pub(crate) commit: Committer,
    backend: Backend,
}

impl Store {
    /// Connects (creating an SQLite file when missing) without migrating.
    pub async fn connect(url: &str, opts: &StoreOptions) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let connect = AnyConnectOptions::from_str(&url)?;
        let pool = |max: u32| {
            let busy = opts.busy_timeout.as_millis();
            AnyPoolOptions::new()
                .max_connections(max)
                .acquire_timeout(Duration::from_secs(30))
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        if backend == Backend::Sqlite {
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA temp_store = MEMORY").await?;
                            conn.execute("PRAGMA cache_size = -65536").await?;
                            conn.execute("PRAGMA mmap_size = 268435456").await?;
                            let pragma = format!("PRAGMA busy_timeout = {busy}");
                            conn.execute(sqlx::AssertSqlSafe(pragma)).await?;
                        }
                        Ok(())
                    })
                })
        };
        let (read, write) = match backend {
            Backend::Sqlite => {
                let write = pool(1).connect_with(connect.clone()).await?;
                let read = pool(opts.max_connections).connect_with(connect).await?;
                (read, write)
            }
            Backend::Postgres => {
                let p = pool(opts.max_connections).connect_with(connect).await?;
                (p.clone(), p)
            }
        };
        let lanes = opts.commit_lanes.unwrap_or(match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => 2,
        });
        let commit = Committer::start(write.clone(), backend, lanes, opts.commit_batch);
        Ok(Store {
            read,
            write,
            commit,
            backend,
        })
    }

    /// Connects and applies every pending migration.
    pub async fn open(url: &str, opts: &StoreOptions) -> Result<Store> {
        let store = Store::connect(url, opts).await?;
        store.migrate().await?;
        // Dossiers filed before the search text existed (migration 9) get it now.
        store.backfill_search_text(1000).await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The writing pool, for tools and tests that need raw SQL (never for request paths).
    pub fn write_pool(&self) -> &AnyPool {
        &self.write
    }

    /// Applies pending migrations of this backend (append-only folders, one per backend).
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&self.write).await?,
            Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&self.write).await?,
        }
        Ok(())
    }

    /// Cheap liveness probe of the database, for `/readyz`.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// The schema as (table, column, type class, not null), sorted: used to prove the two
    /// backends' migrations stay equivalent.
    pub async fn schema_outline(&self) -> Result<Vec<(String, String, String, bool)>> {
        use sqlx::Row;
        let rows = match self.backend {
            Backend::Sqlite => {
                sqlx::query(
                    "SELECT m.name AS t, p.name AS c, p.type AS ty, p.\"notnull\" + p.pk AS nn \
                     FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
                )
                .fetch_all(&self.read)
                .await?
            }
            Backend::Postgres => {
                sqlx::query(
                    "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty, \
                     CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END::bigint AS nn \
                     FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'",
                )
                .fetch_all(&self.read)
                .await?
            }
        };
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let ty: String = r.try_get("ty")?;
            let nn: i64 = r.try_get("nn")?;
            out.push((r.try_get("t")?, r.try_get("c")?, type_class(&ty).to_owned(), nn > 0));
        }
        out.sort();
        Ok(out)
    }

    /// Closes both pools (waits for connections to return).
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

fn type_class(ty: &str) -> &'static str {
    let t = ty.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("text") || t.contains("char") {
        "text"
    } else if t.contains("real") || t.contains("double") || t.contains("numeric") {
        "real"
    } else if t.contains("blob") || t.contains("bytea") {
        "blob"
    } else {
        "other"
    }
}
