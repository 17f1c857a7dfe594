//! Notifications: a note from an integration or a person to one other
//! person's streams only, kept in the log so that a reconnect replays it.

use chrono::Utc;
use domain::{events::Notification, ChatError, EventId, MessageBody, Nickname, Viewer};

use super::{internal, rate_limited, ChatService};

impl ChatService {
    /// Sends `text` to `to`'s streams; counts against the sender's message
    /// rate, like a message.
    pub async fn notify(
        &self,
        sender: &Viewer,
        to: &Nickname,
        text: MessageBody,
    ) -> Result<EventId, ChatError> {
        let (to_id, _) = self
            .store
            .user_named(to)
            .await
            .map_err(|e| internal("looking up whom to notify", e))?
            .ok_or(ChatError::UserNotFound)?;
        self.post_limit
            .check(&sender.user_id)
            .map_err(rate_limited("post"))?;
        let now = Utc::now();
        let notification = Notification {
            from: sender.name.clone(),
            text: text.as_str().to_owned(),
            sent_at: now,
        };
        let _turn = self.write_turn().await;
        let event = self
            .store
            .append_notification(to_id, &notification, now)
            .await
            .map_err(|e| internal("logging a notification", e))?;
        let id = event.id;
        self.publish([event]);
        Ok(id)
    }
}
