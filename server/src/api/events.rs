//! `GET /api/v1/events` and `GET /api/v1/channels/{channel}/events`: the
//! live feeds (see [`crate::sse`]).

use app::domain::EventId;
use axum::{extract::State, http::HeaderMap, response::IntoResponse, Extension};
use serde::Deserialize;

use super::{
    channels::channel_from_path,
    error::ApiError,
    extract::{ApiPath, ApiQuery, SignedIn},
};
use crate::{
    revocation::Credential,
    sse::{self, Feed},
    state::AppState,
};

#[derive(Deserialize)]
pub struct FeedQuery {
    /// Resume after this id, for clients that cannot set `Last-Event-ID`.
    after: Option<EventId>,
}

/// Where to resume: `Last-Event-ID` (what the browser sends when it
/// reconnects, so it is the most recent) wins over `?after=`.
fn resume_point(headers: &HeaderMap, query: FeedQuery) -> Result<Option<EventId>, ApiError> {
    match headers.get("last-event-id") {
        Some(value) => value
            .to_str()
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Some)
            .ok_or_else(|| ApiError::BadQuery("Last-Event-ID must be an event id".to_owned())),
        None => Ok(query.after),
    }
}

pub async fn all(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    credential: Option<Extension<Credential>>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let after = resume_point(&headers, query)?;
    let scope = state.chat.feed_scope(&viewer, None).await?;
    let credential = credential.map(|Extension(c)| c);
    Ok(sse::respond(
        state,
        Feed {
            scope,
            after,
            credential,
        },
    ))
}

pub async fn channel(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    credential: Option<Extension<Credential>>,
    ApiPath(channel): ApiPath<String>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let channel = channel_from_path(&channel)?;
    let scope = state.chat.feed_scope(&viewer, Some(&channel)).await?;
    let after = resume_point(&headers, query)?;
    let credential = credential.map(|Extension(c)| c);
    Ok(sse::respond(
        state,
        Feed {
            scope,
            after,
            credential,
        },
    ))
}
