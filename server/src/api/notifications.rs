//! `POST /api/v1/users/{name}/notify`: a notification to one person's
//! streams only (for integrations: a deploy finished, a build broke).

use app::{
    domain::{MessageBody, Nickname},
    ChatError,
};
use axum::{extract::State, http::StatusCode, Json};
use serde::{Deserialize, Serialize};

use super::{
    error::ApiError,
    extract::{ApiJson, ApiPath, SignedIn},
};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Notify {
    text: String,
}

/// The event id the notification got on the target's streams.
#[derive(Serialize)]
pub struct Notified {
    id: i64,
}

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
