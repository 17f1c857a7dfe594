//! The event log that live feeds replay from.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{events::Notification, EventId};

use super::StoreResult;
use crate::live::event_log::StoredEvent;

/// Which events a reader may be sent: the database narrows them down, and
/// the feed's [`crate::live::access::FeedAccess`] decides.
#[derive(Clone, Copy, Debug)]
pub struct Reader {
    pub user_id: i64,
    /// Only this channel's events.
    pub channel_id: Option<i64>,
}

/// How much one read of the log returns at most: `events` events, and
/// none after the one whose frame brings the page to `bytes`. A replaying
/// feed holds its page until the client has read it, so the bytes bound
/// what a client that stops reading can make papo keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub events: u32,
    pub bytes: usize,
}

impl Page {
    /// At most `events` events, whatever their size.
    pub fn events(events: u32) -> Self {
        Self {
            events,
            bytes: usize::MAX,
        }
    }

    /// Whether `page`, read with these bounds, may have stopped before
    /// the end of the log.
    pub fn is_full(&self, page: &[StoredEvent]) -> bool {
        page.len() >= self.events as usize
            || page.iter().map(|e| e.frame().len()).sum::<usize>() >= self.bytes
    }
}

#[async_trait]
pub trait EventLog: Send + Sync {
    /// The events after `after`, oldest first, as many as `page` allows:
    /// at least every event `reader` may see (the feed filters the rest).
    async fn events_after(
        &self,
        reader: Reader,
        after: EventId,
        page: Page,
    ) -> StoreResult<Vec<StoredEvent>>;

    /// The newest event id, `EventId(0)` when there is none yet.
    async fn latest_event_id(&self) -> StoreResult<EventId>;

    /// Logs `notification` for user `to` alone. The log's rows all belong
    /// to a channel; a notification is kept with #general's, the channel
    /// everyone is in, and only `to`'s feeds of every channel carry it (see
    /// [`crate::live::access`]).
    async fn append_notification(
        &self,
        to: i64,
        notification: &Notification,
        now: DateTime<Utc>,
    ) -> StoreResult<StoredEvent>;
}
