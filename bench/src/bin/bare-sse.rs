//! The floor of scenario 3: the smallest axum server that holds SSE
//! connections open (one `ready` event, then heartbeats), on the same
//! HTTP stack as papo. `make bench` measures its memory per connection
//! the same way as papo's, to show what the stack itself costs.
//!
//! Usage: `bare-sse 127.0.0.1:PORT`; answers `/healthz` and `/sse`.

use std::convert::Infallible;

use axum::{
    response::sse::{Event, KeepAlive, Sse},
    routing::get,
    Router,
};
use futures::{stream, Stream, StreamExt};

fn ready_then_quiet() -> impl Stream<Item = Result<Event, Infallible>> {
    stream::once(async { Ok(Event::default().event("ready").data("{}")) }).chain(stream::pending())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let address = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: bare-sse 127.0.0.1:PORT"))?;
    let app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/sse",
            get(|| async { Sse::new(ready_then_quiet()).keep_alive(KeepAlive::default()) }),
        );
    let listener = tokio::net::TcpListener::bind(address).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
