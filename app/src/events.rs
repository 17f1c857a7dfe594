//! The live events that travel over Server-Sent Events.

use serde::{Deserialize, Serialize};

use crate::domain::{Message, MessageId};

/// SSE event name sent once the stream has replayed what the client missed
/// and is live. Tests and the UI wait for it instead of sleeping.
pub const READY: &str = "ready";

/// A durable event: it is stored in the database, has a strictly increasing
/// id, and is replayed to a client that reconnects with `Last-Event-ID`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChatEvent {
    Message(Message),
}

impl ChatEvent {
    /// The SSE `event:` field.
    pub fn name(&self) -> &'static str {
        match self {
            ChatEvent::Message(_) => "message",
        }
    }

    /// The SSE `id:` field.
    pub fn id(&self) -> MessageId {
        match self {
            ChatEvent::Message(m) => m.id,
        }
    }

    /// The SSE `data:` field: the payload alone, as JSON.
    pub fn data_json(&self) -> String {
        let data = match self {
            ChatEvent::Message(m) => serde_json::to_string(m),
        };
        data.expect("event payloads are plain data and always serialize")
    }

    /// Rebuilds an event from its SSE name and data; `None` for names this
    /// version does not know, so that older clients ignore newer events.
    pub fn from_sse(name: &str, data: &str) -> Option<Result<Self, serde_json::Error>> {
        match name {
            "message" => Some(serde_json::from_str(data).map(ChatEvent::Message)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChannelName, Nickname};

    #[test]
    fn round_trips_through_its_sse_fields() {
        let event = ChatEvent::Message(Message {
            id: MessageId(9),
            channel: ChannelName::general(),
            author: Nickname::parse("ana").unwrap(),
            body: "oi".into(),
            created_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
        });
        let back = ChatEvent::from_sse(event.name(), &event.data_json())
            .unwrap()
            .unwrap();
        assert_eq!(back, event);
        assert_eq!(back.id(), MessageId(9));
    }

    #[test]
    fn unknown_event_names_are_ignored() {
        assert!(ChatEvent::from_sse("typing", "{}").is_none());
    }
}
