use motcua_domain::FieldError;
use motcua_domain::catalogue::ItemError;

/// Everything that can go wrong in storage, in terms the layers above can act on.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not found")]
    NotFound,
    /// A unique constraint was hit: the value named already exists.
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// The value broke a domain rule; nothing was written.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// A catalogue import broke rules in these items; nothing was written.
    #[error("invalid catalogue document")]
    InvalidCatalogue(Vec<ItemError>),
    #[error("unsupported database url (use sqlite:// or postgres://)")]
    UnsupportedUrl,
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StorageError {
    /// Maps a unique violation to `Conflict(what)`, anything else to `Database`.
    pub(crate) fn unique(what: &'static str) -> impl FnOnce(sqlx::Error) -> StorageError {
        move |e| match &e {
            sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::UniqueViolation => {
                StorageError::Conflict(what)
            }
            _ => StorageError::Database(e),
        }
    }
}

impl From<serde_json::Error> for StorageError {
    fn from(e: serde_json::Error) -> Self {
        StorageError::Corrupt(e.to_string())
    }
}
