//! The embedded SQLite backend (WAL mode, migrations embedded in the binary).
//! Its SQL is the shared one (`store::sql`): this module opens the database,
//! and its other files say what SQLite does its own way.

use std::{path::Path, str::FromStr, time::Duration};

mod array_parameters;
mod batch_insert;

use sqlx::{
    migrate::Migrator,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    Sqlite, SqlitePool, Transaction,
};

use super::{
    sql::{sql_store, AppendOrder, Backend},
    StoreError, StoreResult,
};

/// Connections in the pool. SQLite runs one writer at a time whatever the
/// pool size; the others serve reads, which WAL lets run beside the writer.
const MAX_CONNECTIONS: u32 = 8;

/// The migrations embedded in the binary, applied at start-up.
static MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");

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

impl Backend for SqliteStore {
    type Db = Sqlite;
    const MIGRATIONS: &'static Migrator = &MIGRATIONS;
    /// The pages in use: the main file, without the write-ahead log.
    const DATABASE_SIZE: &'static str =
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
}

impl AppendOrder for SqliteStore {
    /// Nothing to take: SQLite has one writer at a time, so AUTOINCREMENT
    /// ids commit in the order they are drawn.
    async fn before_append(_: &mut Transaction<'_, Sqlite>) -> StoreResult<()> {
        Ok(())
    }
}

sql_store!(SqliteStore);
