//! Whether this instance can serve: what `/healthz` and `/readyz` ask.
//! The failures stay [`StoreError`](crate::store::StoreError)s so that the probes can log why.

use super::ChatService;
use crate::store::StoreResult;

impl ChatService {
    /// Answers when the database does.
    pub async fn database_answers(&self) -> StoreResult<()> {
        self.store.ping().await
    }

    /// How many of this version's migrations the database lacks.
    pub async fn missing_migrations(&self) -> StoreResult<usize> {
        self.store.missing_migrations().await
    }
}
