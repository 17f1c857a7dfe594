//! `POST /api/v1/session`: join as a guest.

use app::{backend::ChatBackend, domain::Nickname, domain::User};
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::StatusCode,
    response::IntoResponse,
    Json,
};
use serde::{Deserialize, Serialize};

use super::{error::ApiError, extract::ApiJson};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct JoinRequest {
    name: String,
}

#[derive(Serialize)]
pub struct JoinResponse {
    user: User,
    /// The session token, for `Authorization: Bearer`. Shown only here.
    token: String,
}

pub async fn join(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiJson(request): ApiJson<JoinRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let name = Nickname::parse(&request.name).map_err(app::ChatError::from)?;
    let session = state.chat.join_as_guest(name, Some(client.ip())).await?;
    Ok((
        StatusCode::CREATED,
        [(axum::http::header::SET_COOKIE, session.cookie)],
        Json(JoinResponse {
            user: session.user,
            token: session.token,
        }),
    ))
}
