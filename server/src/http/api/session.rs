//! Sessions over the API: `POST /api/v1/users` (register),
//! `POST /api/v1/session` (sign in, or join as a guest),
//! `DELETE /api/v1/session` (sign out) and `DELETE /api/v1/sessions`
//! (sign out everywhere).

use std::net::SocketAddr;

use app::backend::{AccountsBackend, CurrentSession, NewSession, SecureCookies};
use axum::{
    extract::{ConnectInfo, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use domain::{ChatError, Nickname, Password, User, Viewer};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    error::ApiError,
    extract::{ApiJson, InSession, SignedIn},
    openapi::{errors, schemas},
};
use crate::{chat::session, http::state::AppState};

#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    #[schema(value_type = schemas::Nickname)]
    name: String,
    /// Present to sign in to an account; absent to join as a guest.
    #[schema(value_type = Option<schemas::Password>)]
    password: Option<String>,
}

/// Who the caller is.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Me {
    #[schema(value_type = schemas::User)]
    user: User,
    /// A registered account, rather than a guest.
    registered: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct SessionResponse {
    #[schema(value_type = schemas::User)]
    user: User,
    /// The session token, for `Authorization: Bearer`. Shown only here.
    token: String,
}

fn created(opened: NewSession, secure: SecureCookies) -> Response {
    (
        StatusCode::CREATED,
        [(header::SET_COOKIE, session::cookie(&opened.token, secure))],
        Json(SessionResponse {
            user: opened.user,
            token: opened.token,
        }),
    )
        .into_response()
}

/// The answer to signing out: no content, and the session cookie cleared.
fn signed_out(secure: SecureCookies) -> Response {
    (
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, session::expired_cookie(secure))],
    )
        .into_response()
}

/// Registers an account and signs it in. A guest who registers keeps
/// their name. The password needs 10 characters and must not be a common one.
#[utoipa::path(
    post, path = "/v1/users", tag = "accounts", summary = "Register an account",
    request_body(content = Credentials, example = json!({"name": "ana", "password": "correct horse battery staple"})),
    responses(
        (status = 201, description = "Registered and signed in; also sets the session cookie.", body = SessionResponse),
        (status = 400, response = errors::BadRequest),
        (status = 409, response = errors::Conflict),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    ),
    security(())
)]
pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Extension(secure): Extension<SecureCookies>,
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
    Ok(created(session, secure))
}

/// Signs in with a name and password, or joins as a guest with a free
/// name and no password.
#[utoipa::path(
    post, path = "/v1/session", tag = "accounts", summary = "Sign in, or join as a guest",
    request_body(content = Credentials, example = json!({"name": "ana", "password": "correct horse battery staple"})),
    responses(
        (status = 201, description = "Signed in; also sets the session cookie.", body = SessionResponse),
        (status = 400, response = errors::BadRequest),
        (status = 401, description = "`wrong_credentials`: no such account, or the wrong password.", body = errors::ErrorBody),
        (status = 409, response = errors::Conflict),
        (status = 415, response = errors::UnsupportedMediaType),
        (status = 422, response = errors::Unprocessable),
        (status = 429, response = errors::TooManyRequests),
    ),
    security(())
)]
pub async fn open(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Extension(secure): Extension<SecureCookies>,
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
    Ok(created(session, secure))
}

/// Who the credential belongs to (for scripts checking a token).
#[utoipa::path(
    get, path = "/v1/session", tag = "accounts", summary = "Who am I",
    responses(
        (status = 200, description = "The caller.", body = Me),
        (status = 401, response = errors::Unauthorized),
    )
)]
pub async fn show(SignedIn(viewer): SignedIn) -> Json<Me> {
    Json(Me {
        user: viewer.user(),
        registered: viewer.registered,
    })
}

/// Ends the session the request is signed in with. A personal API token
/// is not a session (401): revoke it instead.
#[utoipa::path(
    delete, path = "/v1/session", tag = "accounts", summary = "Sign out",
    responses(
        (status = 204, description = "Signed out; the session cookie is cleared."),
        (status = 401, response = errors::Unauthorized),
    )
)]
pub async fn close(
    State(state): State<AppState>,
    SignedIn(_viewer): SignedIn,
    Extension(secure): Extension<SecureCookies>,
    current: Option<Extension<CurrentSession>>,
) -> Result<Response, ApiError> {
    let Some(Extension(current)) = current else {
        // Signed in with a personal API token: there is no session to end.
        return Err(ApiError::Chat(ChatError::NotSignedIn));
    };
    state.chat.sign_out(&current).await?;
    Ok(signed_out(secure))
}

/// Ends every session of the caller, on every device. Asked in a session:
/// a personal API token cannot sign its owner out.
#[utoipa::path(
    delete, path = "/v1/sessions", tag = "accounts", summary = "Sign out everywhere",
    responses(
        (status = 204, description = "Every session ended; the session cookie is cleared."),
        (status = 401, response = errors::Unauthorized),
        (status = 403, response = errors::Forbidden),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn close_all(
    State(state): State<AppState>,
    InSession(viewer, session): InSession,
    Extension(secure): Extension<SecureCookies>,
) -> Result<Response, ApiError> {
    state.chat.sign_out_everywhere(&viewer, &session).await?;
    Ok(signed_out(secure))
}
