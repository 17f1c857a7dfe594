//! Messages: `POST`/`GET /api/v1/channels/{channel}/messages`, and
//! `PATCH`/`DELETE /api/v1/messages/{id}`.

use app::backend::MessagesBackend;
use axum::{extract::State, http::StatusCode, Json};
use domain::{ChatError, Message, MessageBody, MessageId, PageLimit};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{
    channels::channel_from_path,
    error::ApiError,
    extract::{ApiJson, ApiPath, ApiQuery, SignedIn},
    openapi::{errors, params::ChannelPath, schemas},
};
use crate::http::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct MessageText {
    /// Markdown.
    #[schema(value_type = schemas::MessageBody)]
    body: String,
}

/// Posts a message to a channel the caller is in. Members' live feeds get
/// it as a `message` event; @names of members mention them.
#[utoipa::path(
    post, path = "/v1/channels/{channel}/messages", tag = "messages", summary = "Post a message",
    params(ChannelPath),
    request_body(content = MessageText, example = json!({"body": "deploy **done** :tada:"})),
    responses(
        (status = 201, description = "Stored and delivered.", body = schemas::Message),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn post(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
    ApiJson(request): ApiJson<MessageText>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    let channel = channel_from_path(&channel)?;
    let body = MessageBody::parse(&request.body).map_err(ChatError::from)?;
    let message = state.chat.post_message(&viewer, &channel, body).await?;
    Ok((StatusCode::CREATED, Json(message)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// Only messages older than this id (the page before it).
    #[param(value_type = Option<schemas::MessageId>)]
    before: Option<i64>,
    /// How many (default 50).
    #[param(value_type = Option<schemas::PageLimit>)]
    limit: Option<u32>,
}

/// A page of the channel's history, oldest first: the newest messages, or
/// with `before` the ones before that id.
#[utoipa::path(
    get, path = "/v1/channels/{channel}/messages", tag = "messages", summary = "Read history",
    params(ChannelPath, HistoryQuery),
    responses(
        (status = 200, description = "Oldest first; deleted messages are in it, marked `deleted`.", body = Vec<schemas::Message>),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
        (status = 422, response = errors::Unprocessable),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<Vec<Message>>, ApiError> {
    let channel = channel_from_path(&channel)?;
    let limit = PageLimit::parse(query.limit).map_err(ChatError::from)?;
    let before = query
        .before
        .map(MessageId::parse)
        .transpose()
        .map_err(ChatError::from)?;
    let page = state
        .chat
        .history(&viewer, &channel, before, limit.get())
        .await?;
    Ok(Json(page))
}

/// Edits one of the caller's messages; the channel's feeds get
/// `message_updated`.
#[utoipa::path(
    patch, path = "/v1/messages/{id}", tag = "messages", summary = "Edit a message",
    params(("id" = i64, Path, description = "The message's id.")),
    request_body(content = MessageText, example = json!({"body": "deploy done (v1.4)"})),
    responses(
        (status = 200, description = "The message as edited.", body = schemas::Message),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn edit(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<MessageText>,
) -> Result<Json<Message>, ApiError> {
    let body = MessageBody::parse(&request.body).map_err(ChatError::from)?;
    let message = state
        .chat
        .edit_message(&viewer, MessageId(id), body)
        .await?;
    Ok(Json(message))
}

/// Deletes one of the caller's messages; the channel's feeds get
/// `message_deleted`, and the timeline keeps a marker in its place.
#[utoipa::path(
    delete, path = "/v1/messages/{id}", tag = "messages", summary = "Delete a message",
    params(("id" = i64, Path, description = "The message's id.")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 404, response = errors::NotFound),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.chat.delete_message(&viewer, MessageId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
