//! Sessions over the API: `POST /api/v1/users` (register),
//! `POST /api/v1/session` (sign in, or join as a guest),
//! `DELETE /api/v1/session` (sign out) and `DELETE /api/v1/sessions`
//! (sign out everywhere).

use std::net::SocketAddr;

use app::{
    backend::{AccountsBackend, CurrentSession, NewSession},
    domain::{Nickname, Password, User, Viewer},
    ChatError,
};
use axum::{
    extract::{ConnectInfo, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use serde::{Deserialize, Serialize};

use super::{
    error::ApiError,
    extract::{ApiJson, SignedIn},
};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Credentials {
    name: String,
    /// Present to sign in to an account; absent to join as a guest.
    password: Option<String>,
}

#[derive(Serialize)]
struct SessionResponse {
    user: User,
    /// The session token, for `Authorization: Bearer`. Shown only here.
    token: String,
}

fn created(session: NewSession) -> Response {
    (
        StatusCode::CREATED,
        [(header::SET_COOKIE, session.cookie)],
        Json(SessionResponse {
            user: session.user,
            token: session.token,
        }),
    )
        .into_response()
}

pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    current: Option<Extension<Viewer>>,
    ApiJson(request): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    let name = Nickname::parse(&request.name).map_err(ChatError::from)?;
    let password = Password::parse(request.password.as_deref().unwrap_or_default())
        .map_err(ChatError::from)?;
    let current = current.map(|Extension(viewer)| viewer);
    let session = state
        .chat
        .register(name, password, current.as_ref(), Some(client.ip()))
        .await?;
    Ok(created(session))
}

pub async fn open(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiJson(request): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    let session = match request.password {
        Some(password) => {
            state
                .chat
                .sign_in(&request.name, &password, Some(client.ip()))
                .await?
        }
        None => {
            let name = Nickname::parse(&request.name).map_err(ChatError::from)?;
            state.chat.join_as_guest(name, Some(client.ip())).await?
        }
    };
    Ok(created(session))
}

pub async fn close(
    State(state): State<AppState>,
    SignedIn(_viewer): SignedIn,
    session: Option<Extension<CurrentSession>>,
) -> Result<Response, ApiError> {
    let Some(Extension(session)) = session else {
        // Signed in with a personal API token: there is no session to end.
        return Err(ApiError::Chat(ChatError::NotSignedIn));
    };
    state.chat.sign_out(&session).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, state.chat.expired_session_cookie())],
    )
        .into_response())
}

pub async fn close_all(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
) -> Result<Response, ApiError> {
    state.chat.sign_out_everywhere(&viewer).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, state.chat.expired_session_cookie())],
    )
        .into_response())
}
