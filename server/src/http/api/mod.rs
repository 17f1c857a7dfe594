//! The public JSON API under `/api/v1`, for curl, bots and the command-line
//! client. Handlers are thin: they parse, call a use case, and serialize.

mod admin;
mod channels;
mod dms;
pub(crate) mod error;
mod events;
pub(crate) mod extract;
pub(crate) mod health;
mod messages;
mod metrics;
mod notifications;
pub mod openapi;
mod session;
mod tokens;

use axum::{extract::DefaultBodyLimit, routing::get, Router};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::http::state::AppState;
use error::ApiError;

/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The API's operations, each registered with its documentation
/// (`#[utoipa::path]` on the handler): paths are relative to `/api`.
pub fn operations() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(session::register))
        .routes(routes!(session::show, session::open, session::close))
        .routes(routes!(session::close_all))
        .routes(routes!(tokens::create, tokens::list))
        .routes(routes!(tokens::revoke))
        .routes(routes!(channels::list, channels::create))
        .routes(routes!(channels::show))
        .routes(routes!(channels::join))
        .routes(routes!(channels::leave))
        .routes(routes!(channels::members, channels::invite))
        .routes(routes!(channels::online))
        .routes(routes!(channels::remove))
        .routes(routes!(channels::read))
        .routes(routes!(channels::typing))
        .routes(routes!(messages::post, messages::history))
        .routes(routes!(events::channel))
        .routes(routes!(messages::edit, messages::delete))
        .routes(routes!(dms::open))
        .routes(routes!(dms::post_to_user))
        .routes(routes!(notifications::notify))
        .routes(routes!(events::all))
        .routes(routes!(admin::stats))
}

/// Everything under `/api`; unknown paths and methods answer in JSON too.
pub fn router() -> Router<AppState> {
    let (operations, _) = operations().split_for_parts();
    operations
        .route("/v1/openapi.json", get(openapi::serve))
        .route("/docs", get(openapi::page::serve))
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}
