//! What the live feed delivers, raw ([`Frame`]: as read from the
//! `EventSource`, and as relayed between tabs) and understood
//! ([`Incoming`]: what the page acts on).

use serde::{Deserialize, Serialize};

use super::LiveStatus;
use crate::{
    domain::EventId,
    events::{ChatEvent, EphemeralEvent, READY, RESYNC},
};

/// One SSE event as received, or a change of the connection's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frame {
    Sse {
        name: String,
        data: String,
        id: Option<EventId>,
    },
    Status(LiveStatus),
}

impl Frame {
    /// The durable id the frame carries (also `resync`'s), if any.
    pub fn id(&self) -> Option<EventId> {
        match self {
            Frame::Sse { id, .. } => *id,
            Frame::Status(_) => None,
        }
    }

    /// What the frame means to the page; `None` for `ready` (its
    /// [`Frame::Status`] follows), unknown names and malformed data.
    pub fn incoming(&self) -> Option<Incoming> {
        let (name, data, id) = match self {
            Frame::Status(status) => return Some(Incoming::Status(*status)),
            Frame::Sse { name, data, id } => (name.as_str(), data.as_str(), *id),
        };
        if name == READY {
            return None;
        }
        if name == RESYNC {
            return latest_of(data).or(id).map(Incoming::Resync);
        }
        if let Some(event) = EphemeralEvent::from_sse(name, data) {
            return event.ok().map(Incoming::Ephemeral);
        }
        let event = ChatEvent::from_sse(name, data)?.ok()?;
        Some(Incoming::Event(id?, event))
    }
}

/// `resync`'s `{"latest": <id>}`.
fn latest_of(data: &str) -> Option<EventId> {
    #[derive(Deserialize)]
    struct Latest {
        latest: EventId,
    }
    serde_json::from_str::<Latest>(data).ok().map(|l| l.latest)
}

/// What the page receives from its live feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Incoming {
    /// A durable event and its id.
    Event(EventId, ChatEvent),
    /// Presence or typing, now.
    Ephemeral(EphemeralEvent),
    /// The feed could not replay what was missed: reload what is shown.
    Resync(EventId),
    /// The connection changed.
    Status(LiveStatus),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sse(name: &str, data: &str, id: Option<i64>) -> Frame {
        Frame::Sse {
            name: name.into(),
            data: data.into(),
            id: id.map(EventId),
        }
    }

    #[test]
    fn durable_events_need_their_id() {
        let data = r#"{"channel":"general","last_read_id":4}"#;
        assert!(matches!(
            sse("read", data, Some(7)).incoming(),
            Some(Incoming::Event(EventId(7), ChatEvent::Read(_)))
        ));
        assert_eq!(sse("read", data, None).incoming(), None);
        assert_eq!(sse("read", "{", Some(7)).incoming(), None);
    }

    #[test]
    fn ephemeral_events_have_no_id() {
        let data = r#"{"channel":"general","user":"ana"}"#;
        assert!(matches!(
            sse("typing", data, None).incoming(),
            Some(Incoming::Ephemeral(EphemeralEvent::Typing(_)))
        ));
    }

    #[test]
    fn resync_reads_the_latest_id() {
        assert_eq!(
            sse("resync", r#"{"latest":42}"#, Some(42)).incoming(),
            Some(Incoming::Resync(EventId(42)))
        );
        assert_eq!(
            sse("resync", "?", Some(41)).incoming(),
            Some(Incoming::Resync(EventId(41)))
        );
    }

    #[test]
    fn ready_and_unknown_names_mean_nothing_alone() {
        assert_eq!(sse("ready", "{}", None).incoming(), None);
        assert_eq!(sse("future_thing", "{}", Some(3)).incoming(), None);
        assert_eq!(
            Frame::Status(LiveStatus::Open).incoming(),
            Some(Incoming::Status(LiveStatus::Open))
        );
    }

    #[test]
    fn frames_survive_the_trip_between_tabs() {
        let frames = [
            sse("message", "{}", Some(3)),
            Frame::Status(LiveStatus::Reconnecting { at_ms: 12 }),
        ];
        for frame in frames {
            let json = serde_json::to_string(&frame).unwrap();
            assert_eq!(serde_json::from_str::<Frame>(&json).unwrap(), frame);
        }
    }
}
