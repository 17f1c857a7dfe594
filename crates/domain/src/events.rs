//! The live events that travel over Server-Sent Events.
//!
//! Every durable event is a row of the server's event log: it has a
//! strictly increasing [`EventId`](crate::EventId) (the SSE `id:`), names
//! its channel in its data (all but a [`Notification`], which is for one
//! person and no channel), and is replayed to a client that resumes with
//! `Last-Event-ID`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{ChannelInfo, ChannelName, Message, MessageId, MessageRef, Nickname};

/// SSE event name sent once the stream has replayed what the client missed
/// and is live. Tests and the UI wait for it instead of sleeping.
pub const READY: &str = "ready";

/// SSE event name sent instead of a replay when the client asked to resume
/// from further back than the server replays (`PAPO_REPLAY_LIMIT` events).
/// Its data is `{"latest": <event id>}`; the feed goes on live after that
/// id, and the client reloads what it shows from the API, so that nothing
/// is silently missing.
pub const RESYNC: &str = "resync";

/// The names of the ephemeral events: they have no id and are never
/// replayed.
pub const EPHEMERAL_NAMES: [&str; 3] = ["member_online", "member_offline", "typing"];

/// Every durable event name, for clients that subscribe by name.
pub const EVENT_NAMES: [&str; 8] = [
    "message",
    "message_updated",
    "message_deleted",
    "channel_created",
    "member_joined",
    "member_left",
    "read",
    "notification",
];

/// A note for one person's streams only, from an integration or another
/// person (`POST /api/v1/users/{name}/notify`). Stored like every durable
/// event, so that it is replayed after a reconnect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub from: Nickname,
    /// Plain text, as long as a message may be.
    pub text: String,
    /// Read as RFC 3339 without chrono's general parser (see
    /// `rfc3339.rs`), which would weigh on the wasm.
    #[serde(deserialize_with = "crate::rfc3339::moment")]
    pub sent_at: DateTime<Utc>,
}

/// Someone joined or left a channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub channel: ChannelName,
    pub user: Nickname,
    /// Who added or removed them, when it was not themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Nickname>,
}

/// How far the person has read a channel (sent only to that person's
/// streams, so every device clears its badge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadMarker {
    pub channel: ChannelName,
    pub last_read_id: MessageId,
}

/// Someone in a channel (ephemeral events concern one channel each, and
/// reach its members only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InChannel {
    pub channel: ChannelName,
    pub user: Nickname,
}

/// What happens now and is not kept: presence and typing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EphemeralEvent {
    /// A member opened their first live feed (after being offline).
    MemberOnline(InChannel),
    /// A member's last live feed closed, a short grace period ago.
    MemberOffline(InChannel),
    /// A member is typing; it expires 5 s after the last signal.
    Typing(InChannel),
}

impl EphemeralEvent {
    /// The SSE `event:` field.
    pub fn name(&self) -> &'static str {
        match self {
            EphemeralEvent::MemberOnline(_) => "member_online",
            EphemeralEvent::MemberOffline(_) => "member_offline",
            EphemeralEvent::Typing(_) => "typing",
        }
    }

    pub fn about(&self) -> &InChannel {
        match self {
            EphemeralEvent::MemberOnline(e)
            | EphemeralEvent::MemberOffline(e)
            | EphemeralEvent::Typing(e) => e,
        }
    }

    /// The SSE `data:` field.
    pub fn data_json(&self) -> String {
        serde_json::to_string(self.about()).expect("plain data always serializes")
    }

    /// Rebuilds an ephemeral event from its SSE name and data; `None` for
    /// other names.
    pub fn from_sse(name: &str, data: &str) -> Option<Result<Self, serde_json::Error>> {
        let wrap: fn(InChannel) -> Self = match name {
            "member_online" => EphemeralEvent::MemberOnline,
            "member_offline" => EphemeralEvent::MemberOffline,
            "typing" => EphemeralEvent::Typing,
            _ => return None,
        };
        Some(serde_json::from_str(data).map(wrap))
    }
}

/// `channel_created`'s data: the channel's info plus the `channel` key that
/// every event's data has.
#[derive(Serialize)]
struct WithChannel<'a> {
    channel: &'a ChannelName,
    #[serde(flatten)]
    info: &'a ChannelInfo,
}

/// A durable event. Its id travels beside it (the SSE `id:` field).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChatEvent {
    Message(Message),
    MessageUpdated(Message),
    MessageDeleted(MessageRef),
    ChannelCreated(ChannelInfo),
    MemberJoined(Membership),
    MemberLeft(Membership),
    Read(ReadMarker),
    Notification(Notification),
}

impl ChatEvent {
    /// The SSE `event:` field.
    pub fn name(&self) -> &'static str {
        match self {
            ChatEvent::Message(_) => "message",
            ChatEvent::MessageUpdated(_) => "message_updated",
            ChatEvent::MessageDeleted(_) => "message_deleted",
            ChatEvent::ChannelCreated(_) => "channel_created",
            ChatEvent::MemberJoined(_) => "member_joined",
            ChatEvent::MemberLeft(_) => "member_left",
            ChatEvent::Read(_) => "read",
            ChatEvent::Notification(_) => "notification",
        }
    }

    /// The channel the event belongs to; none for a notification.
    pub fn channel(&self) -> Option<&ChannelName> {
        match self {
            ChatEvent::Message(m) | ChatEvent::MessageUpdated(m) => Some(&m.channel),
            ChatEvent::MessageDeleted(r) => Some(&r.channel),
            ChatEvent::ChannelCreated(c) => Some(&c.name),
            ChatEvent::MemberJoined(m) | ChatEvent::MemberLeft(m) => Some(&m.channel),
            ChatEvent::Read(r) => Some(&r.channel),
            ChatEvent::Notification(_) => None,
        }
    }

    /// The SSE `data:` field: the payload alone, as JSON.
    pub fn data_json(&self) -> String {
        let data = match self {
            ChatEvent::Message(m) | ChatEvent::MessageUpdated(m) => serde_json::to_string(m),
            ChatEvent::MessageDeleted(r) => serde_json::to_string(r),
            ChatEvent::ChannelCreated(info) => serde_json::to_string(&WithChannel {
                channel: &info.name,
                info,
            }),
            ChatEvent::MemberJoined(m) | ChatEvent::MemberLeft(m) => serde_json::to_string(m),
            ChatEvent::Read(r) => serde_json::to_string(r),
            ChatEvent::Notification(n) => serde_json::to_string(n),
        };
        data.expect("event payloads are plain data and always serialize")
    }

    /// Rebuilds an event from its SSE name and data; `None` for names this
    /// version does not know, so that older clients ignore newer events.
    pub fn from_sse(name: &str, data: &str) -> Option<Result<Self, serde_json::Error>> {
        use serde_json::from_str;
        Some(match name {
            "message" => from_str(data).map(ChatEvent::Message),
            "message_updated" => from_str(data).map(ChatEvent::MessageUpdated),
            "message_deleted" => from_str(data).map(ChatEvent::MessageDeleted),
            "channel_created" => from_str(data).map(ChatEvent::ChannelCreated),
            "member_joined" => from_str(data).map(ChatEvent::MemberJoined),
            "member_left" => from_str(data).map(ChatEvent::MemberLeft),
            "read" => from_str(data).map(ChatEvent::Read),
            "notification" => from_str(data).map(ChatEvent::Notification),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ChannelKind;

    fn nick(n: &str) -> Nickname {
        Nickname::parse(n).unwrap()
    }

    fn every_kind() -> Vec<ChatEvent> {
        let message = Message {
            id: MessageId(9),
            channel: ChannelName::general(),
            author: nick("ana"),
            body: "oi".into(),
            html: "<p>oi</p>".into(),
            created_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            edited_at: None,
            deleted: false,
            mentions: vec![],
        };
        let membership = Membership {
            channel: ChannelName::general(),
            user: nick("bob"),
            by: Some(nick("ana")),
        };
        vec![
            ChatEvent::Message(message.clone()),
            ChatEvent::MessageUpdated(message),
            ChatEvent::MessageDeleted(MessageRef {
                channel: ChannelName::general(),
                id: MessageId(9),
            }),
            ChatEvent::ChannelCreated(ChannelInfo {
                name: ChannelName::parse("dev").unwrap(),
                kind: ChannelKind::Private,
                topic: None,
                created_by: Some(nick("ana")),
                participants: vec![],
            }),
            ChatEvent::MemberJoined(membership.clone()),
            ChatEvent::MemberLeft(membership),
            ChatEvent::Read(ReadMarker {
                channel: ChannelName::general(),
                last_read_id: MessageId(9),
            }),
            ChatEvent::Notification(Notification {
                from: nick("deploy-bot"),
                text: "v2 is live".into(),
                sent_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
            }),
        ]
    }

    #[test]
    fn every_event_round_trips_through_its_sse_fields() {
        for event in every_kind() {
            let back = ChatEvent::from_sse(event.name(), &event.data_json())
                .unwrap()
                .unwrap();
            assert_eq!(back, event);
            assert!(EVENT_NAMES.contains(&event.name()));
        }
    }

    #[test]
    fn every_event_but_a_notification_names_its_channel_in_its_data() {
        for event in every_kind() {
            let data: serde_json::Value = serde_json::from_str(&event.data_json()).unwrap();
            match event.channel() {
                Some(channel) => assert_eq!(data["channel"], channel.as_str()),
                None => assert_eq!(event.name(), "notification"),
            }
        }
    }

    #[test]
    fn unknown_event_names_are_ignored() {
        assert!(ChatEvent::from_sse("typing", "{}").is_none());
        assert!(EphemeralEvent::from_sse("message", "{}").is_none());
    }

    #[test]
    fn ephemeral_events_round_trip_and_name_their_channel() {
        let about = InChannel {
            channel: ChannelName::general(),
            user: nick("ana"),
        };
        for event in [
            EphemeralEvent::MemberOnline(about.clone()),
            EphemeralEvent::MemberOffline(about.clone()),
            EphemeralEvent::Typing(about),
        ] {
            assert!(EPHEMERAL_NAMES.contains(&event.name()));
            let data = event.data_json();
            assert_eq!(
                EphemeralEvent::from_sse(event.name(), &data)
                    .unwrap()
                    .unwrap(),
                event
            );
            let json: serde_json::Value = serde_json::from_str(&data).unwrap();
            assert_eq!(json["channel"], "general");
        }
    }
}
