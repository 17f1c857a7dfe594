//! `POST /api/v1/users/{name}/notify`: a notification to one person's
//! streams only (for integrations: a deploy finished, a build broke).

use axum::{extract::State, http::StatusCode, Json};
use domain::{ChatError, MessageBody, Nickname};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    error::ApiError,
    extract::{ApiJson, ApiPath, SignedIn},
    openapi::{errors, params::UserPath, schemas},
};
use crate::http::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct Notify {
    /// Plain text.
    #[schema(value_type = schemas::MessageBody)]
    text: String,
}

/// The event id the notification got on the target's streams.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Notified {
    #[schema(value_type = schemas::EventId)]
    id: i64,
}

/// Sends a `notification` event to one person's live feeds only. It is
/// stored, so a feed that resumes after a drop still gets it.
#[utoipa::path(
    post, path = "/v1/users/{name}/notify", tag = "notifications", summary = "Notify one person",
    params(UserPath),
    request_body(content = Notify, example = json!({"text": "deploy of v1.4 finished"})),
    responses(
        (status = 201, description = "Stored and delivered to their feeds.", body = Notified),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn notify(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(name): ApiPath<String>,
    ApiJson(request): ApiJson<Notify>,
) -> Result<(StatusCode, Json<Notified>), ApiError> {
    let to = Nickname::parse(&name).map_err(|_| ChatError::UserNotFound)?;
    let text = MessageBody::parse(&request.text).map_err(ChatError::from)?;
    let id = state.chat.notify(&viewer, &to, text).await?;
    Ok((StatusCode::CREATED, Json(Notified { id: id.0 })))
}
