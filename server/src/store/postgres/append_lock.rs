//! The advisory lock that orders appends to the event log across every
//! process on the database. (Migrations `0001_schema.sql` and
//! `0004_log_foreign_messages.sql` place it in `store::postgres::events`,
//! where it was before the SQL was shared; applied migrations cannot change.)

use sqlx::{Postgres, Transaction};

use super::PostgresStore;
use crate::store::{sql::AppendOrder, StoreResult};

/// The lock's key ("papo" in ASCII; the migration
/// `0004_log_foreign_messages.sql` takes it too, as 1885433967).
const APPEND_LOCK: i64 = 0x7061_706f;

impl AppendOrder for PostgresStore {
    /// Takes [`APPEND_LOCK`] (again, harmlessly, for a transaction's second
    /// event), which the transaction holds until it commits or rolls back:
    /// transactions that append run one at a time, so ids commit in the
    /// order they are drawn from the identity sequence, as on SQLite with
    /// its single writer. Waiting for the lock cannot deadlock with row
    /// locks: every write changes its existing rows before its first event,
    /// and what a batch of messages writes after it holds the lock is new
    /// rows only.
    async fn before_append(tx: &mut Transaction<'_, Postgres>) -> StoreResult<()> {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(APPEND_LOCK)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}
