//! Bare axum on the same HTTP stack as papo, without papo: what the
//! stack itself gives, for two rows of `make bench`.
//!
//! - The floor of scenario 3 (row 3f): `/sse` holds a connection open
//!   (one `ready` event, then heartbeats), so that its memory per
//!   connection can be measured the same way as papo's.
//! - The ceiling of scenario 1 (row 1c): just enough of papo's API for the
//!   load generator (`/api/v1/...`: sign-in, channels, posts and the
//!   multiplexed feed) with nothing behind it. Every name is accepted,
//!   every token works, and a post is not stored: its frame is rendered
//!   once and sent to every open feed through one tokio broadcast channel.
//!   papo's fan-out, measured against this, shows what its storage,
//!   sign-in and commit policy cost.
//!
//! Usage: `bare-sse 127.0.0.1:PORT`; answers `/healthz`, `/sse` and the
//! API above.

use std::{
    convert::Infallible,
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc,
    },
};

use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{header, StatusCode},
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
    routing::{get, post},
    Json, Router,
};
use futures::{stream, Stream, StreamExt};
use serde_json::{json, Value};
use tokio::sync::broadcast;

/// Frames buffered for a feed that falls behind: more than a scenario
/// posts, so that no reader of the ceiling ever misses one.
const BACKLOG: usize = 8192;

fn ready_then_quiet() -> impl Stream<Item = Result<Event, Infallible>> {
    stream::once(async { Ok(Event::default().event("ready").data("{}")) }).chain(stream::pending())
}

/// The ceiling's whole state: the next message id and the open feeds.
#[derive(Clone)]
struct Ceiling {
    next_id: Arc<AtomicI64>,
    feeds: broadcast::Sender<Bytes>,
}

/// Any sign-in works, with the same token.
async fn signed_in() -> impl IntoResponse {
    (StatusCode::CREATED, Json(json!({ "token": "ceiling" })))
}

/// A message as papo answers it, sent to every feed as one shared frame.
async fn post_message(
    State(ceiling): State<Ceiling>,
    Path(channel): Path<String>,
    Json(posted): Json<Value>,
) -> impl IntoResponse {
    let id = ceiling.next_id.fetch_add(1, Ordering::Relaxed);
    let message = json!({
        "id": id,
        "channel": channel,
        "author": "ceiling",
        "body": posted["body"],
        "created_at": chrono::Utc::now().to_rfc3339(),
    });
    let frame = format!("id: {id}\nevent: message\ndata: {message}\n\n");
    let _ = ceiling.feeds.send(Bytes::from(frame));
    (StatusCode::CREATED, Json(message))
}

/// `ready`, then every frame posted from now on.
async fn feed(State(ceiling): State<Ceiling>) -> Response {
    let ready = Bytes::from_static(b"event: ready\ndata: {}\n\n");
    let live = stream::unfold(ceiling.feeds.subscribe(), |mut feeds| async move {
        loop {
            match feeds.recv().await {
                Ok(frame) => return Some((Ok::<_, Infallible>(frame), feeds)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let frames = stream::once(async { Ok(ready) }).chain(live);
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        Body::from_stream(frames),
    )
        .into_response()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let address = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: bare-sse 127.0.0.1:PORT"))?;
    let ceiling = Ceiling {
        next_id: Arc::new(AtomicI64::new(1)),
        feeds: broadcast::channel(BACKLOG).0,
    };
    let api = Router::new()
        .route("/session", post(signed_in))
        .route("/users", post(signed_in))
        .route("/channels", post(|| async { StatusCode::CREATED }))
        .route(
            "/channels/{channel}/join",
            post(|| async { StatusCode::NO_CONTENT }),
        )
        .route("/channels/{channel}/messages", post(post_message))
        .route("/events", get(feed))
        .with_state(ceiling);
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/sse",
            get(|| async { Sse::new(ready_then_quiet()).keep_alive(KeepAlive::default()) }),
        )
        .nest("/api/v1", api);
    let listener = tokio::net::TcpListener::bind(address).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
