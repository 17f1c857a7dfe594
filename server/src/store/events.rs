//! The event log that live feeds replay from.

use app::{domain::EventId, events::Notification};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::event_log::StoredEvent;

/// Which events a reader may be sent: the database narrows them down, and
/// the feed's [`crate::access::FeedAccess`] decides.
#[derive(Clone, Copy, Debug)]
pub struct Reader {
    pub user_id: i64,
    /// Only this channel's events.
    pub channel_id: Option<i64>,
}

#[async_trait]
pub trait EventLog: Send + Sync {
    /// Up to `limit` events after `after`, oldest first: at least every
    /// event `reader` may see (the feed filters the rest).
    async fn events_after(
        &self,
        reader: Reader,
        after: EventId,
        limit: u32,
    ) -> StoreResult<Vec<StoredEvent>>;

    /// The newest event id, `EventId(0)` when there is none yet.
    async fn latest_event_id(&self) -> StoreResult<EventId>;

    /// Logs `notification` for user `to` alone. The log's rows all belong
    /// to a channel; a notification is kept with #general's, the channel
    /// everyone is in, and only `to`'s feeds of every channel carry it (see
    /// [`crate::access`]).
    async fn append_notification(
        &self,
        to: i64,
        notification: &Notification,
        now: DateTime<Utc>,
    ) -> StoreResult<StoredEvent>;
}
