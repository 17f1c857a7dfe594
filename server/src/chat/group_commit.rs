//! Group commit for new messages.
//!
//! Every commit is an `fsync` of SQLite's write-ahead log, and SQLite
//! commits one transaction at a time: one transaction per message caps
//! papo at a few thousand messages a second however many people post. So
//! posts go through one queue: whatever arrived while a transaction was
//! being written is written together in the next one.
//!
//! Commits also start at most once per `interval` (25 ms by default, like
//! PostgreSQL's `commit_delay`). A message that comes after a quiet spell
//! is written at once; under a steady stream, each commit takes what
//! arrived in the meantime. This matters for the fan-out more than for
//! the disk: every commit wakes every open feed, so at 500 messages a
//! second to 1,000 readers, one wake-up per batch instead of per message
//! is what keeps delivery within 100 ms (`make bench`, scenario 2).
//!
//! A post is answered only after its transaction has committed, and its
//! events reach the hub in id order, with the write turn held like every
//! other write that appends events (see `ChatService::publish_order`).

use std::{sync::Arc, time::Duration};

use domain::ChatError;
use tokio::sync::{mpsc, oneshot, Mutex};

use super::internal;
use crate::{
    live::event_log::StoredEvent,
    live::{delivery::Delivery, hub::Hub},
    ops::stats::Counters,
    store::{NewMessage, Store, StoreError},
};

/// Messages written in one transaction at most.
const MAX_BATCH: usize = 512;

/// A batch this big is written without waiting for the interval: bursts
/// go as fast as the disk allows (scenarios 1 and 4 of `make bench`).
const ENOUGH: usize = 32;

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
        interval: Duration,
        counters: Arc<Counters>,
    ) -> Self {
        let (queue, waiting) = mpsc::channel(QUEUE_CAPACITY);
        let writer = Writer {
            store,
            hub,
            delivery,
            counters,
        };
        tokio::spawn(write_batches(waiting, writer, write_turn, interval));
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

async fn write_batches(
    mut waiting: mpsc::Receiver<Pending>,
    writer: Writer,
    write_turn: Arc<Mutex<()>>,
    interval: Duration,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut next_commit = tokio::time::Instant::now();
    while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // Under load, gather until the interval is over or the batch is
        // big enough; after a quiet spell the interval is long over.
        while batch.len() < ENOUGH {
            let room = MAX_BATCH - batch.len();
            tokio::select! {
                biased;
                _ = tokio::time::sleep_until(next_commit) => break,
                gathered = waiting.recv_many(&mut batch, room) => {
                    if gathered == 0 {
                        break;
                    }
                }
            }
        }
        next_commit = tokio::time::Instant::now() + interval;
        let _turn = write_turn.lock().await;
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
