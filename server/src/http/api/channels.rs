//! Channels and their members: `/api/v1/channels...`.

use app::backend::ChannelsBackend;
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use domain::{
    ChannelInfo, ChannelListing, ChannelName, ChannelTopic, ChatError, MessageId, Nickname,
    ValidationError,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{
    error::ApiError,
    extract::{json_integer, ApiJson, ApiPath, ApiQuery, SignedIn},
    openapi::{
        errors,
        params::{ChannelPath, UserPath},
        schemas,
    },
};
use crate::http::state::AppState;

/// A channel named in the path; a name that cannot exist is a 404.
pub fn channel_from_path(raw: &str) -> Result<ChannelName, ApiError> {
    ChannelName::parse(raw).map_err(|_| ApiError::Chat(ChatError::ChannelNotFound))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `true`: every public channel (to browse), rather than the caller's.
    #[serde(default)]
    all: bool,
}

/// The caller's channels and DMs with unread counts, or with `?all=true`
/// every public channel.
#[utoipa::path(
    get, path = "/v1/channels", tag = "channels", summary = "List channels",
    params(ListQuery),
    responses(
        (status = 200, description = "The caller's channels and DMs, or every public channel.", body = schemas::ChannelList),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
    )
)]
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

#[derive(Deserialize, ToSchema)]
pub struct CreateChannel {
    #[schema(value_type = schemas::NewChannelName)]
    name: String,
    #[schema(value_type = Option<schemas::ChannelTopic>)]
    topic: Option<String>,
    /// Only members see a private channel; its creator adds them.
    #[serde(default)]
    private: bool,
}

/// Creates a channel with the caller in it (registered accounts only).
#[utoipa::path(
    post, path = "/v1/channels", tag = "channels", summary = "Create a channel",
    request_body(content = CreateChannel, example = json!({"name": "deploys", "topic": "What went out, and when", "private": false})),
    responses(
        (status = 201, description = "Created.", body = schemas::ChannelInfo),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 409, response = errors::Conflict),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    )
)]
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

/// One channel: public ones to anyone signed in, others to their members.
#[utoipa::path(
    get, path = "/v1/channels/{channel}", tag = "channels", summary = "Show a channel",
    params(ChannelPath),
    responses(
        (status = 200, description = "The channel, and whether the caller is in it.", body = schemas::ChannelListing),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
    )
)]
pub async fn show(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<Json<ChannelListing>, ApiError> {
    let channel = channel_from_path(&channel)?;
    Ok(Json(state.chat.channel(&viewer, &channel).await?))
}

/// Joins a public channel (joining one the caller is in does nothing).
#[utoipa::path(
    post, path = "/v1/channels/{channel}/join", tag = "channels", summary = "Join a channel",
    params(ChannelPath),
    responses(
        (status = 204, description = "The caller is a member."),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn join(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    state.chat.join_channel(&viewer, &channel).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Leaves a channel. Nobody leaves #general, nor a DM.
#[utoipa::path(
    post, path = "/v1/channels/{channel}/leave", tag = "channels", summary = "Leave a channel",
    params(ChannelPath),
    responses(
        (status = 204, description = "The caller is not a member any more."),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn leave(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    state.chat.leave_channel(&viewer, &channel).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The channel's members, by name.
#[utoipa::path(
    get, path = "/v1/channels/{channel}/members", tag = "channels", summary = "List members",
    params(ChannelPath),
    responses(
        (status = 200, description = "Every member.", body = Vec<schemas::Nickname>),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
    )
)]
pub async fn members(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<Json<Vec<Nickname>>, ApiError> {
    let channel = channel_from_path(&channel)?;
    Ok(Json(state.chat.members(&viewer, &channel).await?))
}

/// The members who are online now (a live feed open anywhere).
#[utoipa::path(
    get, path = "/v1/channels/{channel}/online", tag = "channels", summary = "List who is online",
    description = "The members with a live feed open now, on any instance. `member_online` and `member_offline` events keep a list current.",
    params(ChannelPath),
    responses(
        (status = 200, description = "The members online now.", body = Vec<schemas::Nickname>),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
    )
)]
pub async fn online(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<Json<Vec<Nickname>>, ApiError> {
    let channel = channel_from_path(&channel)?;
    Ok(Json(state.chat.online_members(&viewer, &channel).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct Invite {
    #[schema(value_type = schemas::Nickname)]
    name: String,
}

/// Adds someone to a channel the caller is in (a private channel's
/// members can add people; DMs are fixed).
#[utoipa::path(
    post, path = "/v1/channels/{channel}/members", tag = "channels", summary = "Add a member",
    params(ChannelPath),
    request_body(content = Invite, example = json!({"name": "bob"})),
    responses(
        (status = 204, description = "They are a member."),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    )
)]
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

/// Removes someone from a channel (its creator only; DMs are fixed).
#[utoipa::path(
    delete, path = "/v1/channels/{channel}/members/{name}", tag = "channels", summary = "Remove a member",
    params(ChannelPath, UserPath),
    responses(
        (status = 204, description = "They are not a member any more."),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 409, response = errors::Conflict),
        (status = 429, response = errors::TooManyRequests),
    )
)]
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
#[utoipa::path(
    post, path = "/v1/channels/{channel}/typing", tag = "channels", summary = "Say the caller is typing",
    description = "Members' feeds get a `typing` event, which lasts 5 s. Signals closer together than papo relays are dropped silently.",
    params(ChannelPath),
    responses(
        (status = 204, description = "Relayed, or dropped as too soon after the last."),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
    )
)]
pub async fn typing(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    state.chat.typing(&viewer, &channel).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct Read {
    /// The newest message the caller has seen.
    #[schema(value_type = schemas::MessageId)]
    last_read_id: serde_json::Number,
}

/// Marks the channel read up to a message; the caller's other devices get
/// a `read` event and clear their badges. A marker never moves back.
#[utoipa::path(
    post, path = "/v1/channels/{channel}/read", tag = "channels", summary = "Mark read",
    params(ChannelPath),
    request_body(content = Read, example = json!({"last_read_id": 42})),
    responses(
        (status = 204, description = "Marked."),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
    ApiJson(request): ApiJson<Read>,
) -> Result<StatusCode, ApiError> {
    let channel = channel_from_path(&channel)?;
    let last_read_id = json_integer(&request.last_read_id)
        .ok_or(ValidationError::MessageIdInvalid)
        .and_then(MessageId::parse)
        .map_err(ChatError::from)?;
    state
        .chat
        .mark_read(&viewer, &channel, last_read_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
