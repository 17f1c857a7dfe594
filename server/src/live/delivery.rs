//! Who hands a durable event to the hub, chosen once at start-up from the
//! database papo runs on (`startup::open_store`), and logged there.
//!
//! The hub must see events in id order: a live reader drops what it
//! already replayed from the database by id (`id <= last`).

/// Where the hub's durable events come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// This process is the database's only writer (SQLite): each writer
    /// hands its events over right after its commit, holding the write
    /// turn, so they arrive in commit order, which is id order.
    ByWriters,
    /// Several instances share the database (PostgreSQL): events committed
    /// by the others interleave with this one's, so a writer's own
    /// hand-over would arrive out of order. The log follower alone
    /// ([`crate::live::log_follower`]) hands over the log, in id order; the
    /// writers hand over nothing.
    FollowingTheLog,
}

impl Delivery {
    /// Whether a writer hands its own events to the hub.
    pub fn by_writers(self) -> bool {
        self == Delivery::ByWriters
    }
}
