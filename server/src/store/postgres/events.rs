//! [`EventLog`] on PostgreSQL, and appending to it inside a write.

use app::{
    domain::EventId,
    events::{ChatEvent, Notification},
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgListener;

use super::{
    cluster::{EPHEMERAL_CHANNEL, PRESENCE_CHANNEL},
    millis,
    rows::{collect_page, event_columns, EventRow, EVENT_COLUMNS},
    PostgresStore,
};
use crate::{
    live::event_log::{Route, StoredEvent},
    store::{EventLog, Page, Reader, StoreResult},
};

/// The advisory lock that serializes appending events, across every
/// process on the database ("papo" in ASCII; the migration
/// `0004_log_foreign_messages.sql` takes it too, as 1885433967).
const APPEND_LOCK: i64 = 0x7061_706f;

/// Appends `event` to the log in the caller's transaction, so that the
/// change and its event commit together (or not at all). The id comes from
/// the identity sequence: never reused. The transaction first takes
/// [`APPEND_LOCK`] (again, harmlessly, for its second event), which it holds
/// until it commits or rolls back: transactions that append run one at a
/// time, so ids commit in the order they are drawn, as on SQLite with its
/// single writer. Waiting for the lock cannot deadlock with row locks:
/// every write changes its existing rows before its first event, and what
/// a batch of messages writes after it holds the lock is new rows only.
pub async fn append(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    route: Route,
    event: ChatEvent,
    message_id: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<StoredEvent> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(APPEND_LOCK)
        .execute(&mut **tx)
        .await?;
    let (data, member_id) = event_columns(&route, &event);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO events (kind, channel_id, everyone, only_user_id, member_id, message_id, data, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(event.name())
    .bind(route.channel_id)
    .bind(route.everyone)
    .bind(route.only_user)
    .bind(member_id)
    .bind(message_id)
    .bind(data)
    .bind(millis(now))
    .fetch_one(&mut **tx)
    .await?;
    Ok(StoredEvent::new(EventId(id), route, event))
}

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

#[async_trait]
impl EventLog for PostgresStore {
    async fn events_after(
        &self,
        reader: Reader,
        after: EventId,
        page: Page,
    ) -> StoreResult<Vec<StoredEvent>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} \
             WHERE e.id > $1 AND ($3::BIGINT IS NULL OR e.channel_id = $3) \
               AND (e.only_user_id IS NULL OR e.only_user_id = $2) \
               AND (e.everyone OR e.member_id = $2 OR e.channel_id = $3 \
                    OR e.channel_id IN (SELECT channel_id FROM channel_members WHERE user_id = $2)) \
             ORDER BY e.id LIMIT $4"
        );
        let rows = sqlx::query_as::<_, EventRow>(&sql)
            .bind(after.0)
            .bind(reader.user_id)
            .bind(reader.channel_id)
            .bind(i64::from(page.events))
            .fetch(&self.pool);
        collect_page(rows, page).await
    }

    async fn latest_event_id(&self) -> StoreResult<EventId> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM events")
            .fetch_one(&self.pool)
            .await?;
        Ok(EventId(id.unwrap_or(0)))
    }

    async fn append_notification(
        &self,
        to: i64,
        notification: &Notification,
        now: DateTime<Utc>,
    ) -> StoreResult<StoredEvent> {
        let mut tx = self.pool.begin().await?;
        let general: i64 = sqlx::query_scalar("SELECT id FROM channels WHERE name = 'general'")
            .fetch_one(&mut *tx)
            .await?;
        let mut route = Route::members_of(general);
        route.only_user = Some(to);
        let event = ChatEvent::Notification(notification.clone());
        let stored = append(&mut tx, route, event, None, now).await?;
        tx.commit().await?;
        Ok(stored)
    }
}
