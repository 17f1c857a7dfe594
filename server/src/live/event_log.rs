//! A durable event as the server handles it: the event clients see, plus
//! what decides who may see it.

use std::sync::OnceLock;

use bytes::Bytes;
use domain::{
    events::{ChatEvent, EphemeralEvent},
    EventId,
};
use serde::{Deserialize, Serialize};

/// Whom an event's membership change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberChange {
    Joined(i64),
    Left(i64),
}

/// Who may see an event. Feeds decide with this alone, the same way for
/// events replayed from the database and for live ones (see
/// [`crate::live::access`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The channel's database id.
    pub channel_id: i64,
    /// Every signed-in person may see it, member or not.
    pub everyone: bool,
    /// Only this user's feeds carry it.
    pub only_user: Option<i64>,
    /// A membership change, which feeds apply to their member list.
    pub member: Option<MemberChange>,
}

impl Route {
    /// An event for the members of `channel_id`.
    pub fn members_of(channel_id: i64) -> Self {
        Self {
            channel_id,
            everyone: false,
            only_user: None,
            member: None,
        }
    }
}

/// One row of the event log. Not changed once built: its SSE frame is
/// made the first time a feed asks, and every feed of a live event shares
/// it.
#[derive(Clone, Debug)]
pub struct StoredEvent {
    pub id: EventId,
    pub route: Route,
    pub event: ChatEvent,
    /// `id:`, `event:` and `data:` as written on the wire, serialized once
    /// for all readers (`Bytes`: each feed sends a reference, not a copy).
    frame: OnceLock<Bytes>,
}

impl StoredEvent {
    pub fn new(id: EventId, route: Route, event: ChatEvent) -> Self {
        Self {
            id,
            route,
            event,
            frame: OnceLock::new(),
        }
    }

    /// The event as an SSE frame. JSON never holds a raw line break, so
    /// the data is one `data:` line.
    pub fn frame(&self) -> Bytes {
        self.frame
            .get_or_init(|| {
                let (id, name, data) = (self.id, self.event.name(), self.event.data_json());
                Bytes::from(format!("id: {id}\nevent: {name}\ndata: {data}\n\n"))
            })
            .clone()
    }
}

impl PartialEq for StoredEvent {
    fn eq(&self, other: &Self) -> bool {
        (self.id, &self.route, &self.event) == (other.id, &other.route, &other.event)
    }
}

impl Eq for StoredEvent {}

/// An ephemeral event (presence, typing) for the members of one channel.
/// Serialized as it travels between instances (see [`crate::live::cluster`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ephemeral {
    pub channel_id: i64,
    pub event: EphemeralEvent,
}
