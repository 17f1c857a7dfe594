//! The embedded SQLite backend (WAL mode, migrations embedded in the binary).

use std::{path::Path, str::FromStr, time::Duration};

mod accounts;
mod channels;
mod events;
mod messages;
mod rows;

use async_trait::async_trait;
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};

use self::rows::{from_millis, millis, nickname};
use super::{Store, StoreError, StoreResult};

/// Connections in the pool. SQLite runs one writer at a time whatever the
/// pool size; the others serve reads, which WAL lets run beside the writer.
const MAX_CONNECTIONS: u32 = 8;

/// The migrations embedded in the binary, applied at start-up.
static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating it and its directory if needed) the database at
    /// `url`, such as `sqlite://data/papo.db`, and applies the migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A message is acknowledged only once it survives a power
            // cut: every commit syncs the log (group commit keeps that
            // affordable, see `chat::group_commit`).
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        if let Some(dir) = options.get_filename().parent() {
            if !dir.as_os_str().is_empty() && !Path::new(dir).exists() {
                std::fs::create_dir_all(dir).map_err(|e| StoreError::Database(e.into()))?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await?;
        MIGRATIONS.run(&pool).await?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn missing_migrations(&self) -> StoreResult<usize> {
        let applied: Vec<i64> = sqlx::query_scalar(super::APPLIED_MIGRATIONS)
            .fetch_all(&self.pool)
            .await?;
        Ok(super::missing(&MIGRATIONS, &applied))
    }

    async fn database_size(&self) -> StoreResult<u64> {
        let bytes: i64 = sqlx::query_scalar(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(u64::try_from(bytes).unwrap_or_default())
    }
}
