//! Messages: writing, changing and reading history.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{ChannelName, Message, MessageBody, MessageId, Nickname, Viewer};

use super::{StoreError, StoreResult};
use crate::live::event_log::StoredEvent;

/// A message to store, already rendered. Owned: it waits in the group
/// commit queue (`chat::group_commit`) for its transaction.
#[derive(Clone, Debug)]
pub struct NewMessage {
    pub channel_id: i64,
    pub channel: ChannelName,
    pub author: Viewer,
    pub body: MessageBody,
    /// The sanitized HTML of `body`.
    pub html: String,
    /// The members it mentions.
    pub mentions: Vec<(i64, Nickname)>,
    pub now: DateTime<Utc>,
}

/// What deciding on an edit or delete needs to know about a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageRecord {
    pub id: MessageId,
    pub channel_id: i64,
    pub author_id: i64,
    pub deleted: bool,
}

#[async_trait]
pub trait Messages: Send + Sync {
    /// Stores messages and their `message` events, in one transaction
    /// (a group commit): all of them, in order, or none.
    async fn insert_messages(&self, batch: &[NewMessage]) -> StoreResult<Vec<StoredEvent>>;

    /// Stores one message and its `message` event.
    async fn insert_message(&self, message: NewMessage) -> StoreResult<StoredEvent> {
        let mut events = self.insert_messages(std::slice::from_ref(&message)).await?;
        events
            .pop()
            .ok_or(StoreError::Corrupt("a batch of one stored nothing".into()))
    }

    async fn message_record(&self, id: MessageId) -> StoreResult<Option<MessageRecord>>;

    /// Replaces a message's body (and its rendering and mentions); returns
    /// the `message_updated` event.
    async fn edit_message(
        &self,
        id: MessageId,
        body: &MessageBody,
        html: &str,
        mentions: &[(i64, Nickname)],
        now: DateTime<Utc>,
    ) -> StoreResult<StoredEvent>;

    /// Empties a message and marks it deleted; returns the
    /// `message_deleted` event.
    async fn delete_message(&self, id: MessageId, now: DateTime<Utc>) -> StoreResult<StoredEvent>;

    /// Up to `limit` messages of a channel with ids below `before` (or the
    /// newest), oldest first. Keyset pagination: as fast deep in a long
    /// channel as at its end.
    async fn messages_before(
        &self,
        channel_id: i64,
        before: Option<MessageId>,
        limit: u32,
    ) -> StoreResult<Vec<Message>>;
}
