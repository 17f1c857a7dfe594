//! Direct messages: `POST /api/v1/dms` opens one, and
//! `POST /api/v1/users/{name}/messages` writes to one person (only their
//! streams, and the sender's, receive it).

use app::{
    backend::{ChannelsBackend, MessagesBackend},
    domain::{ChannelInfo, DmMembers, Message, MessageBody, Nickname},
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
pub struct OpenDm {
    members: Vec<String>,
}

/// The DM of the caller and `members`: the same one again if it exists.
pub async fn open(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiJson(request): ApiJson<OpenDm>,
) -> Result<Json<ChannelInfo>, ApiError> {
    let members = DmMembers::parse(&request.members, &viewer.name).map_err(ChatError::from)?;
    Ok(Json(state.chat.open_dm(&viewer, members).await?))
}

#[derive(Deserialize)]
pub struct PostToUser {
    body: String,
}

pub async fn post_to_user(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    ApiPath(name): ApiPath<String>,
    ApiJson(request): ApiJson<PostToUser>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    let name = Nickname::parse(&name).map_err(|_| ChatError::UserNotFound)?;
    let body = MessageBody::parse(&request.body).map_err(ChatError::from)?;
    let members = DmMembers::parse(&[name.as_str()], &viewer.name).map_err(ChatError::from)?;
    let dm = state.chat.open_dm(&viewer, members).await?;
    let message = state.chat.post_message(&viewer, &dm.name, body).await?;
    Ok((StatusCode::CREATED, Json(message)))
}
