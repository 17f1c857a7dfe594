//! `POST` and `GET /api/v1/channels/{channel}/messages`.

use app::{
    backend::ChatBackend,
    domain::{ChannelName, Message, MessageBody, MessageId, PageLimit},
    ChatError,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;

use super::{
    error::ApiError,
    extract::{ApiJson, ApiQuery, SignedIn},
};
use crate::state::AppState;

/// A channel named in the path; a name that cannot exist is a 404.
pub fn channel_from_path(raw: &str) -> Result<ChannelName, ApiError> {
    ChannelName::parse(raw).map_err(|_| ApiError::Chat(ChatError::ChannelNotFound))
}

#[derive(Deserialize)]
pub struct PostMessage {
    body: String,
}

pub async fn post(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    Path(channel): Path<String>,
    ApiJson(request): ApiJson<PostMessage>,
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
    Path(channel): Path<String>,
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
