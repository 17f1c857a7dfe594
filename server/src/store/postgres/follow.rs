//! Following the log from another instance: every new event whoever may
//! see it, and the notifications that say when to read again.

use domain::EventId;
use sqlx::postgres::PgListener;

use super::{
    cluster::{EPHEMERAL_CHANNEL, PRESENCE_CHANNEL},
    PostgresStore,
};
use crate::{
    live::event_log::StoredEvent,
    store::{
        rows::{EventRow, EVENT_COLUMNS},
        StoreResult,
    },
};

/// Where PostgreSQL announces new events (the migration
/// `0002_notify_new_events.sql`).
pub const NEW_EVENTS_CHANNEL: &str = "papo_events";

/// Where PostgreSQL announces deleted sessions and API tokens (the
/// migration `0003_notify_revocations.sql`).
pub const REVOCATIONS_CHANNEL: &str = "papo_revocations";

impl PostgresStore {
    /// Up to `limit` events after `after`, oldest first, whoever may see
    /// them: what this instance's hub fans out (see [`crate::live::log_follower`]).
    pub async fn all_events_after(
        &self,
        after: EventId,
        limit: u32,
    ) -> StoreResult<Vec<StoredEvent>> {
        let rows: Vec<EventRow> = sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} WHERE e.id > $1 ORDER BY e.id LIMIT $2"
        ))
        .bind(after.0)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredEvent::try_from).collect()
    }

    /// A connection that wakes whenever events are added or credentials
    /// deleted, by any instance or program, and that hears what instances
    /// tell each other (see [`crate::live::cluster`]).
    pub async fn listen(&self) -> StoreResult<PgListener> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener
            .listen_all([
                NEW_EVENTS_CHANNEL,
                REVOCATIONS_CHANNEL,
                PRESENCE_CHANNEL,
                EPHEMERAL_CHANNEL,
            ])
            .await?;
        Ok(listener)
    }
}
