//! The live feed: `text/event-stream` of durable events, resumable and
//! authorized.
//!
//! A feed starts after a known event id (the client's `Last-Event-ID`, its
//! `?after=`, or the newest id when it gives none) and guarantees every later
//! event it may see exactly once, in id order:
//!
//! 1. subscribe to the hub *first*, so nothing published from now on is missed;
//! 2. read the start point, then the channels the reader is in (in that
//!    order: a membership change after the start point is replayed, and
//!    applied, below);
//! 3. replay from the database everything after `last`, advancing `last`;
//! 4. send `ready`, then forward live events, skipping any with
//!    `id <= last` (already replayed).
//!
//! Every event, replayed or live, passes [`FeedAccess::admit`]: the check
//! happens here, where events fan out, so a member removed from a private
//! channel stops receiving it at once on every open feed. A feed ends when
//! its credential is revoked and when it expires: a session's feed ends
//! when the session does (unless another request renewed it meanwhile).
//!
//! What a feed whose client stops reading can hold is bounded: one replay
//! page ([`REPLAY_PAGE`], by bytes as well as by count) and one chunk of
//! frames ([`COALESCE_BYTES`]); its connection drops it when a write has
//! waited `PAPO_WRITE_TIMEOUT_SECS` (see [`crate::http::connection`]).
//!
//! Why no reader ever skips an id that commits after a higher one, with any
//! number of concurrent writers: every write that appends events takes the
//! service's write turn (`ChatService::publish_order`) *before* its
//! transaction begins and gives it back only after the hub has its events.
//! So transactions that append events run one at a time: ids are assigned,
//! committed and published in the same order, and whenever a replay query
//! sees id N, every id below N has already committed. That is why step 2
//! cannot miss a "late" lower id, and why skipping `id <= last` in step 4
//! only drops duplicates. The write turn serializes only this process's
//! writers, so a backend shared by several processes must provide the same
//! property itself. PostgreSQL does: appending an event first takes a
//! transaction-level advisory lock, held until commit
//! (`store::postgres::append_lock`), so transactions that append events
//! run one at a time across every instance, and their ids commit in the
//! order they are drawn. A rolled-back transaction leaves a hole in the
//! ids, which is harmless: nothing with that id ever commits.
//!
//! A reader that lags behind the hub's buffer goes back to step 2 from
//! `last`. Heartbeat comments keep idle connections open through proxies,
//! and a failed heartbeat write tells axum that the client is gone, which
//! drops this stream and its hub subscription.

use std::{convert::Infallible, pin::Pin, sync::Arc, time::Duration};

use app::backend::MessagesBackend;
use axum::{body::Body, response::IntoResponse};
use bytes::{Bytes, BytesMut};
use chrono::{DateTime, Utc};
use domain::{
    events::{READY, RESYNC},
    EventId,
};
use futures::{FutureExt, Stream, StreamExt};
use tokio::{sync::broadcast::error::RecvError, time::Sleep};

use crate::{
    chat::{ChatService, FeedScope, Validity},
    http::state::AppState,
    live::access::FeedAccess,
    live::event_log::{Ephemeral, StoredEvent},
    live::hub::Live,
    live::revocation::{Credential, Revocation},
    ops::metrics,
    store::Page,
};

/// At most this long between two writes on an idle feed (proxies commonly
/// close connections idle for 30–60 s).
pub const DEFAULT_HEARTBEAT: Duration = Duration::from_secs(15);

/// What one replay query reads at most. A feed holds its page until the
/// client has read it: 500 events of a few hundred bytes make a page of
/// ordinary chat, and the byte bound keeps a page of 4,000-character
/// messages (up to 32 KB each as JSON) from holding 16 MB for a client
/// that stops reading.
const REPLAY_PAGE: Page = Page {
    events: 500,
    bytes: 256 * 1024,
};

/// A resuming feed replays at most this many events by default; from
/// further back it gets `resync` and the client reloads from the API.
pub const DEFAULT_REPLAY_LIMIT: u64 = 10_000;

/// The `retry:` a feed announces: how long a browser's `EventSource` waits
/// before reconnecting (papo's page backs off further on its own).
pub const RECONNECT_HINT: Duration = Duration::from_secs(2);

/// The `retry:` of a feed ended by a shutdown: sooner than
/// [`RECONNECT_HINT`], as another instance (or this one, restarted) is
/// expected to answer at once.
pub const CLOSING_RECONNECT_HINT: Duration = Duration::from_millis(250);

/// Which events a feed carries and where it starts.
pub struct Feed {
    /// Whose feed, and which channels it shows.
    pub scope: FeedScope,
    /// Resume after this id; `None` starts with the next new event.
    pub after: Option<EventId>,
    /// What the reader authenticated with: the feed ends when it is revoked.
    pub credential: Option<Credential>,
}

/// One item of a feed, before it is written as SSE.
#[derive(Debug, PartialEq, Eq)]
pub enum FeedItem {
    /// A durable event, with its id. Shared: every reader of a live event
    /// holds the same copy.
    Event(Arc<StoredEvent>),
    /// Everything missed has been replayed; from here on the feed is live.
    /// Carries the id the feed is at, so that a client which has received
    /// no event yet still has a position to resume from.
    Ready(EventId),
    /// The resume point was too far back to replay: the feed goes on live
    /// after this id, and the client reloads what it shows.
    Resync(EventId),
    /// Presence or typing: no id, never replayed.
    Ephemeral(Arc<Ephemeral>),
    /// A comment that keeps an idle connection open through proxies.
    Heartbeat,
    /// The server is shutting down and ends the feed: reconnect soon, to
    /// whichever instance the load balancer picks.
    Closing,
}

impl FeedItem {
    /// The item as written on the wire. Durable events are serialized once
    /// for all their readers (see [`StoredEvent::frame`]).
    pub(crate) fn frame(&self) -> Bytes {
        match self {
            FeedItem::Event(stored) => stored.frame(),
            FeedItem::Ready(at) => Bytes::from(format!(
                "id: {at}\nevent: {READY}\nretry: {}\ndata: {{}}\n\n",
                RECONNECT_HINT.as_millis()
            )),
            FeedItem::Resync(latest) => Bytes::from(format!(
                "id: {latest}\nevent: {RESYNC}\ndata: {{\"latest\":{latest}}}\n\n"
            )),
            FeedItem::Ephemeral(e) => Bytes::from(format!(
                "event: {}\ndata: {}\n\n",
                e.event.name(),
                e.event.data_json()
            )),
            FeedItem::Heartbeat => Bytes::from_static(b": heartbeat\n\n"),
            FeedItem::Closing => Bytes::from(format!(
                ": shutting down; reconnect\nretry: {}\n\n",
                CLOSING_RECONNECT_HINT.as_millis()
            )),
        }
    }
}

/// What a feed writes in one go at most: what is ready when the feed
/// wakes (several events of one group commit, or a replay page) goes out
/// as one chunk instead of one write each, up to about this many bytes.
const COALESCE_BYTES: usize = 64 * 1024;

pub fn respond(state: AppState, feed: Feed) -> impl IntoResponse {
    event_stream(coalesced(feed_items(state, feed).map(|item| item.frame())))
}

/// `frames`, with the ones that are ready together joined into one chunk
/// of at most about [`COALESCE_BYTES`].
fn coalesced(frames: impl Stream<Item = Bytes> + Send) -> impl Stream<Item = Bytes> + Send {
    async_stream::stream! {
        let mut frames = std::pin::pin!(frames);
        while let Some(first) = frames.next().await {
            let mut chunk: Option<BytesMut> = None;
            let mut ended = false;
            while chunk.as_ref().map_or(first.len(), BytesMut::len) < COALESCE_BYTES {
                match frames.next().now_or_never() {
                    Some(Some(frame)) => chunk
                        .get_or_insert_with(|| BytesMut::from(&first[..]))
                        .extend_from_slice(&frame),
                    Some(None) => {
                        ended = true;
                        break;
                    }
                    None => break,
                }
            }
            // A lone frame goes out as it is: live events share theirs.
            yield chunk.map_or(first, BytesMut::freeze);
            if ended {
                break;
            }
        }
    }
}

/// A `text/event-stream` response of `chunks` (each one or more frames).
pub fn event_stream(chunks: impl Stream<Item = Bytes> + Send + 'static) -> impl IntoResponse {
    (
        [
            ("content-type", "text/event-stream"),
            ("cache-control", "no-cache"),
            // Proxies such as nginx buffer responses unless told not to.
            ("x-accel-buffering", "no"),
        ],
        Body::from_stream(chunks.map(Ok::<_, Infallible>)),
    )
}

/// The items of a feed, as described at the top of this module.
pub fn feed_items(state: AppState, feed: Feed) -> impl Stream<Item = FeedItem> {
    let mut live = state.hub.subscribe();
    let mut revocations = state.hub.subscribe_revocations();
    let mut ephemeral = state.hub.subscribe_ephemeral();
    let counters = state.stats.counters().clone();
    let chat = state.chat.clone();
    let shutdown = state.shutdown.clone();
    let every = state.heartbeat;
    let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    heartbeat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let replay_limit = state.replay_limit;
    let Feed {
        scope,
        after,
        credential,
    } = feed;
    let mut expiry = credential
        .as_ref()
        .and_then(Credential::expires_at)
        .map(timer_until);

    async_stream::stream! {
        let _presence = chat.presence_guard(&scope);
        let meters = metrics::FeedMeters::open(counters);
        let Ok(newest) = chat.latest_event_id().await else {
            return;
        };
        let mut last = match after {
            Some(id) if newest.0.saturating_sub(id.0) as u64 > replay_limit => {
                yield FeedItem::Resync(newest);
                newest
            }
            Some(id) => id,
            None => newest,
        };
        let mut access = match chat.channel_ids_of(scope.user_id).await {
            Ok(member_of) => FeedAccess::new(scope.user_id, scope.scope, member_of),
            Err(_) => return,
        };
        let mut replaying = true;
        let mut announced_ready = false;
        loop {
            if replaying {
                // Ending the stream on a failure (logged by the use case)
                // makes the client reconnect and resume from its
                // Last-Event-ID.
                let Ok(page) = chat.events_after(&scope, last, REPLAY_PAGE).await else {
                    return;
                };
                let full = REPLAY_PAGE.is_full(&page);
                for event in page {
                    last = event.id;
                    if access.admit(&event) {
                        meters.replayed_event();
                        yield FeedItem::Event(Arc::new(event));
                    }
                }
                if full {
                    continue;
                }
                replaying = false;
                if !announced_ready {
                    announced_ready = true;
                    yield FeedItem::Ready(last);
                }
            }
            let next = tokio::select! {
                _ = shutdown.cancelled() => {
                    yield FeedItem::Closing;
                    return;
                }
                _ = heartbeat.tick() => {
                    yield FeedItem::Heartbeat;
                    continue;
                }
                revoked = revocations.recv() => {
                    if ends(&chat, revoked, credential.as_ref()).await {
                        return;
                    }
                    continue;
                }
                _ = expired(&mut expiry) => {
                    // Its session may have been renewed by another request
                    // since the feed opened: if so, wait for its new end.
                    match credential.as_ref().map(|c| chat.validity(c)) {
                        Some(validity) => match validity.await {
                            Ok(Some(Validity::Until(at))) => expiry = Some(timer_until(at)),
                            Ok(Some(Validity::UntilRevoked)) => expiry = None,
                            Ok(None) | Err(_) => return,
                        },
                        None => return,
                    }
                    continue;
                }
                now = ephemeral.recv() => {
                    match now {
                        Ok(event) if access.admit_ephemeral(event.channel_id) => {
                            yield FeedItem::Ephemeral(event);
                        }
                        // Missed presence or typing is stale anyway.
                        Ok(_) | Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => return,
                    }
                    continue;
                }
                next = live.recv() => next,
            };
            match next {
                Ok(Live { event, handed_over }) if event.id > last => {
                    last = event.id;
                    if access.admit(&event) {
                        meters.live_event(handed_over);
                        yield FeedItem::Event(event);
                    }
                }
                Ok(_) => {}
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, "feed fell behind the hub; catching up from the database");
                    meters.lagged(missed);
                    replaying = true;
                }
                Err(RecvError::Closed) => return,
            }
        }
    }
}

/// A timer that goes off at `at` (at once if that has passed). Boxed: a
/// feed keeps one for as long as it is open.
fn timer_until(at: DateTime<Utc>) -> Pin<Box<Sleep>> {
    let left = (at - Utc::now()).to_std().unwrap_or_default();
    Box::pin(tokio::time::sleep(left))
}

/// Resolves when the credential's timer goes off; never without one.
async fn expired(expiry: &mut Option<Pin<Box<Sleep>>>) {
    match expiry {
        Some(timer) => timer.as_mut().await,
        None => std::future::pending().await,
    }
}

/// Whether a stream opened with `credential` ends on `revoked`, the next
/// item of the hub's revocations.
pub(crate) async fn ends(
    chat: &ChatService,
    revoked: Result<Revocation, RecvError>,
    credential: Option<&Credential>,
) -> bool {
    match (revoked, credential) {
        (Ok(Revocation::Recheck), Some(credential)) => {
            !matches!(chat.still_valid(credential).await, Ok(true))
        }
        (Ok(revocation), Some(credential)) => revocation.ends(credential),
        (Ok(_), None) => false,
        // Missed some: perhaps its own. The client reconnects and is
        // checked again.
        (Err(_), _) => true,
    }
}
