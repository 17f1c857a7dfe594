//! The instances' shared state, as the database keeps it (PostgreSQL
//! only: an embedded SQLite serves one instance). What instances tell each
//! other, and why, is in [`crate::live::cluster`].

use std::time::Duration;

use async_trait::async_trait;
use domain::Nickname;

use crate::{live::event_log::Ephemeral, store::StoreResult};

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
