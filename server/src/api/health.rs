//! Probes for load balancers and orchestrators:
//!
//! - `GET /healthz` (liveness): 200 when the database answers, 503 otherwise;
//! - `GET /readyz` (readiness): 200 when the database answers and has every
//!   migration of this version of papo, 503 otherwise.

use axum::{extract::State, Json};
use serde_json::{json, Value};

use super::error::ApiError;
use crate::state::AppState;

pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    match state.chat.store().ping().await {
        Ok(()) => Ok(Json(json!({ "status": "ok" }))),
        Err(error) => {
            tracing::warn!(%error, "health check: database does not answer");
            Err(ApiError::Unavailable)
        }
    }
}

pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    match state.chat.store().missing_migrations().await {
        Ok(0) => Ok(Json(json!({ "status": "ready" }))),
        Ok(missing) => {
            tracing::warn!(missing, "readiness check: migrations are missing");
            Err(ApiError::MigrationsMissing(missing))
        }
        Err(error) => {
            tracing::warn!(%error, "readiness check: database does not answer");
            Err(ApiError::Unavailable)
        }
    }
}
