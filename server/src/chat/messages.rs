//! Posting, editing, deleting and reading messages.

use app::backend::MessagesBackend;
use async_trait::async_trait;
use chrono::Utc;
use domain::{
    events::ChatEvent, ChannelName, ChatError, EventId, Message, MessageBody, MessageId, Nickname,
    Viewer,
};

use super::{internal, rate_limited, ChatService};
use crate::{
    chat::markdown,
    live::event_log::StoredEvent,
    store::{MessageRecord, NewMessage, StoreError},
};

impl ChatService {
    /// The members of `channel_id` that `body` @mentions, and its HTML.
    async fn render(
        &self,
        channel_id: i64,
        body: &MessageBody,
    ) -> Result<(Vec<(i64, Nickname)>, String), ChatError> {
        let candidates = markdown::mention_candidates(body.as_str());
        // Most messages mention nobody: no query for them.
        let mentions = if candidates.is_empty() {
            Vec::new()
        } else {
            self.store
                .members_named(channel_id, &candidates)
                .await
                .map_err(|e| internal("resolving mentions", e))?
        };
        let names: Vec<Nickname> = mentions.iter().map(|(_, n)| n.clone()).collect();
        Ok((mentions, markdown::render(body.as_str(), &names)))
    }

    /// A message the viewer may change: theirs, not deleted, in a channel
    /// they can read. Someone else's message in a channel they can read is
    /// [`ChatError::NotYourMessage`]; one they cannot read is not found.
    async fn own_message(
        &self,
        viewer: &Viewer,
        id: MessageId,
    ) -> Result<MessageRecord, ChatError> {
        let record = self
            .store
            .message_record(id)
            .await
            .map_err(|e| internal("looking up a message", e))?
            .filter(|r| !r.deleted)
            .ok_or(ChatError::MessageNotFound)?;
        let channel = self
            .store
            .channel_by_id(record.channel_id)
            .await
            .map_err(|e| internal("looking up a channel", e))?
            .ok_or(ChatError::MessageNotFound)?;
        let member = self.is_member(channel.id, viewer).await?;
        if channel.info.kind.is_secret() && !member {
            return Err(ChatError::MessageNotFound);
        }
        if record.author_id != viewer.user_id {
            return Err(ChatError::NotYourMessage);
        }
        Ok(record)
    }
}

fn message_of(event: &StoredEvent) -> Result<Message, ChatError> {
    match &event.event {
        ChatEvent::Message(m) | ChatEvent::MessageUpdated(m) => Ok(m.clone()),
        other => {
            tracing::error!(
                event = other.name(),
                "a message write returned another event"
            );
            Err(ChatError::Internal)
        }
    }
}

#[async_trait]
impl MessagesBackend for ChatService {
    async fn post_message(
        &self,
        author: &Viewer,
        channel: &ChannelName,
        body: MessageBody,
    ) -> Result<Message, ChatError> {
        self.post_limit
            .check(&author.user_id)
            .map_err(rate_limited("post"))?;
        let (channel_record, member) = self.readable(author, channel).await?;
        if !member {
            return Err(ChatError::NotAMember);
        }
        let (mentions, html) = self.render(channel_record.id, &body).await?;
        let event = self
            .message_writer
            .store(NewMessage {
                channel_id: channel_record.id,
                channel: channel.clone(),
                author: author.clone(),
                body,
                html,
                mentions,
                now: Utc::now(),
            })
            .await?;
        message_of(&event)
    }

    async fn edit_message(
        &self,
        viewer: &Viewer,
        id: MessageId,
        body: MessageBody,
    ) -> Result<Message, ChatError> {
        self.spend_write(viewer)?;
        let record = self.own_message(viewer, id).await?;
        let (mentions, html) = self.render(record.channel_id, &body).await?;
        let _turn = self.write_turn().await;
        let event = self
            .store
            .edit_message(id, &body, &html, &mentions, Utc::now())
            .await
            .map_err(|e| match e {
                StoreError::UnknownMessage => ChatError::MessageNotFound,
                e => internal("editing a message", e),
            })?;
        let message = message_of(&event)?;
        self.publish([event]);
        Ok(message)
    }

    async fn delete_message(&self, viewer: &Viewer, id: MessageId) -> Result<(), ChatError> {
        self.spend_write(viewer)?;
        self.own_message(viewer, id).await?;
        let _turn = self.write_turn().await;
        let event = self
            .store
            .delete_message(id, Utc::now())
            .await
            .map_err(|e| match e {
                StoreError::UnknownMessage => ChatError::MessageNotFound,
                e => internal("deleting a message", e),
            })?;
        self.publish([event]);
        Ok(())
    }

    async fn history(
        &self,
        viewer: &Viewer,
        channel: &ChannelName,
        before: Option<MessageId>,
        limit: u32,
    ) -> Result<Vec<Message>, ChatError> {
        let (channel, _) = self.readable(viewer, channel).await?;
        self.store
            .messages_before(channel.id, before, limit)
            .await
            .map_err(|e| internal("reading history", e))
    }

    async fn latest_event_id(&self) -> Result<EventId, ChatError> {
        self.store
            .latest_event_id()
            .await
            .map_err(|e| internal("reading the newest event id", e))
    }
}
