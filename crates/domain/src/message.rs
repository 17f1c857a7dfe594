//! A stored message, as every client sees it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use super::{ChannelName, Nickname, ValidationError};

/// The database id of a message. Ids are assigned by the database, strictly
/// increasing, and double as the SSE event id a client resumes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MessageId(pub i64);

impl MessageId {
    /// The smallest id a client may name: ids start at 1, and 0 stands for
    /// none (a channel nothing of which has been read).
    pub const MIN: i64 = 0;

    /// An id a client sent.
    pub fn parse(raw: i64) -> Result<Self, ValidationError> {
        if raw < Self::MIN {
            return Err(ValidationError::MessageIdInvalid);
        }
        Ok(Self(raw))
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for MessageId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse().map(MessageId)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub channel: ChannelName,
    pub author: Nickname,
    /// What the author typed (Markdown source); empty once deleted.
    pub body: String,
    /// `body` rendered by the server's Markdown renderer and sanitized with
    /// an allow-list. The one piece of HTML a page inserts as HTML.
    pub html: String,
    /// Serialized as RFC 3339.
    #[serde(deserialize_with = "super::rfc3339::moment")]
    pub created_at: DateTime<Utc>,
    /// When the author last changed it.
    #[serde(default, deserialize_with = "super::rfc3339::optional_moment")]
    pub edited_at: Option<DateTime<Utc>>,
    /// Deleted by its author: the timeline shows a marker in its place.
    #[serde(default)]
    pub deleted: bool,
    /// Members of the channel that the message @mentions.
    #[serde(default)]
    pub mentions: Vec<Nickname>,
}

impl Message {
    /// Whether it @mentions `name`.
    pub fn mentions(&self, name: &Nickname) -> bool {
        self.mentions.iter().any(|m| m.key() == name.key())
    }
}

/// Which message an event is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRef {
    pub channel: ChannelName,
    pub id: MessageId,
}

/// Replaces the message with `message`'s id in a timeline kept in id
/// order (an edit or a delete); a message the timeline does not hold is
/// left out, since it is older or newer than what is shown.
pub fn replace_in_order(timeline: &mut [Message], message: Message) {
    if let Ok(at) = timeline.binary_search_by_key(&message.id, |m| m.id) {
        timeline[at] = message;
    }
}

/// Adds `message` to a timeline kept in id order, unless it is already there.
/// The same message can arrive twice (the send confirmation and the live
/// feed); the timeline shows it once.
pub fn insert_in_order(timeline: &mut Vec<Message>, message: Message) {
    match timeline.binary_search_by_key(&message.id, |m| m.id) {
        Ok(_) => {}
        Err(at) => timeline.insert(at, message),
    }
}

/// Message `id`, by ana in #general, for tests.
#[cfg(any(test, feature = "test-support"))]
pub fn sample_message(id: i64) -> Message {
    Message {
        id: MessageId(id),
        channel: ChannelName::general(),
        author: Nickname::parse("ana").unwrap(),
        body: format!("m{id}"),
        html: format!("<p>m{id}</p>"),
        created_at: DateTime::from_timestamp(1_700_000_000 + id, 0).unwrap(),
        edited_at: None,
        deleted: false,
        mentions: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::sample_message as message;

    #[test]
    fn insert_keeps_id_order_and_drops_duplicates() {
        let mut timeline = vec![message(1), message(3)];
        insert_in_order(&mut timeline, message(4));
        insert_in_order(&mut timeline, message(2));
        insert_in_order(&mut timeline, message(3));
        let ids: Vec<i64> = timeline.iter().map(|m| m.id.0).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
    }

    #[test]
    fn replace_changes_only_a_shown_message() {
        let mut timeline = vec![message(1), message(2)];
        let mut edited = message(2);
        edited.body = "changed".into();
        replace_in_order(&mut timeline, edited);
        replace_in_order(&mut timeline, message(5));
        assert_eq!(timeline.len(), 2);
        assert_eq!(timeline[1].body, "changed");
    }

    #[test]
    fn knows_whom_it_mentions() {
        let mut m = message(1);
        m.mentions = vec![Nickname::parse("Bob").unwrap()];
        assert!(m.mentions(&Nickname::parse("bob").unwrap()));
        assert!(!m.mentions(&Nickname::parse("ana").unwrap()));
    }

    #[test]
    fn serializes_as_the_api_documents_it() {
        let json = serde_json::to_value(message(7)).unwrap();
        assert_eq!(json["id"], 7);
        assert_eq!(json["channel"], "general");
        assert_eq!(json["author"], "ana");
        assert_eq!(json["body"], "m7");
        assert_eq!(json["created_at"], "2023-11-14T22:13:27Z");
    }
}
