//! [`crate::store::Store`]'s own methods: what `/healthz`, `/readyz` and
//! the admin page ask of the database.

/// Implements [`crate::store::Store`] for `$store`.
macro_rules! impl_store {
    ($store:ident) => {
        mod health {
            use async_trait::async_trait;

            use super::$store;
            use $crate::store::{self, sql::Backend, Store, StoreResult};

            #[async_trait]
            impl Store for $store {
                async fn ping(&self) -> StoreResult<()> {
                    sqlx::query("SELECT 1").execute(&self.pool).await?;
                    Ok(())
                }

                async fn missing_migrations(&self) -> StoreResult<usize> {
                    let applied: Vec<i64> = sqlx::query_scalar(store::APPLIED_MIGRATIONS)
                        .fetch_all(&self.pool)
                        .await?;
                    Ok(store::missing(<$store as Backend>::MIGRATIONS, &applied))
                }

                async fn database_size(&self) -> StoreResult<u64> {
                    let bytes: i64 = sqlx::query_scalar(<$store as Backend>::DATABASE_SIZE)
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(u64::try_from(bytes).unwrap_or_default())
                }
            }
        }
    };
}
pub(crate) use impl_store;
