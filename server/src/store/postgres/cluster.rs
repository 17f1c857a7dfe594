//! [`Cluster`] on PostgreSQL: the tables and functions of the migration
//! `0005_presence.sql`, and notifications.

use async_trait::async_trait;
use domain::Nickname;
use sqlx::PgPool;

use super::PostgresStore;
use crate::{
    live::event_log::Ephemeral,
    store::cluster::{Cluster, Heartbeat, STALE_AFTER},
    store::{rows::nickname, StoreResult},
};

/// Where instances announce people coming online or going offline.
pub const PRESENCE_CHANNEL: &str = "papo_presence";

/// Where instances send each other ephemeral events (typing).
pub const EPHEMERAL_CHANNEL: &str = "papo_ephemeral";

/// This instance, registered in the `instances` table.
pub struct PgCluster {
    pool: PgPool,
    /// Drawn by the database when the instance registers; kept for its
    /// whole life, even when it registers again after being taken for dead.
    instance: i64,
}

impl PostgresStore {
    /// Registers this process as a new instance.
    pub async fn join_cluster(&self) -> StoreResult<PgCluster> {
        let instance: i64 = sqlx::query_scalar("INSERT INTO instances DEFAULT VALUES RETURNING id")
            .fetch_one(&self.pool)
            .await?;
        Ok(PgCluster {
            pool: self.pool.clone(),
            instance,
        })
    }
}

#[async_trait]
impl Cluster for PgCluster {
    async fn send_ephemeral(&self, event: &Ephemeral) -> StoreResult<()> {
        let payload = serde_json::to_string(event).expect("plain data always serializes");
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(EPHEMERAL_CHANNEL)
            .bind(payload)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn here(&self, user_id: i64) -> StoreResult<()> {
        sqlx::query("SELECT papo_presence_here($1, $2)")
            .bind(self.instance)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn gone(&self, user_id: i64) -> StoreResult<()> {
        sqlx::query("SELECT papo_presence_gone($1, $2)")
            .bind(self.instance)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn online_anywhere(&self) -> StoreResult<Vec<(i64, Nickname)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT u.id, u.name FROM users u \
             WHERE EXISTS (SELECT 1 FROM presence p WHERE p.user_id = u.id)",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, name)| Ok((id, nickname(&name)?)))
            .collect()
    }

    async fn heartbeat(&self) -> StoreResult<Heartbeat> {
        let beat = sqlx::query("UPDATE instances SET seen_at = now() WHERE id = $1")
            .bind(self.instance)
            .execute(&self.pool)
            .await?;
        let heartbeat = if beat.rows_affected() == 1 {
            Heartbeat::Registered
        } else {
            sqlx::query("INSERT INTO instances (id) VALUES ($1) ON CONFLICT DO NOTHING")
                .bind(self.instance)
                .execute(&self.pool)
                .await?;
            Heartbeat::Rejoined
        };
        let stale: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM instances \
             WHERE seen_at < now() - make_interval(secs => $1) ORDER BY id",
        )
        .bind(STALE_AFTER.as_secs_f64())
        .fetch_all(&self.pool)
        .await?;
        for instance in stale {
            tracing::warn!(
                instance,
                "an instance stopped beating; its people are gone from it"
            );
            leave(&self.pool, instance).await?;
        }
        Ok(heartbeat)
    }

    async fn leave(&self) -> StoreResult<()> {
        leave(&self.pool, self.instance).await
    }
}

async fn leave(pool: &PgPool, instance: i64) -> StoreResult<()> {
    sqlx::query("SELECT papo_instance_leave($1)")
        .bind(instance)
        .execute(pool)
        .await?;
    Ok(())
}
