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
//! Only the transport is different. [`FirstRequest::read`] recognizes a
//! connection whose first bytes are a complete `GET` of a feed path (see
//! [`is_feed_path`]); [`serve`] hands that request to the same router as
//! every other request (authentication, CSRF checks, request ids, logs), then
//! writes the response itself, ends it by closing the connection
//! (`connection: close`), and watches the socket so that a client that
//! hangs up ends its feed at once. Anything else (a partial head, another
//! path, a body, an upgrade, HTTP/2) goes to hyper untouched: reading it
//! here only peeked.

use std::{net::SocketAddr, time::Duration, time::SystemTime};

use axum::{
    body::{Body, HttpBody},
    extract::ConnectInfo,
    http::{header, response::Parts, Method, Request, Version},
    Router,
};
use futures::StreamExt;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// The longest first request read here; a longer head (a huge cookie) goes
/// to hyper, which has its own limits.
const MAX_HEAD: usize = 8 * 1024;

/// The most header lines read here; more go to hyper.
const MAX_HEADERS: usize = 48;

/// A client that connects and sends nothing for this long is dropped (its
/// socket would otherwise be held forever).
const FIRST_BYTES_TIMEOUT: Duration = Duration::from_secs(30);

/// What a new connection asks for first.
pub enum FirstRequest {
    /// A feed request, read off the socket. Boxed: an idle feed's task
    /// should not keep room for it.
    Feed(Box<Request<Body>>),
    /// Anything else: for hyper. Nothing was read off the socket.
    Other,
    /// Nothing within [`FIRST_BYTES_TIMEOUT`], a closed connection, or the
    /// server is shutting down.
    Nothing,
}

impl FirstRequest {
    /// Peeks at the connection's first bytes; consumes them only for a feed.
    pub async fn read(stream: &mut TcpStream, shutdown: &CancellationToken) -> FirstRequest {
        // On the heap, and freed before the feed starts: an idle feed keeps
        // nothing of its request head.
        let mut head = vec![0; MAX_HEAD];
        let peeked = tokio::select! {
            _ = shutdown.cancelled() => return FirstRequest::Nothing,
            peeked = tokio::time::timeout(FIRST_BYTES_TIMEOUT, stream.peek(&mut head)) => peeked,
        };
        let length = match peeked {
            Ok(Ok(length)) if length > 0 => length,
            _ => return FirstRequest::Nothing,
        };
        let Some((request, head_length)) = feed_request(&head[..length]) else {
            return FirstRequest::Other;
        };
        match stream.read_exact(&mut head[..head_length]).await {
            Ok(_) => FirstRequest::Feed(Box::new(request)),
            Err(_) => FirstRequest::Nothing,
        }
    }
}

/// The request, and the length of its head, if `bytes` begin with a whole
/// `GET` of a feed path without a body or an upgrade.
fn feed_request(bytes: &[u8]) -> Option<(Request<Body>, usize)> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(head_length) = parsed.parse(bytes).ok()? else {
        return None;
    };
    let path = parsed.path?;
    if parsed.method != Some("GET") || !is_feed_path(path) {
        return None;
    }
    let version = match parsed.version? {
        0 => Version::HTTP_10,
        _ => Version::HTTP_11,
    };
    let mut request = Request::builder()
        .method(Method::GET)
        .uri(path)
        .version(version);
    for line in parsed.headers.iter() {
        let name = line.name;
        let has_body_or_upgrade = name.eq_ignore_ascii_case("content-length")
            || name.eq_ignore_ascii_case("transfer-encoding")
            || name.eq_ignore_ascii_case("upgrade");
        if has_body_or_upgrade {
            return None;
        }
        request = request.header(name, line.value);
    }
    // A malformed header name or value fails here: hyper answers it.
    let request = request.body(Body::empty()).ok()?;
    Some((request, head_length))
}

/// `/api/v1/events` and `/api/v1/channels/{channel}/events`, with any query.
fn is_feed_path(path_and_query: &str) -> bool {
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
) {
    // Events are written as soon as they are ready, not gathered by Nagle.
    let _ = stream.set_nodelay(true);
    request.extensions_mut().insert(ConnectInfo(peer));
    // Boxed: the router's future is large and only needed until the
    // response head; the idle feed should not carry its space.
    let Ok(response) = Box::pin(router.oneshot(*request)).await;
    let (parts, body) = response.into_parts();
    let head = response_head(&parts, body.size_hint().exact());
    if stream.write_all(&head).await.is_err() {
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
                    if to_client.write_all(&bytes).await.is_err() {
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
    let _ = to_client.shutdown().await;
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
        let document = serde_json::to_value(crate::api::openapi::document()).unwrap();
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
    fn a_whole_feed_get_is_recognized_with_its_headers() {
        let bytes =
            b"GET /api/v1/events?after=3 HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 7\r\n\r\nextra";
        let (request, length) = feed_request(bytes).expect("a feed request");
        assert_eq!(length, bytes.len() - "extra".len());
        assert_eq!(request.uri(), "/api/v1/events?after=3");
        assert_eq!(request.headers()["last-event-id"], "7");
        assert_eq!(request.version(), Version::HTTP_11);
    }

    #[test]
    fn everything_else_goes_to_hyper() {
        let others: [&[u8]; 6] = [
            b"GET /api/v1/events HTTP/1.1\r\nHost: x\r\n",
            b"POST /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /channels/general HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /api/v1/events HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
            b"GET /api/v1/events HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        ];
        for bytes in others {
            assert!(
                feed_request(bytes).is_none(),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
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
