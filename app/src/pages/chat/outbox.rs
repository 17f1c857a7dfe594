//! What I typed and the server has not stored yet: sent one at a time, in
//! order, once each; while the server cannot be reached the messages wait
//! and go when the connection is back.
//!
//! A send that failed with a network error may still have reached the
//! server. Such a message is marked `tried`; if the feed then brings a
//! message of mine with the same text in the same channel, that was it,
//! and it is not sent again.

use crate::domain::{ChannelName, Message};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueuedState {
    /// Waiting for the connection.
    Waiting,
    /// On its way now: it cannot be cancelled any more.
    Sending,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Queued {
    /// Unique within the page.
    pub key: u64,
    pub channel: ChannelName,
    pub body: String,
    pub state: QueuedState,
    /// A send was attempted and its outcome is unknown.
    pub tried: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outbox {
    next_key: u64,
    items: Vec<Queued>,
}

impl Outbox {
    /// Queues `body` for `channel`; `tried` when a send already failed.
    pub fn push(&mut self, channel: ChannelName, body: String, tried: bool) -> u64 {
        self.next_key += 1;
        self.items.push(Queued {
            key: self.next_key,
            channel,
            body,
            state: QueuedState::Waiting,
            tried,
        });
        self.next_key
    }

    /// The messages queued for `channel`, oldest first.
    pub fn for_channel(&self, channel: &ChannelName) -> Vec<Queued> {
        self.items
            .iter()
            .filter(|q| &q.channel == channel)
            .cloned()
            .collect()
    }

    /// The next message to send, now marked as sending; `None` while one
    /// is on its way or none waits.
    pub fn take_next(&mut self) -> Option<Queued> {
        if self.items.iter().any(|q| q.state == QueuedState::Sending) {
            return None;
        }
        let next = self
            .items
            .iter_mut()
            .find(|q| q.state == QueuedState::Waiting)?;
        next.state = QueuedState::Sending;
        next.tried = true;
        Some(next.clone())
    }

    /// The server stored message `key`.
    pub fn sent(&mut self, key: u64) {
        self.items.retain(|q| q.key != key);
    }

    /// The server could not be reached: `key` waits again.
    pub fn unreachable(&mut self, key: u64) {
        self.set_state(key, QueuedState::Waiting);
    }

    /// The server refused `key`: it leaves the outbox, and is returned.
    pub fn refused(&mut self, key: u64) -> Option<Queued> {
        let at = self.items.iter().position(|q| q.key == key)?;
        Some(self.items.remove(at))
    }

    /// Drops `key` unless it is on its way; returns whether it was dropped.
    pub fn cancel(&mut self, key: u64) -> bool {
        let before = self.items.len();
        self.items
            .retain(|q| q.key != key || q.state == QueuedState::Sending);
        self.items.len() < before
    }

    /// `message`, mine, arrived: a tried message with its text was
    /// delivered after all.
    pub fn arrived(&mut self, message: &Message) {
        let found = self.items.iter().position(|q| {
            q.tried
                && q.state == QueuedState::Waiting
                && q.channel == message.channel
                && q.body.trim() == message.body.trim()
        });
        if let Some(at) = found {
            self.items.remove(at);
        }
    }

    fn set_state(&mut self, key: u64, state: QueuedState) {
        if let Some(q) = self.items.iter_mut().find(|q| q.key == key) {
            q.state = state;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{MessageId, Nickname};

    fn general() -> ChannelName {
        ChannelName::general()
    }

    fn message(body: &str) -> Message {
        Message {
            id: MessageId(1),
            channel: general(),
            author: Nickname::parse("ana").unwrap(),
            body: body.into(),
            html: String::new(),
            created_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            edited_at: None,
            deleted: false,
            mentions: vec![],
        }
    }

    #[test]
    fn sends_in_order_one_at_a_time() {
        let mut outbox = Outbox::default();
        let first = outbox.push(general(), "one".into(), false);
        let second = outbox.push(general(), "two".into(), false);
        let next = outbox.take_next().unwrap();
        assert_eq!((next.key, next.body.as_str()), (first, "one"));
        assert_eq!(outbox.take_next(), None);
        outbox.sent(first);
        assert_eq!(outbox.take_next().unwrap().key, second);
        outbox.sent(second);
        assert!(outbox.for_channel(&general()).is_empty());
        assert_eq!(outbox.take_next(), None);
    }

    #[test]
    fn an_unreachable_server_keeps_the_order() {
        let mut outbox = Outbox::default();
        let first = outbox.push(general(), "one".into(), false);
        outbox.push(general(), "two".into(), false);
        outbox.take_next();
        outbox.unreachable(first);
        assert_eq!(outbox.take_next().unwrap().key, first);
    }

    #[test]
    fn a_refused_message_leaves_and_the_next_goes() {
        let mut outbox = Outbox::default();
        let first = outbox.push(general(), "one".into(), false);
        let second = outbox.push(general(), "two".into(), false);
        outbox.take_next();
        assert_eq!(outbox.refused(first).unwrap().body, "one");
        assert_eq!(outbox.take_next().unwrap().key, second);
        outbox.sent(second);
        assert_eq!(outbox.take_next(), None);
        assert!(outbox.for_channel(&general()).is_empty());
    }

    #[test]
    fn cancel_drops_a_waiting_message_but_not_one_on_its_way() {
        let mut outbox = Outbox::default();
        let first = outbox.push(general(), "one".into(), false);
        let second = outbox.push(general(), "two".into(), false);
        outbox.take_next();
        assert!(!outbox.cancel(first));
        assert!(outbox.cancel(second));
        assert_eq!(outbox.for_channel(&general()).len(), 1);
    }

    #[test]
    fn a_tried_message_that_arrives_is_not_sent_again() {
        let mut outbox = Outbox::default();
        outbox.push(general(), "maybe".into(), true);
        outbox.push(general(), "never tried".into(), false);
        outbox.arrived(&message("never tried"));
        outbox.arrived(&message("maybe"));
        let left = outbox.for_channel(&general());
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].body, "never tried");
    }

    #[test]
    fn messages_are_listed_per_channel() {
        let mut outbox = Outbox::default();
        outbox.push(general(), "here".into(), false);
        outbox.push(ChannelName::parse("dev").unwrap(), "there".into(), false);
        assert_eq!(outbox.for_channel(&general()).len(), 1);
    }
}
