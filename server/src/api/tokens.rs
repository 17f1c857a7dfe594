//! Personal API tokens: `POST`, `GET /api/v1/tokens` and
//! `DELETE /api/v1/tokens/{id}`.

use app::{
    backend::AccountsBackend,
    domain::{ApiTokenInfo, NewApiToken, TokenLabel},
    ChatError,
};
use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;

use super::{
    error::ApiError,
    extract::{ApiJson, ApiPath, SignedIn},
};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct CreateToken {
    label: String,
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiJson(request): ApiJson<CreateToken>,
) -> Result<(StatusCode, Json<NewApiToken>), ApiError> {
    let label = TokenLabel::parse(&request.label).map_err(ChatError::from)?;
    let token = state.chat.create_api_token(&viewer, label).await?;
    Ok((StatusCode::CREATED, Json(token)))
}

pub async fn list(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<Vec<ApiTokenInfo>>, ApiError> {
    Ok(Json(state.chat.api_tokens(&viewer).await?))
}

pub async fn revoke(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.chat.revoke_api_token(&viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
