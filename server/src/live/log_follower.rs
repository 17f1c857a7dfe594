//! Fan-out across instances: on PostgreSQL every instance follows the
//! event log and hands each new event to its own hub, in id order, whoever
//! wrote it (this instance, another one, or another program).
//!
//! The database is the source of truth; a notification only wakes the
//! follower up. It then reads every event after the last one it handed
//! over, so a notification lost (while reconnecting) or folded with others
//! loses nothing, and no payload has a size limit. A poll every
//! [`POLL_EVERY`] is the safety net for a notification that never came.
//!
//! The same connection hears of deleted sessions and API tokens, and hands
//! them to the hub as revocations, so that signing out on one instance ends
//! the feeds that credential opened on every instance. It also hears what
//! instances tell each other (see [`crate::live::cluster`]): people coming online
//! or going offline, and ephemeral events such as typing.
//!
//! Reading in id order is gapless because ids commit in the order they are
//! drawn (`store::postgres::append_lock` holds an advisory lock until
//! commit): when the follower sees id N, every id below N has committed or
//! never will.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use domain::EventId;
use sqlx::postgres::PgNotification;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::{
    chat::ChatService,
    live::cluster::PresenceNotice,
    live::event_log::Ephemeral,
    live::hub::Hub,
    live::revocation::Revocation,
    store::{
        postgres::{PostgresStore, EPHEMERAL_CHANNEL, PRESENCE_CHANNEL, REVOCATIONS_CHANNEL},
        EventLog, StoreError,
    },
};

/// Events read per query while catching up.
const PAGE: u32 = 500;

/// How often the follower looks for new events without being woken.
const POLL_EVERY: Duration = Duration::from_secs(1);

/// How long to wait before trying again after the database failed.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// Presence changes waiting to be announced. Announcing one reads the
/// person's channels, so it happens beside the follower, in order, rather
/// than holding up events; past this many waiting (thousands of people
/// connecting at once) changes are dropped, as ephemeral ones may be.
const PRESENCE_BACKLOG: usize = 10_000;

/// Follows the log from its newest event until `shutdown`, handing events
/// to `hub`; `chat` announces the presence changes the log carries.
pub async fn follow(
    store: Arc<PostgresStore>,
    hub: Hub,
    chat: Arc<ChatService>,
    shutdown: CancellationToken,
) {
    let presence = announce_in_order(chat.clone());
    let mut outage = Outage::default();
    let mut last = loop {
        match store.latest_event_id().await {
            Ok(newest) => break newest,
            Err(error) => {
                outage.failed("reading the newest event id", &error);
                if pause(&shutdown, RETRY_AFTER).await {
                    return;
                }
            }
        }
    };
    let mut connected_before = false;
    loop {
        let mut listener = match store.listen().await {
            Ok(listener) => listener,
            Err(error) => {
                outage.failed("listening for new events", &error);
                if pause(&shutdown, RETRY_AFTER).await {
                    return;
                }
                continue;
            }
        };
        if connected_before {
            // Revocations announced while the connection was down are
            // lost: every open feed checks its credential again.
            hub.revoke(Revocation::Recheck);
        }
        connected_before = true;
        // Presence changes may have been missed too. Listening first, then
        // reading: a change made in between is heard after the read, and
        // applying it again changes nothing.
        let _ = presence.send(PresenceWork::Reread).await;
        loop {
            // After (re)connecting too: what was added meanwhile is read now.
            match hand_over_new_events(&store, &hub, &mut last).await {
                Ok(()) => outage.over(),
                Err(error) => outage.failed("reading new events", &error),
            }
            tokio::select! {
                _ = shutdown.cancelled() => return,
                woken = listener.recv() => match woken {
                    Ok(notice) => hear(&notice, &hub, &presence),
                    Err(error) => {
                        outage.failed("the listening connection failed", &error.into());
                        break;
                    }
                },
                _ = tokio::time::sleep(POLL_EVERY) => {}
            }
        }
    }
}

/// Acts on a notification: revocations and ephemeral events go to the hub,
/// presence changes to their queue. New events need nothing: the follower
/// reads them next.
fn hear(notice: &PgNotification, hub: &Hub, presence: &mpsc::Sender<PresenceWork>) {
    let payload = notice.payload();
    match notice.channel() {
        REVOCATIONS_CHANNEL => match Revocation::from_notice(payload) {
            Some(revocation) => hub.revoke(revocation),
            None => tracing::warn!(payload, "log follower: an unknown revocation"),
        },
        PRESENCE_CHANNEL => match PresenceNotice::parse(payload) {
            Some(change) => {
                if presence.try_send(PresenceWork::Changed(change)).is_err() {
                    tracing::warn!(
                        "log follower: too many presence changes at once; one is not announced"
                    );
                }
            }
            None => tracing::warn!(payload, "log follower: an unknown presence notice"),
        },
        EPHEMERAL_CHANNEL => match serde_json::from_str::<Ephemeral>(payload) {
            Ok(event) => hub.publish_ephemeral(event),
            Err(error) => tracing::warn!(%error, "log follower: an unknown ephemeral event"),
        },
        _ => {}
    }
}

/// Logs an outage of the database once, when it starts, and once more when
/// it ends, rather than at every retry.
#[derive(Default)]
struct Outage {
    since: Option<Instant>,
}

impl Outage {
    fn failed(&mut self, what: &str, error: &StoreError) {
        if self.since.is_none() {
            self.since = Some(Instant::now());
            tracing::warn!(%error, "log follower: {what}; retrying until the database answers");
        } else {
            tracing::debug!(%error, "log follower: {what}");
        }
    }

    fn over(&mut self) {
        if let Some(since) = self.since.take() {
            tracing::info!(after = ?since.elapsed(), "log follower: the database answers again");
        }
    }
}

/// What the presence queue asks of `chat`.
enum PresenceWork {
    /// Someone came online or went offline.
    Changed(PresenceNotice),
    /// Read again who is online anywhere.
    Reread,
}

/// A queue of presence work that `chat` does one piece after the other, in
/// the order heard; the task ends when the queue is dropped.
fn announce_in_order(chat: Arc<ChatService>) -> mpsc::Sender<PresenceWork> {
    let (sender, mut queue) = mpsc::channel(PRESENCE_BACKLOG);
    tokio::spawn(async move {
        while let Some(work) = queue.recv().await {
            match work {
                PresenceWork::Changed(change) => chat.presence_changed(change).await,
                PresenceWork::Reread => chat.refresh_online().await,
            }
        }
    });
    sender
}

/// Hands every event after `last` to the hub, advancing `last`. After an
/// error, the rest is read at the next wake-up.
async fn hand_over_new_events(
    store: &PostgresStore,
    hub: &Hub,
    last: &mut EventId,
) -> Result<(), StoreError> {
    loop {
        let page = store.all_events_after(*last, PAGE).await?;
        let full = page.len() == PAGE as usize;
        for event in page {
            *last = event.id;
            hub.publish(event);
        }
        if !full {
            return Ok(());
        }
    }
}

/// Waits `how_long`; true if the server is shutting down meanwhile.
async fn pause(shutdown: &CancellationToken, how_long: Duration) -> bool {
    tokio::select! {
        _ = shutdown.cancelled() => true,
        _ = tokio::time::sleep(how_long) => false,
    }
}
