//! The store's SQL, written once for every backend.
//!
//! SQLite and PostgreSQL run the same statements, in the spelling both
//! accept: `$N` placeholders (sqlx's SQLite driver binds `$N` by its
//! number), `IS [NOT] DISTINCT FROM` (SQLite 3.39), `string_agg` (SQLite
//! 3.44; the bundled SQLite is 3.46), `ON CONFLICT DO NOTHING`, no `::`
//! casts (sqlx tells PostgreSQL every parameter's type, so even `$3 IS
//! NULL` needs none), and counts and limits read and bound as `i64`
//! (BIGINT on PostgreSQL, INTEGER on SQLite). Where no spelling is common,
//! the statement says what it works around (`mark_read` writes `LEAST` as
//! a CASE).
//!
//! A function generic over `sqlx::Database` would need a bound for the
//! executor and for every type it binds or reads. Instead, as
//! `metrics::store`'s `timed!` does, the macros here write each part's
//! implementation for one concrete store: [`sql_store!`] expands them all
//! in a backend's module. What is inside them is ordinary Rust on that
//! backend's types (`Tx` is its transaction). rustfmt formats the code
//! inside a macro only while every line of it fits in 100 columns, and
//! leaves the whole macro as it is otherwise: keep SQL lines short (and
//! few `$N` on the longest).
//!
//! A backend provides what it does its own way, and nothing else: the
//! store type with a `pool: sqlx::Pool<Self::Db>` field, and the traits
//! below, each implemented in a file of the backend named for the
//! difference (or in its `mod.rs` when it is a line or two).

pub(crate) mod accounts;
pub(crate) mod channels;
pub(crate) mod events;
pub(crate) mod health;
pub(crate) mod messages;

use sqlx::{migrate::Migrator, Transaction};

use super::{NewMessage, StoreResult};
use crate::live::event_log::StoredEvent;

/// A database the shared SQL runs on.
pub(crate) trait Backend: Send + Sync + 'static {
    type Db: sqlx::Database;

    /// The migrations embedded in the binary, applied at start-up.
    const MIGRATIONS: &'static Migrator;

    /// One BIGINT: how many bytes the database takes.
    const DATABASE_SIZE: &'static str;
}

/// How a list of strings is bound as one parameter.
pub(crate) trait ArrayParameters: Backend {
    /// What the list is bound as.
    type Array;

    fn array(items: Vec<String>) -> Self::Array;

    /// SQL that holds when `column` is one of the strings bound as
    /// `parameter`.
    fn any_of(column: &str, parameter: &str) -> String;
}

/// What makes event ids commit in the order they are drawn, so that a
/// reader that has seen id N never later sees a lower id commit.
pub(crate) trait AppendOrder: Backend {
    /// Runs in `tx` before each event it appends, the first and the next.
    async fn before_append(tx: &mut Transaction<'_, Self::Db>) -> StoreResult<()>;
}

/// How a group commit's messages, their mentions and their `message`
/// events are written, in the batch's order.
pub(crate) trait BatchInsert: Backend {
    /// Stores `batch` in `tx`, and returns its events in the batch's order,
    /// with ids increasing in that order.
    async fn insert_batch(
        tx: &mut Transaction<'_, Self::Db>,
        batch: &[NewMessage],
    ) -> StoreResult<Vec<StoredEvent>>;
}

/// Implements [`super::Store`] and each of its parts for `$store`, in the
/// module it is called in, through private modules named for the parts.
macro_rules! sql_store {
    ($store:ident) => {
        $crate::store::sql::health::impl_store!($store);
        $crate::store::sql::accounts::impl_accounts!($store);
        $crate::store::sql::channels::impl_channels!($store);
        $crate::store::sql::events::impl_event_log!($store);
        $crate::store::sql::messages::impl_messages!($store);
    };
}
pub(crate) use sql_store;
