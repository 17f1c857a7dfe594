//! What the chat page's rule tests are made of: names, channels and
//! messages from plain strings.

use crate::domain::{ChannelInfo, ChannelKind, ChannelName, Message, MessageId, Nickname};

pub fn nick(raw: &str) -> Nickname {
    Nickname::parse(raw).unwrap()
}

pub fn channel(raw: &str) -> ChannelName {
    ChannelName::parse(raw).unwrap()
}

/// A public channel called `name`, by nobody in particular.
pub fn public(name: &str) -> ChannelInfo {
    ChannelInfo {
        name: channel(name),
        kind: ChannelKind::Public,
        topic: None,
        created_by: None,
        participants: vec![],
    }
}

/// Message `id` of `author` in `in_channel`, mentioning `mentions`.
pub fn message(id: i64, in_channel: &str, author: &str, mentions: &[&str]) -> Message {
    Message {
        id: MessageId(id),
        channel: channel(in_channel),
        author: nick(author),
        body: "hi".into(),
        html: "<p>hi</p>".into(),
        created_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
        edited_at: None,
        deleted: false,
        mentions: mentions.iter().map(|m| nick(m)).collect(),
    }
}
