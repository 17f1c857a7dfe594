//! Messages: `POST`/`GET /api/v1/channels/{channel}/messages`, and
//! `PATCH`/`DELETE /api/v1/messages/{id}`.

use app::{
    backend::MessagesBackend,
    domain::{Message, MessageBody, MessageId, PageLimit},
    ChatError,
};
use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;

use super::{
    channels::channel_from_path,
    error::ApiError,
    extract::{ApiJson, ApiPath, ApiQuery, SignedIn},
};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct MessageText {
    body: String,
}

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

#[derive(Deserialize)]
pub struct HistoryQuery {
    before: Option<MessageId>,
    limit: Option<u32>,
}

pub async fn history(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(channel): ApiPath<String>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<Vec<Message>>, ApiError> {
    let channel = channel_from_path(&channel)?;
    let limit = PageLimit::parse(query.limit).map_err(ChatError::from)?;
    let page = state
        .chat
        .history(&viewer, &channel, query.before, limit.get())
        .await?;
    Ok(Json(page))
}

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

pub async fn delete(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    state.chat.delete_message(&viewer, MessageId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
