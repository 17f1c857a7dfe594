//! Personal API tokens: `POST`, `GET /api/v1/tokens` and
//! `DELETE /api/v1/tokens/{id}`, in a session (signed in with the
//! password): a token that leaked must not mint its successors, so that
//! revoking it ends the leak. A token may only revoke itself.

use app::backend::{AccountsBackend, CurrentSession};
use axum::{extract::State, http::StatusCode, Extension, Json};
use domain::{ApiTokenInfo, ChatError, NewApiToken, TokenLabel};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    error::ApiError,
    extract::{ApiJson, ApiPath, InSession, SignedIn},
    openapi::{errors, schemas},
};
use crate::{http::state::AppState, live::revocation::Credential};

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
    InSession(viewer, session): InSession,
    ApiJson(request): ApiJson<CreateToken>,
) -> Result<(StatusCode, Json<NewApiToken>), ApiError> {
    let label = TokenLabel::parse(&request.label).map_err(ChatError::from)?;
    let token = state
        .chat
        .create_api_token(&viewer, &session, label)
        .await?;
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
    InSession(viewer, session): InSession,
) -> Result<Json<Vec<ApiTokenInfo>>, ApiError> {
    Ok(Json(state.chat.api_tokens(&viewer, &session).await?))
}

/// Revokes a token: requests and live feeds using it stop at once. Asked
/// with a personal API token, only that token can be revoked (logging a
/// script out).
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
    session: Option<Extension<CurrentSession>>,
    credential: Option<Extension<Credential>>,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    match (session, credential) {
        (Some(Extension(session)), _) => state.chat.revoke_api_token(&viewer, &session, id).await,
        (None, Some(Extension(Credential::ApiToken { hash }))) => {
            state.chat.revoke_this_api_token(&viewer, &hash, id).await
        }
        (None, _) => Err(ChatError::SessionRequired),
    }?;
    Ok(StatusCode::NO_CONTENT)
}
