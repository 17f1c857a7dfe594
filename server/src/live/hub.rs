//! The in-process fan-out of live events.
//!
//! The hub only fans out: the database is the source of truth. A reader that
//! falls more than [`Hub::capacity`] events behind loses its place in the
//! ring buffer (it gets `Lagged`) and catches up from the database, so a
//! slow reader neither blocks a sender nor makes the buffer grow.

use std::{sync::Arc, time::Instant};

use tokio::sync::broadcast;

use crate::{
    live::event_log::{Ephemeral, StoredEvent},
    live::revocation::Revocation,
};

/// Revocations buffered for a feed that is busy writing. One that misses
/// some ends itself, to be safe (the client reconnects and is checked).
const REVOCATION_CAPACITY: usize = 256;

/// A durable event as the hub hands it out.
#[derive(Clone, Debug)]
pub struct Live {
    /// `Arc`ed so that N readers share one copy.
    pub event: Arc<StoredEvent>,
    /// When it reached the hub: where its delivery latency starts.
    pub handed_over: Instant,
}

#[derive(Clone)]
pub struct Hub {
    /// A bounded ring buffer shared by all readers; `send` never waits.
    sender: broadcast::Sender<Live>,
    /// Credentials that stopped granting access, for open feeds to check.
    revocations: broadcast::Sender<Revocation>,
    /// Presence and typing: not stored, never replayed; a feed that falls
    /// behind on them just skips what it missed.
    ephemeral: broadcast::Sender<Arc<Ephemeral>>,
    /// Where durable events come from: this process's writers (one
    /// instance, SQLite) or the database's log, which several instances
    /// share (PostgreSQL, see [`crate::live::log_follower`]). Fixed at start.
    source: Source,
}

/// Who hands durable events to the hub.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The writers, right after each commit, in commit order (they hold the
    /// write turn until the hub has their events).
    Writers,
    /// The log follower alone, in id order: events committed by other
    /// instances interleave with this one's, so the writers' own hand-over
    /// would reach the hub out of order.
    Log,
}

impl Hub {
    /// A hub fed by this process's writers: papo is the database's only user.
    pub fn new(capacity: usize) -> Self {
        Self::with_source(capacity, Source::Writers)
    }

    /// A hub fed by the log follower only (several instances, one database).
    pub fn following_the_log(capacity: usize) -> Self {
        Self::with_source(capacity, Source::Log)
    }

    fn with_source(capacity: usize, source: Source) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        let (revocations, _) = broadcast::channel(REVOCATION_CAPACITY);
        let (ephemeral, _) = broadcast::channel(capacity);
        Self {
            sender,
            revocations,
            ephemeral,
            source,
        }
    }

    /// Tells every open feed that `revocation` happened.
    pub fn revoke(&self, revocation: Revocation) {
        let _ = self.revocations.send(revocation);
    }

    pub fn subscribe_revocations(&self) -> broadcast::Receiver<Revocation> {
        self.revocations.subscribe()
    }

    /// A writer hands over the `event` it just committed: every current
    /// reader gets it, unless the log follower delivers events instead.
    /// Having no readers is fine.
    pub fn publish(&self, event: impl Into<Arc<StoredEvent>>) {
        if self.source == Source::Writers {
            self.send(event.into());
        }
    }

    /// The log follower hands over the next event of the log.
    pub fn publish_from_log(&self, event: StoredEvent) {
        self.send(Arc::new(event));
    }

    fn send(&self, event: Arc<StoredEvent>) {
        crate::ops::metrics::event_published();
        let _ = self.sender.send(Live {
            event,
            handed_over: Instant::now(),
        });
    }

    /// Hands an ephemeral event to every current reader.
    pub fn publish_ephemeral(&self, event: Ephemeral) {
        let _ = self.ephemeral.send(Arc::new(event));
    }

    pub fn subscribe_ephemeral(&self) -> broadcast::Receiver<Arc<Ephemeral>> {
        self.ephemeral.subscribe()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Live> {
        self.sender.subscribe()
    }
}
