//! Personal API tokens: `POST`, `GET /api/v1/tokens` and
//! `DELETE /api/v1/tokens/{id}`.

use app::{
    backend::AccountsBackend,
    domain::{ApiTokenInfo, NewApiToken, TokenLabel},
    ChatError,
};
use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    error::ApiError,
    extract::{ApiJson, ApiPath, SignedIn},
    openapi::{errors, schemas},
};
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct CreateToken {
    #[schema(value_type = schemas::TokenLabel)]
    label: String,
}

/// Creates a personal API token for bots and scripts (registered accounts
/// only). Its secret is in this answer and nowhere else, ever.
#[utoipa::path(
    post, path = "/v1/tokens", tag = "tokens", summary = "Create a personal API token",
    request_body(content = CreateToken, example = json!({"label": "deploy bot"})),
    responses(
        (status = 201, description = "Created; `token` is shown only now.", body = schemas::NewApiToken),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiJson(request): ApiJson<CreateToken>,
) -> Result<(StatusCode, Json<NewApiToken>), ApiError> {
    let label = TokenLabel::parse(&request.label).map_err(ChatError::from)?;
    let token = state.chat.create_api_token(&viewer, label).await?;
    Ok((StatusCode::CREATED, Json(token)))
}

/// The caller's personal API tokens, without their secrets.
#[utoipa::path(
    get, path = "/v1/tokens", tag = "tokens", summary = "List personal API tokens",
    responses(
        (status = 200, description = "The tokens that are not revoked.", body = Vec<schemas::ApiTokenInfo>),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
) -> Result<Json<Vec<ApiTokenInfo>>, ApiError> {
    Ok(Json(state.chat.api_tokens(&viewer).await?))
}

/// Revokes a token: requests and live feeds using it stop at once.
#[utoipa::path(
    delete, path = "/v1/tokens/{id}", tag = "tokens", summary = "Revoke a personal API token",
    params(("id" = i64, Path, description = "The token's id.")),
    responses(
        (status = 204, description = "Revoked."),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn revoke(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.chat.revoke_api_token(&viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
