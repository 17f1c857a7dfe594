//! The middleware that settles, before `/admin` is rendered, whether the
//! viewer may see it: the page renders without waiting for the database,
//! so it finds the answer in the request's extensions ([`AdminStats`], the
//! last minute of stats, for an admin only; without it, the 404 page).

use app::backend::{AdminBackend, AdminStats};
use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use domain::{ChatError, Viewer};

use crate::{http::api::error::ApiError, http::state::AppState};

/// The admin page's path.
pub const PATH: &str = "/admin";

pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    request.extensions_mut().remove::<AdminStats>();
    if request.uri().path() == PATH {
        if let Some(viewer) = request.extensions().get::<Viewer>().cloned() {
            match state.chat.server_stats(&viewer).await {
                Ok(history) => {
                    request.extensions_mut().insert(AdminStats(history));
                }
                Err(ChatError::NotFound) => {}
                Err(e) => return ApiError::from(e).into_response(),
            }
        }
    }
    next.run(request).await
}
