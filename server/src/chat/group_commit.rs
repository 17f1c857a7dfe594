//! Group commit for new messages.
//!
//! Every commit is an `fsync` of SQLite's write-ahead log (0.32 ms on the
//! ext4 of the machine `make bench` runs on, more with the transaction
//! around it), and a database commits one transaction of papo's at a time
//! (the write turn, below): one transaction per message caps papo at a
//! few thousand messages a second however many people post. So posts go
//! through one queue, and each transaction writes everything that queued
//! while the one before was being written.
//!
//! A batch starts as soon as the previous commit is done, with whatever
//! is waiting, as databases do their own group commits: the busier papo
//! is, the bigger its batches, by themselves, and a message waits for at
//! most the one commit in progress when it came. Commits used to start at
//! most every 25 ms, or earlier once 32 messages waited, to wake the
//! feeds once per batch. Against an in-memory axum broadcast server (no
//! storage, no sign-in), 100 readers × 2,000 messages, that made papo's
//! speed depend on how many posts were in flight: 0.04× the ceiling's
//! deliveries per second with 4 in flight (delivery p50 26 ms against
//! 1.5 ms), 0.11× with 16, 0.53× with 64 (`make bench`, row 1c). A clock
//! only adds waiting.
//!
//! The feeds' wake-ups stay few without it: a feed that wakes sends every
//! frame that is ready as one chunk (`http::sse`'s `coalesced`, which both
//! hyper's feeds and the lean ones go through), so when commits come
//! faster than a feed can write, it writes several at once instead of
//! waking for each.
//!
//! A post is answered only after its transaction has committed (so every
//! acknowledged message is durable), and its events reach the hub in id
//! order, with the write turn held like every other write that appends
//! events (see `ChatService::publish_order`).

use std::sync::Arc;

use domain::ChatError;
use tokio::sync::{mpsc, oneshot, Mutex};

use super::internal;
use crate::{
    live::event_log::StoredEvent,
    live::{delivery::Delivery, hub::Hub},
    ops::stats::Counters,
    store::{NewMessage, Store, StoreError},
};

/// Messages written in one transaction at most. A transaction holds the
/// write turn, which every other write that appends events (an edit, a
/// join) waits for: under a flood it stays short, and so do PostgreSQL's
/// arrays of values and a failed batch written again one by one.
const MAX_BATCH: usize = 512;

/// Messages waiting for a transaction at most; beyond it, posting waits
/// for room (back-pressure instead of unbounded memory).
const QUEUE_CAPACITY: usize = 8192;

struct Pending {
    message: NewMessage,
    stored: oneshot::Sender<Result<Arc<StoredEvent>, StoreError>>,
}

/// The queue of messages waiting to be written.
pub struct GroupCommit {
    /// Ends the writer task when dropped (with the service).
    queue: mpsc::Sender<Pending>,
}

impl GroupCommit {
    /// Starts the writer task; it counts the messages it stores in `counters`.
    pub fn start(
        store: Arc<dyn Store>,
        hub: Hub,
        delivery: Delivery,
        write_turn: Arc<Mutex<()>>,
        counters: Arc<Counters>,
    ) -> Self {
        let (queue, waiting) = mpsc::channel(QUEUE_CAPACITY);
        let writer = Writer {
            store,
            hub,
            delivery,
            counters,
        };
        tokio::spawn(write_batches(waiting, writer, write_turn));
        Self { queue }
    }

    /// Stores `message` and hands its event to the hub; returns once it
    /// is durable.
    pub async fn store(&self, message: NewMessage) -> Result<Arc<StoredEvent>, ChatError> {
        let (stored, outcome) = oneshot::channel();
        let gone = || {
            tracing::error!("the message writer has stopped");
            ChatError::Internal
        };
        self.queue
            .send(Pending { message, stored })
            .await
            .map_err(|_| gone())?;
        outcome
            .await
            .map_err(|_| gone())?
            .map_err(|e| internal("storing a message", e))
    }
}

/// Where stored messages go.
struct Writer {
    store: Arc<dyn Store>,
    hub: Hub,
    delivery: Delivery,
    counters: Arc<Counters>,
}

/// Writes what waits, batch after batch, until the queue closes.
async fn write_batches(
    mut waiting: mpsc::Receiver<Pending>,
    writer: Writer,
    write_turn: Arc<Mutex<()>>,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    // Waits only while nothing is queued.
    while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let _turn = write_turn.lock().await;
        // What came while another write held the turn joins this batch.
        while batch.len() < MAX_BATCH {
            match waiting.try_recv() {
                Ok(pending) => batch.push(pending),
                Err(_) => break,
            }
        }
        writer.write(std::mem::take(&mut batch)).await;
    }
}

impl Writer {
    /// Writes `batch` in one transaction. If that fails, each message is
    /// written on its own, so that one bad message fails alone.
    async fn write(&self, batch: Vec<Pending>) {
        let (messages, senders): (Vec<NewMessage>, Vec<_>) =
            batch.into_iter().map(|p| (p.message, p.stored)).unzip();
        match self.store.insert_messages(&messages).await {
            Ok(events) => {
                for (stored, event) in senders.into_iter().zip(events) {
                    let _ = stored.send(Ok(self.publish(event)));
                }
            }
            Err(error) if messages.len() > 1 => {
                tracing::warn!(%error, size = messages.len(), "a batch of messages failed; writing them one by one");
                for (stored, message) in senders.into_iter().zip(messages) {
                    let outcome = self.store.insert_message(message).await;
                    let _ = stored.send(outcome.map(|event| self.publish(event)));
                }
            }
            Err(error) => {
                if let Some(stored) = senders.into_iter().next() {
                    let _ = stored.send(Err(error));
                }
            }
        }
    }

    /// Hands `event` to the hub (unless the log follower does); the poster
    /// gets the same shared copy.
    fn publish(&self, event: StoredEvent) -> Arc<StoredEvent> {
        crate::ops::metrics::message_stored();
        self.counters.message_stored();
        let event = Arc::new(event);
        if self.delivery.by_writers() {
            self.hub.publish(event.clone());
        }
        event
    }
}
