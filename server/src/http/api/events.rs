//! `GET /api/v1/events` and `GET /api/v1/channels/{channel}/events`: the
//! live feeds (see [`crate::http::sse`]).

use domain::{ChatError, EventId, Nickname, Viewer};
use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::HeaderMap,
    response::IntoResponse,
    Extension,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    channels::channel_from_path,
    error::ApiError,
    extract::{ApiPath, ApiQuery, SignedIn},
    openapi::{errors, params::ChannelPath, stream::FeedEvent},
};
use crate::{
    http::sse::{self, Feed},
    http::state::AppState,
    live::revocation::Credential,
};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Resume after this id, for clients that cannot set `Last-Event-ID`.
    #[param(value_type = Option<i64>)]
    after: Option<EventId>,
    /// The name the client expects to be signed in as. The tabs of a
    /// browser share one cookie: after someone else signs in in another
    /// tab, a page that reconnects would get that person's events. With
    /// `as`, the feed answers 401 instead.
    #[serde(rename = "as")]
    #[param(rename = "as", value_type = Option<String>)]
    expected: Option<Nickname>,
}

impl FeedQuery {
    /// Refuses the feed when the caller is not who the client expects.
    fn check_viewer(&self, viewer: &Viewer) -> Result<(), ApiError> {
        match &self.expected {
            Some(expected) if expected.key() != viewer.name.key() => {
                Err(ChatError::NotSignedIn.into())
            }
            _ => Ok(()),
        }
    }
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

/// The caller's live feed: every event of every channel and DM they are
/// in, and their own notifications and read markers.
#[utoipa::path(
    get, path = "/v1/events", tag = "live", summary = "Follow everything",
    description = "A `text/event-stream`. Send `Last-Event-ID` (or `?after=`) with the last `id` received and the feed replays what was missed, then says `ready` and goes on live. The stream ends when the server shuts down (with `retry:` to reconnect soon) or when its credential is revoked.",
    params(FeedQuery, ("Last-Event-ID" = Option<String>, Header, description = "The last event id received; wins over `?after=`.")),
    responses(
        (status = 200, description = "The live feed.", content_type = "text/event-stream", item_schema = FeedEvent),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn all(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    credential: Option<Extension<Credential>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<impl IntoResponse, ApiError> {
    query.check_viewer(&viewer)?;
    let after = resume_point(&headers, query)?;
    let scope = state
        .chat
        .feed_scope(&viewer, None, Some(client.ip()))
        .await?;
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

/// One channel's live feed (for a channel the caller may read).
#[utoipa::path(
    get, path = "/v1/channels/{channel}/events", tag = "live", summary = "Follow one channel",
    description = "Like `GET /api/v1/events`, for one channel.",
    params(ChannelPath, FeedQuery, ("Last-Event-ID" = Option<String>, Header, description = "The last event id received; wins over `?after=`.")),
    responses(
        (status = 200, description = "The channel's live feed.", content_type = "text/event-stream", item_schema = FeedEvent),
        (status = 400, response = errors::BadRequest),
        (status = 401, response = errors::Unauthorized),
        (status = 404, response = errors::NotFound),
        (status = 429, response = errors::TooManyRequests),
    )
)]
pub async fn channel(
    State(state): State<AppState>,
    SignedIn(viewer): SignedIn,
    credential: Option<Extension<Credential>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    ApiPath(channel): ApiPath<String>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let channel = channel_from_path(&channel)?;
    query.check_viewer(&viewer)?;
    let after = resume_point(&headers, query)?;
    let scope = state
        .chat
        .feed_scope(&viewer, Some(&channel), Some(client.ip()))
        .await?;
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
