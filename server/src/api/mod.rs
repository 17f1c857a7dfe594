//! The public JSON API under `/api/v1`, for curl, bots and the command-line
//! client. Handlers are thin: they parse, call a use case, and serialize.

mod admin;
mod channels;
mod dms;
pub mod error;
mod events;
pub mod extract;
pub mod health;
mod messages;
mod notifications;
mod session;
mod tokens;

use axum::{
    extract::DefaultBodyLimit,
    routing::{delete, get, patch, post},
    Router,
};

use crate::state::AppState;
use error::ApiError;

/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Everything under `/api`; unknown paths and methods answer in JSON too.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/users", post(session::register))
        .route("/v1/session", post(session::open).delete(session::close))
        .route("/v1/sessions", delete(session::close_all))
        .route("/v1/tokens", post(tokens::create).get(tokens::list))
        .route("/v1/tokens/{id}", delete(tokens::revoke))
        .route("/v1/channels", get(channels::list).post(channels::create))
        .route("/v1/channels/{channel}", get(channels::show))
        .route("/v1/channels/{channel}/join", post(channels::join))
        .route("/v1/channels/{channel}/leave", post(channels::leave))
        .route(
            "/v1/channels/{channel}/members",
            get(channels::members).post(channels::invite),
        )
        .route(
            "/v1/channels/{channel}/members/{name}",
            delete(channels::remove),
        )
        .route("/v1/channels/{channel}/read", post(channels::read))
        .route("/v1/channels/{channel}/typing", post(channels::typing))
        .route(
            "/v1/channels/{channel}/messages",
            post(messages::post).get(messages::history),
        )
        .route("/v1/channels/{channel}/events", get(events::channel))
        .route(
            "/v1/messages/{id}",
            patch(messages::edit).delete(messages::delete),
        )
        .route("/v1/dms", post(dms::open))
        .route("/v1/users/{name}/messages", post(dms::post_to_user))
        .route("/v1/users/{name}/notify", post(notifications::notify))
        .route("/v1/events", get(events::all))
        .route("/v1/admin/stats", get(admin::stats))
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}
