//! Keeping this instance's place in the cluster (PostgreSQL): it beats
//! every [`HEARTBEAT_EVERY`], and when the others had taken it for dead,
//! it records its people again.

use tokio_util::sync::CancellationToken;

use super::ChatService;
use crate::{live::cluster::HEARTBEAT_EVERY, store::cluster::Heartbeat};

impl ChatService {
    /// Beats until `shutdown`; returns at once on a single instance (no
    /// cluster to beat for).
    pub async fn keep_alive(&self, shutdown: CancellationToken) {
        let Some(cluster) = self.cluster.clone() else {
            return;
        };
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
                    self.record_people_here().await;
                }
                Err(error) => tracing::warn!(%error, "cluster heartbeat"),
            }
        }
    }
}
