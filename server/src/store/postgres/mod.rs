//! The PostgreSQL backend, for papo running as several instances on one
//! database (`DATABASE_URL=postgres://…`). Migrations are embedded in the
//! binary and applied at start-up.
//!
//! It keeps SQLite's design: times are BIGINT milliseconds, ids come from
//! identity columns (sequences, so never reused), and the SQL and the row
//! mapping are the same code (`store::sql`, `store::rows`). This module
//! connects; its other files say what PostgreSQL does its own way.
//!
//! Event ids are gapless in commit order even with writers in several
//! processes: appending to the log takes a transaction-level advisory lock
//! first ([`append_lock`]), so the transactions that append events run
//! one at a time from their first event to their commit. A reader that sees
//! id N can then never later see a lower id commit. A transaction that rolls
//! back leaves a hole, but nothing with that id ever commits, so no reader
//! misses it.

use std::time::Duration;

mod append_lock;
mod array_parameters;
mod batch_insert;
mod cluster;
pub use cluster::{PgCluster, EPHEMERAL_CHANNEL, PRESENCE_CHANNEL};
mod follow;
pub use follow::REVOCATIONS_CHANNEL;

use sqlx::{
    migrate::Migrator, postgres::PgPoolOptions, Connection, PgConnection, PgPool, Postgres,
};

use super::{
    sql::{sql_store, Backend},
    StoreResult,
};

/// The migrations embedded in the binary, applied at start-up.
static MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// How many connections an instance keeps, and how long a query waits for
/// one before failing (`PAPO_DB_MAX_CONNECTIONS`, `PAPO_DB_ACQUIRE_TIMEOUT_MS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to the database at `url`, such as
    /// `postgres://papo@localhost/papo`, and applies the migrations.
    pub async fn connect(url: &str, settings: PoolSettings) -> StoreResult<Self> {
        // One plain connection first: if the database cannot be reached, its
        // error says why (refused, unknown host, bad password), where the
        // pool would only report that it timed out.
        PgConnection::connect(url).await?.close().await?;
        let pool = PgPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(settings.acquire_timeout)
            .connect(url)
            .await?;
        // The migrator holds a PostgreSQL advisory lock while it runs, so
        // several instances starting at once apply each migration once:
        // the others wait, then find it applied.
        MIGRATIONS.run(&pool).await?;
        Ok(Self { pool })
    }
}

impl Backend for PostgresStore {
    type Db = Postgres;
    const MIGRATIONS: &'static Migrator = &MIGRATIONS;
    const DATABASE_SIZE: &'static str = "SELECT pg_database_size(current_database())";
}

sql_store!(PostgresStore);
