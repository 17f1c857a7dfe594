//! Probes for load balancers and orchestrators:
//!
//! - `GET /healthz` (liveness): 200 when the database answers, 503 otherwise;
//! - `GET /readyz` (readiness): 200 when the database answers and has every
//!   migration of this version of papo, 503 otherwise.

use axum::{extract::State, Json};
use serde_json::{json, Value};

use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    error::ApiError,
    openapi::{errors, schemas::Probe},
};
use crate::http::state::AppState;

/// The probes' routes, and `/metrics`, with their documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(super::metrics::scrape))
}

#[utoipa::path(
    get, path = "/healthz", tag = "operations", summary = "Liveness",
    responses(
        (status = 200, description = "The database answers.", body = Probe, example = json!({"status": "ok"})),
        (status = 503, response = errors::Unavailable),
    ),
    security(())
)]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    match state.chat.database_answers().await {
        Ok(()) => Ok(Json(json!({ "status": "ok" }))),
        Err(error) => {
            tracing::warn!(%error, "health check: database does not answer");
            Err(ApiError::Unavailable)
        }
    }
}

#[utoipa::path(
    get, path = "/readyz", tag = "operations", summary = "Readiness",
    responses(
        (status = 200, description = "The database answers and has every migration.", body = Probe, example = json!({"status": "ready"})),
        (status = 503, response = errors::Unavailable),
    ),
    security(())
)]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    match state.chat.missing_migrations().await {
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
