//! Channels and their members: `/api/v1/channels...`.

use app::{
    backend::ChannelsBackend,
    domain::{ChannelInfo, ChannelListing, ChannelName, ChannelTopic, MessageId, Nickname},
    ChatError,
};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;

use super::{
    error::ApiError,
    extract::{ApiJson, ApiPath, ApiQuery, SignedIn},
};
use crate::state::AppState;

/// A channel named in the path; a name that cannot exist is a 404.
pub fn channel_from_path(raw: &str) -> Result<ChannelName, ApiError> {
    ChannelName::parse(raw).map_err(|_| ApiError::Chat(ChatError::ChannelNotFound))
}

#[derive(Deserialize)]
pub struct ListQuery {
    /// `true`: every public channel (to browse), rather than the caller's.
    #[serde(default)]
    all: bool,
}

/// The caller's channels and DMs with unread counts, or with `?all=true`
/// every public channel.
pub async fn list(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Response, ApiError> {
    Ok(if query.all {
        Json(state.chat.public_channels(&viewer).await?).into_response()
    } else {
        Json(state.chat.channels(&viewer).await?).into_response()
    })
}

#[derive(Deserialize)]
pub struct CreateChannel {
    name: String,
    topic: Option<String>,
    #[serde(default)]
    private: bool,
}

pub async fn create(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiJson(request): ApiJson<CreateChannel>,
) -> Result<(StatusCode, Json<ChannelInfo>), ApiError> {
    let name = ChannelName::parse_new(&request.name).map_err(ChatError::from)?;
    let topic =
        ChannelTopic::parse(request.topic.as_deref().unwrap_or("")).map_err(ChatError::from)?;
    let info = state
        .chat
        .create_channel(&viewer, name, topic, request.private)
        .await?;
    Ok((StatusCode::CREATED, Json(info)))
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<Json<ChannelListing>, ApiError> {
    let channel = channel_from_path(&channel)?;
    Ok(Json(state.chat.channel(&viewer, &channel).await?))
}

pub async fn join(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    state.chat.join_channel(&viewer, &channel).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn leave(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    state.chat.leave_channel(&viewer, &channel).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn members(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<Json<Vec<Nickname>>, ApiError> {
    let channel = channel_from_path(&channel)?;
    Ok(Json(state.chat.members(&viewer, &channel).await?))
}

#[derive(Deserialize)]
pub struct Invite {
    name: String,
}

pub async fn invite(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
    ApiJson(request): ApiJson<Invite>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    let name = Nickname::parse(&request.name).map_err(ChatError::from)?;
    state.chat.add_member(&viewer, &channel, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn remove(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath((channel, name)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    let name = Nickname::parse(&name).map_err(|_| ChatError::UserNotFound)?;
    state.chat.remove_member(&viewer, &channel, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller is typing in `channel` (its members' feeds get `typing`).
pub async fn typing(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    state.chat.typing(&viewer, &channel).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct Read {
    last_read_id: MessageId,
}

pub async fn read(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
    ApiJson(request): ApiJson<Read>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    state
        .chat
        .mark_read(&viewer, &channel, request.last_read_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
