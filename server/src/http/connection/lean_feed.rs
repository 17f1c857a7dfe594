//! Live feeds served over plain HTTP/1.1 without hyper, to keep an idle
//! feed small in memory.
//!
//! Why not hyper: an open tab holds one feed, so idle feeds are most of
//! papo's connections, and hyper 1.x keeps an 8 KiB read buffer and an
//! 8 KiB response-head buffer for a connection's whole life (neither can be
//! set below 8 KiB). A bare axum SSE server measured 19.2 KiB resident per
//! idle connection (`make bench`, row 3f); papo's target is 12 KiB. A feed
//! needs neither buffer: after its one request it only writes.
//!
//! Only the transport is different. [`super::first_request`] recognizes a
//! connection whose first request head is a `GET` of a feed path (see
//! [`is_feed_path`]); [`serve`] hands that request to the same router as
//! every other request (authentication, CSRF checks, request ids, logs), then
//! writes the response itself, ends it by closing the connection
//! (`connection: close`), and watches the socket so that a client that
//! hangs up ends its feed at once. A client that stops reading is dropped
//! when a write has waited `write_timeout` (`PAPO_WRITE_TIMEOUT_SECS`):
//! otherwise its feed would wait forever, holding what it was writing.
//! Anything else (another path, a body, an upgrade, HTTP/2) goes to hyper
//! with the bytes read so far.

use std::{future::Future, net::SocketAddr, time::Duration, time::SystemTime};

use axum::{
    body::{Body, HttpBody},
    extract::ConnectInfo,
    http::{header, response::Parts, Request},
    Router,
};
use futures::StreamExt;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};
use tower::ServiceExt;

/// The send buffer a feed's socket asks for (Linux doubles it, for its
/// bookkeeping): two of the largest writes in flight, so that a reading
/// client is never kept waiting for the next, at 10 ms a round trip
/// (128 KiB every 10 ms is over 12 MB/s, far beyond a chat's rate).
const SEND_BUFFER: usize = 128 * 1024;

/// `/api/v1/events` and `/api/v1/channels/{channel}/events`, with any query.
pub(super) fn is_feed_path(path_and_query: &str) -> bool {
    let path = path_and_query
        .split_once('?')
        .map_or(path_and_query, |(path, _)| path);
    if path == "/api/v1/events" {
        return true;
    }
    path.strip_prefix("/api/v1/channels/")
        .and_then(|rest| rest.strip_suffix("/events"))
        .is_some_and(|channel| !channel.is_empty() && !channel.contains('/'))
}

/// Answers a feed request through `router` and streams the answer until
/// the feed ends or the client hangs up.
pub async fn serve(
    mut stream: TcpStream,
    peer: SocketAddr,
    mut request: Box<Request<Body>>,
    router: Router,
    write_timeout: Duration,
) {
    // Without a fixed size, Linux grows a socket's send buffer to 4 MiB:
    // a client that stops reading would have the kernel hold 4 MiB of its
    // feed (which papo's memory figures never show) and be written every
    // event, as if it read them, until that filled. A feed needs little:
    // its writes are at most a 64 KiB chunk of ready frames.
    let _ = socket2::SockRef::from(&stream).set_send_buffer_size(SEND_BUFFER);
    request.extensions_mut().insert(ConnectInfo(peer));
    // Boxed: the router's future is large and only needed until the
    // response head; the idle feed should not carry its space.
    let Ok(response) = Box::pin(router.oneshot(*request)).await;
    let (parts, body) = response.into_parts();
    let head = response_head(&parts, body.size_hint().exact());
    if !in_time(write_timeout, stream.write_all(&head)).await {
        return;
    }
    drop(head);
    let (mut from_client, mut to_client) = stream.split();
    let mut chunks = body.into_data_stream();
    // Whatever the client sends after its request is read and ignored: its
    // only meaning here is the end of the stream, a hang-up.
    let mut ignored = [0_u8; 64];
    loop {
        tokio::select! {
            chunk = chunks.next() => match chunk {
                Some(Ok(bytes)) => {
                    if !in_time(write_timeout, to_client.write_all(&bytes)).await {
                        return;
                    }
                }
                Some(Err(_)) | None => break,
            },
            read = from_client.read(&mut ignored) => match read {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            },
        }
    }
    let _ = tokio::time::timeout(write_timeout, to_client.shutdown()).await;
}

/// Whether `write` succeeded within `limit`.
async fn in_time(limit: Duration, write: impl Future<Output = std::io::Result<()>>) -> bool {
    matches!(tokio::time::timeout(limit, write).await, Ok(Ok(())))
}

/// The status line and headers as hyper would write them, with the body
/// delimited by its length when known and by closing the connection
/// otherwise.
fn response_head(parts: &Parts, body_length: Option<u64>) -> Vec<u8> {
    let mut head = Vec::with_capacity(512);
    head.extend_from_slice(b"HTTP/1.1 ");
    head.extend_from_slice(parts.status.as_str().as_bytes());
    head.push(b' ');
    head.extend_from_slice(
        parts
            .status
            .canonical_reason()
            .unwrap_or_default()
            .as_bytes(),
    );
    head.extend_from_slice(b"\r\n");
    for (name, value) in &parts.headers {
        let framing = name == header::CONNECTION
            || name == header::CONTENT_LENGTH
            || name == header::TRANSFER_ENCODING;
        if !framing {
            push_header(&mut head, name.as_str(), value.as_bytes());
        }
    }
    if let Some(length) = body_length {
        push_header(&mut head, "content-length", length.to_string().as_bytes());
    }
    if !parts.headers.contains_key(header::DATE) {
        let now = httpdate::fmt_http_date(SystemTime::now());
        push_header(&mut head, "date", now.as_bytes());
    }
    push_header(&mut head, "connection", b"close");
    head.extend_from_slice(b"\r\n");
    head
}

fn push_header(head: &mut Vec<u8>, name: &str, value: &[u8]) {
    head.extend_from_slice(name.as_bytes());
    head.extend_from_slice(b": ");
    head.extend_from_slice(value);
    head.extend_from_slice(b"\r\n");
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderValue, Response, StatusCode};

    use super::*;

    /// The feeds of the API's document (its operations answering with
    /// `FeedEvent`s) are the paths served here, and no other path is.
    #[test]
    fn feed_paths_are_the_documents_feeds() {
        let document = serde_json::to_value(crate::http::api::openapi::document()).unwrap();
        for (path, item) in document["paths"].as_object().unwrap() {
            let example = path.replace("{channel}", "general").replace(['{', '}'], "");
            let answer = &item["get"]["responses"]["200"]["content"]["text/event-stream"];
            let feed = answer["itemSchema"]["$ref"] == "#/components/schemas/FeedEvent";
            assert_eq!(is_feed_path(&example), feed, "{path}");
        }
    }

    #[test]
    fn feed_paths_are_the_two_event_streams() {
        assert!(is_feed_path("/api/v1/events"));
        assert!(is_feed_path("/api/v1/events?after=42"));
        assert!(is_feed_path("/api/v1/channels/general/events"));
        assert!(is_feed_path("/api/v1/channels/general/events?after=1"));
        assert!(!is_feed_path("/api/v1/channels//events"));
        assert!(!is_feed_path("/api/v1/channels/a/b/events"));
        assert!(!is_feed_path("/api/v1/channels/general/messages"));
        assert!(!is_feed_path("/api/v1/events/"));
        assert!(!is_feed_path("/"));
    }

    #[test]
    fn the_head_delimits_a_known_length_and_closes_otherwise() {
        let mut response = Response::new(());
        *response.status_mut() = StatusCode::UNAUTHORIZED;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from_static("999"));
        let (parts, ()) = response.into_parts();

        let known = String::from_utf8(response_head(&parts, Some(12))).unwrap();
        assert!(known.starts_with("HTTP/1.1 401 Unauthorized\r\n"));
        assert!(known.contains("content-type: application/json\r\n"));
        assert!(known.contains("content-length: 12\r\n"));
        assert!(!known.contains("999"));
        assert!(known.contains("\r\ndate: "));
        assert!(known.ends_with("connection: close\r\n\r\n"));

        let streamed = String::from_utf8(response_head(&parts, None)).unwrap();
        assert!(!streamed.contains("content-length"));
        assert!(streamed.ends_with("connection: close\r\n\r\n"));
    }
}
