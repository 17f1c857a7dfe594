//! The storage seam: everything papo keeps goes through [`Store`].
//!
//! SQLite is the embedded default ([`sqlite::SqliteStore`]); PostgreSQL
//! ([`postgres::PostgresStore`]) serves several instances from one database.
//! Both implement the same trait, in the same SQL (`sql`), and pass the
//! same contract tests (`tests/store_contract/`) without touching the UI
//! or the routes.

pub mod cluster;
pub mod postgres;
pub mod sqlite;

mod accounts;
mod channels;
mod events;
mod messages;
mod rows;
mod sql;

pub use accounts::{Accounts, Opened, RetiredGuest};
pub use channels::{ChannelRecord, Channels};
pub use events::{EventLog, Page, Reader};
pub use messages::{MessageRecord, Messages, NewMessage};

use async_trait::async_trait;

/// The SHA-256 of a session token: what the store keeps instead of the token.
pub type TokenHash = [u8; 32];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the name is in use by an active user")]
    NameTaken,
    #[error("no such channel")]
    UnknownChannel,
    #[error("a channel with that name exists")]
    ChannelTaken,
    #[error("no such message")]
    UnknownMessage,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("stored data does not parse: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Migration(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// Whether the database could not be reached or is going away, rather
    /// than refusing this request: the caller answers 503 and tries again
    /// later; the pool reconnects by itself.
    pub fn is_unavailable(&self) -> bool {
        let StoreError::Database(error) = self else {
            return false;
        };
        match error {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => true,
            // PostgreSQL's connection exceptions (class 08), shutdowns
            // (57P01-57P03) and "too many connections" (53300).
            sqlx::Error::Database(database) => database.code().is_some_and(|code| {
                code.starts_with("08") || code.starts_with("57P") || code == "53300"
            }),
            _ => false,
        }
    }
}

/// Everything papo keeps, as one object the use cases hold
/// (`Arc<dyn Store>`). Each part is its own trait, in its own file.
#[async_trait]
pub trait Store: Accounts + Channels + Messages + EventLog + Send + Sync + 'static {
    /// Answers when the database does (for `/healthz`).
    async fn ping(&self) -> StoreResult<()>;

    /// How many of this version's migrations the database lacks (for
    /// `/readyz`): none once start-up has applied them, unless someone
    /// reverted one by hand.
    async fn missing_migrations(&self) -> StoreResult<usize>;

    /// How many bytes the database takes (for the admin page): SQLite's
    /// pages in use (the main file, without the write-ahead log), or
    /// PostgreSQL's `pg_database_size`.
    async fn database_size(&self) -> StoreResult<u64>;
}

/// The migrations of `migrator` whose version is not in `applied`.
pub(crate) fn missing(migrator: &sqlx::migrate::Migrator, applied: &[i64]) -> usize {
    migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration() && !applied.contains(&m.version))
        .count()
}

/// The versions of the migrations applied successfully, as sqlx records them.
pub(crate) const APPLIED_MIGRATIONS: &str =
    "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";
