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
}

impl Hub {
    /// A hub whose ring buffer holds `capacity` events; who feeds it is
    /// [`crate::live::delivery::Delivery`]'s choice.
    pub fn new(capacity: usize) -> Self {
        let (sender, _) = broadcast::channel(capacity);
        let (revocations, _) = broadcast::channel(REVOCATION_CAPACITY);
        let (ephemeral, _) = broadcast::channel(capacity);
        Self {
            sender,
            revocations,
            ephemeral,
        }
    }

    /// Tells every open feed that `revocation` happened.
    pub fn revoke(&self, revocation: Revocation) {
        let _ = self.revocations.send(revocation);
    }

    pub fn subscribe_revocations(&self) -> broadcast::Receiver<Revocation> {
        self.revocations.subscribe()
    }

    /// Hands over the next durable event, in id order: every current
    /// reader gets it. Having no readers is fine.
    pub fn publish(&self, event: impl Into<Arc<StoredEvent>>) {
        let event = event.into();
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
