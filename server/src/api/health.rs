//! `GET /healthz`: 200 when the database answers, 503 otherwise.

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
