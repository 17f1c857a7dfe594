//! `GET /api/v1/admin/stats`: the live server stats, for admins only; 404
//! for everyone else, signed in or not, as for anything people may not see.
//!
//! A `text/event-stream` of `stats` events, one sample (JSON) each: first
//! the last minute's, oldest first, then one a second as they are taken
//! (see [`crate::ops::stats`]). Samples carry their time (`at`); a client that
//! reconnects gets the last minute again and skips what it has. The stream
//! ends on shutdown, and when the credential it was opened with is revoked.

use axum::{extract::State, response::IntoResponse, Extension};
use bytes::Bytes;
use domain::{ChatError, StatsSample, Viewer};
use futures::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::{
    error::ApiError,
    openapi::{errors, stream::StatsEvent},
};
use crate::{
    http::sse::{self, FeedItem},
    http::state::AppState,
    live::revocation::Credential,
};

#[utoipa::path(
    get, path = "/v1/admin/stats", tag = "operations", summary = "Follow the server's stats",
    description = "For admins (the first registered account, or `PAPO_ADMINS`): a `text/event-stream` of `stats` events, the last minute's first, then one a second. Everyone else gets 404.",
    responses(
        (status = 200, description = "One sample a second.", content_type = "text/event-stream", item_schema = StatsEvent),
        (status = 404, response = errors::NotFound),
    )
)]
pub async fn stats(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    credential: Option<Extension<Credential>>,
) -> Result<impl IntoResponse, ApiError> {
    let Some(Extension(viewer)) = viewer else {
        return Err(ChatError::NotFound.into());
    };
    state.chat.admin_only(&viewer).await?;
    let credential = credential.map(|Extension(c)| c);
    Ok(sse::event_stream(samples(state, credential)))
}

fn frame(sample: &StatsSample) -> Bytes {
    let data = serde_json::to_string(sample).unwrap_or_default();
    Bytes::from(format!("event: {}\ndata: {data}\n\n", StatsSample::EVENT))
}

fn samples(state: AppState, credential: Option<Credential>) -> impl Stream<Item = Bytes> {
    let chat = state.chat.clone();
    let shutdown = state.shutdown.clone();
    let mut revocations = state.hub.subscribe_revocations();
    let (recent, mut next) = state.stats.follow();
    async_stream::stream! {
        let mut last = i64::MIN;
        for sample in &recent {
            last = sample.at;
            yield frame(sample);
        }
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => {
                    yield FeedItem::Closing.frame();
                    return;
                }
                revoked = revocations.recv() => {
                    if sse::ends(&chat, revoked, credential.as_ref()).await {
                        return;
                    }
                }
                sample = next.recv() => match sample {
                    Ok(sample) if sample.at > last => {
                        last = sample.at;
                        yield frame(&sample);
                    }
                    // Already sent, or missed: the next one comes in a second.
                    Ok(_) | Err(RecvError::Lagged(_)) => {}
                    Err(RecvError::Closed) => return,
                }
            }
        }
    }
}
