//! What instances sharing one PostgreSQL tell each other besides durable
//! events: who is online, and ephemeral events such as typing.
//!
//! Presence has to be counted across instances: someone with a tab on A
//! and another on B is online until both are closed. Each instance counts
//! its own feeds ([`crate::presence::Presence`]) and tells the database
//! only when a person gets their first feed here or loses their last one
//! (after the grace period). The database decides whether that changes
//! the person's presence anywhere and, if so, notifies every instance,
//! this one included; each then updates its picture of who is online and
//! tells its own feeds ([`crate::log_follower`] hears the notices).
//!
//! Ephemeral events travel as notifications too, so that every instance's
//! feeds get them the same way. They are not stored: an instance that is
//! not listening at that moment misses them, as a feed that falls behind
//! does.
//!
//! An instance beats every [`HEARTBEAT_EVERY`]. One that stops beating for
//! [`STALE_AFTER`] (it crashed, or lost the database) is taken for dead by
//! the others: its people are gone from it, and whoever has no feed left
//! anywhere goes offline. If it was alive after all, it registers itself
//! and its people again at its next beat.

use std::{sync::Arc, time::Duration};

use app::domain::Nickname;
use async_trait::async_trait;
use serde::Deserialize;
use tokio_util::sync::CancellationToken;

use crate::{chat::ChatService, event_log::Ephemeral, store::StoreResult};

/// How often an instance tells the others it is alive.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(5);

/// How long an instance may stay silent before the others take it for
/// dead: a few missed beats, so that a slow query does not end anyone's
/// presence.
pub const STALE_AFTER: Duration = Duration::from_secs(20);

/// Whether an instance's beat found it still registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Heartbeat {
    Registered,
    /// It had been taken for dead and is registered again: the people
    /// with feeds here must be recorded again.
    Rejoined,
}

/// The instances' shared state, kept by the database.
#[async_trait]
pub trait Cluster: Send + Sync {
    /// Hands `event` to the feeds of every instance, this one included.
    async fn send_ephemeral(&self, event: &Ephemeral) -> StoreResult<()>;
    /// `user_id` has a live feed open on this instance.
    async fn here(&self, user_id: i64) -> StoreResult<()>;
    /// `user_id` has no live feed open on this instance any more.
    async fn gone(&self, user_id: i64) -> StoreResult<()>;
    /// Everyone with a live feed open on some instance.
    async fn online_anywhere(&self) -> StoreResult<Vec<(i64, Nickname)>>;
    /// Tells the others this instance is alive, and removes the instances
    /// silent for longer than [`STALE_AFTER`].
    async fn heartbeat(&self) -> StoreResult<Heartbeat>;
    /// This instance stops: nobody has a feed on it any more.
    async fn leave(&self) -> StoreResult<()>;
}

/// A person came online or went offline (on every instance at once), as
/// the migration `0005_presence.sql` announces it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PresenceNotice {
    pub user_id: i64,
    pub name: Nickname,
    pub online: bool,
}

impl PresenceNotice {
    pub fn parse(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }
}

/// Beats every [`HEARTBEAT_EVERY`] until `shutdown`; when this instance had
/// been taken for dead, records its people again.
pub async fn keep_alive(
    chat: Arc<ChatService>,
    cluster: Arc<dyn Cluster>,
    shutdown: CancellationToken,
) {
    let mut every = tokio::time::interval(HEARTBEAT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = every.tick() => {}
        }
        match cluster.heartbeat().await {
            Ok(Heartbeat::Registered) => {}
            Ok(Heartbeat::Rejoined) => {
                tracing::warn!(
                    "this instance had been taken for dead; registering its people again"
                );
                chat.record_people_here().await;
            }
            Err(error) => tracing::warn!(%error, "cluster heartbeat"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presence_notice_is_read_as_the_migration_writes_it() {
        let notice =
            PresenceNotice::parse(r#"{"user_id" : 7, "name" : "Ana", "online" : false}"#).unwrap();
        assert_eq!(
            notice,
            PresenceNotice {
                user_id: 7,
                name: Nickname::parse("Ana").unwrap(),
                online: false
            }
        );
        assert_eq!(
            PresenceNotice::parse(r#"{"user_id":7,"name":"a b","online":true}"#),
            None,
            "not a nickname"
        );
    }
}
