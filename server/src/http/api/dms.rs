//! Direct messages: `POST /api/v1/dms` opens one, and
//! `POST /api/v1/users/{name}/messages` writes to one person (only their
//! streams, and the sender's, receive it).

use app::backend::{ChannelsBackend, MessagesBackend};
use axum::{extract::State, http::StatusCode, Json};
use domain::{ChannelInfo, ChatError, DmMembers, Message, MessageBody, Nickname};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{
    error::ApiError,
    extract::{ApiJson, ApiPath, SignedIn},
    openapi::{errors, params::UserPath, schemas},
};
use crate::http::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct OpenDm {
    #[schema(value_type = schemas::DmNames)]
    members: Vec<String>,
}

/// The DM of the caller and `members`: the same one again if it exists.
#[utoipa::path(
    post, path = "/v1/dms", tag = "direct messages", summary = "Open a DM",
    request_body(content = OpenDm, example = json!({"members": ["bob", "cy"]})),
    responses(
        (status = 200, description = "The DM, new or as it was.", body = schemas::ChannelInfo),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn open(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiJson(request): ApiJson<OpenDm>,
) -> Result<Json<ChannelInfo>, ApiError> {
    let members = DmMembers::parse(&request.members, &viewer.name).map_err(ChatError::from)?;
    Ok(Json(state.chat.open_dm(&viewer, members).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct PostToUser {
    /// Markdown.
    #[schema(value_type = schemas::MessageBody)]
    body: String,
}

/// Writes to one person, in the DM of the two (opened if needed). Only
/// their feeds and the caller's receive it. Nobody writes to themselves
/// (422).
#[utoipa::path(
    post, path = "/v1/users/{name}/messages", tag = "direct messages", summary = "Message one person",
    params(UserPath),
    request_body(content = PostToUser, example = json!({"body": "are you free at 3?"})),
    responses(
        (status = 201, description = "Stored and delivered.", body = schemas::Message),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn post_to_user(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(name): ApiPath<String>,
    ApiJson(request): ApiJson<PostToUser>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    let name = Nickname::parse(&name).map_err(|_| ChatError::UserNotFound)?;
    let body = MessageBody::parse(&request.body).map_err(ChatError::from)?;
    let members = DmMembers::parse([name.as_str()], &viewer.name).map_err(ChatError::from)?;
    let dm = state.chat.open_dm(&viewer, members).await?;
    let message = state.chat.post_message(&viewer, &dm.name, body).await?;
    Ok((StatusCode::CREATED, Json(message)))
}
