//! Reading a connection's first request head, within a deadline, to see
//! whether it is a live feed (served by [`super::lean_feed`]) or anything
//! else (served by hyper, which reads it again from the bytes kept here).
//!
//! The deadline covers the whole head, not its first byte: a client that
//! sends one byte and then nothing, or a head a byte at a time, is dropped
//! when it runs out (`PAPO_HEADER_TIMEOUT_SECS`). Otherwise each such
//! socket would be held forever, and a thousand of them would use up the
//! process's files.

use std::time::Duration;

use axum::{
    body::Body,
    http::{Method, Request, Version},
};
use tokio::{io::AsyncReadExt, net::TcpStream};
use tokio_util::sync::CancellationToken;

use super::lean_feed::is_feed_path;

/// The longest first request head read here; a longer one (a huge cookie)
/// goes to hyper, which has its own limits and deadline.
const MAX_HEAD: usize = 8 * 1024;

/// Room for a typical head (a browser's is 0.5–2 KiB), grown up to
/// [`MAX_HEAD`] only for longer ones: a connection that has sent little
/// holds little.
const FIRST_READ: usize = 2 * 1024;

/// The most header lines read here; more go to hyper.
const MAX_HEADERS: usize = 48;

/// What a new connection asks for first.
pub enum FirstRequest {
    /// A feed request, read off the socket. Boxed: an idle feed's task
    /// should not keep room for it.
    Feed(Box<Request<Body>>),
    /// Anything else, for hyper, with the bytes read so far: a whole head
    /// (and perhaps the start of a body), or one that is not HTTP/1 or is
    /// too long to read here.
    Other(Vec<u8>),
    /// No whole head within the deadline, a closed connection, or the
    /// server is shutting down.
    Nothing,
}

impl FirstRequest {
    pub async fn read(
        stream: &mut TcpStream,
        deadline: Duration,
        shutdown: &CancellationToken,
    ) -> FirstRequest {
        tokio::select! {
            _ = shutdown.cancelled() => FirstRequest::Nothing,
            read = tokio::time::timeout(deadline, read_head(stream)) => {
                read.unwrap_or(FirstRequest::Nothing)
            }
        }
    }
}

async fn read_head(stream: &mut TcpStream) -> FirstRequest {
    let mut head = Vec::with_capacity(FIRST_READ);
    loop {
        if head.len() == head.capacity() {
            head.reserve_exact(MAX_HEAD - head.len());
        }
        match stream.read_buf(&mut head).await {
            Ok(0) | Err(_) => return FirstRequest::Nothing,
            Ok(_) => {}
        }
        match parse(&head) {
            Parsed::Partial if head.len() < MAX_HEAD => continue,
            Parsed::Feed(request) => return FirstRequest::Feed(request),
            Parsed::Partial | Parsed::Other => return FirstRequest::Other(head),
        }
    }
}

enum Parsed {
    /// The head is not whole yet.
    Partial,
    /// A whole `GET` of a feed path without a body or an upgrade.
    Feed(Box<Request<Body>>),
    /// A whole head of anything else, or bytes that are not an HTTP/1
    /// head (HTTP/2's preface, garbage): hyper answers them.
    Other,
}

fn parse(bytes: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(bytes) {
        Ok(httparse::Status::Partial) => Parsed::Partial,
        Ok(httparse::Status::Complete(_)) => {
            feed_request(&parsed).map_or(Parsed::Other, |request| Parsed::Feed(Box::new(request)))
        }
        Err(_) => Parsed::Other,
    }
}

/// The request, if `parsed` is a `GET` of a feed path without a body or an
/// upgrade.
fn feed_request(parsed: &httparse::Request<'_, '_>) -> Option<Request<Body>> {
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
    request.body(Body::empty()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_feed_get_is_recognized_with_its_headers() {
        let bytes =
            b"GET /api/v1/events?after=3 HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 7\r\n\r\nextra";
        let Parsed::Feed(request) = parse(bytes) else {
            panic!("a feed request");
        };
        assert_eq!(request.uri(), "/api/v1/events?after=3");
        assert_eq!(request.headers()["last-event-id"], "7");
        assert_eq!(request.version(), Version::HTTP_11);
    }

    #[test]
    fn a_head_that_is_not_whole_is_read_on() {
        for partial in [
            &b"G"[..],
            b"GET /api/v1/events HTTP/1.1\r\nHost: x\r\n",
            b"POST /api/v1/channels HTTP/1.1\r\nHost",
        ] {
            assert!(
                matches!(parse(partial), Parsed::Partial),
                "{:?}",
                String::from_utf8_lossy(partial)
            );
        }
    }

    #[test]
    fn everything_else_goes_to_hyper() {
        let others: [&[u8]; 5] = [
            b"POST /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /channels/general HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /api/v1/events HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
            b"GET /api/v1/events HTTP/1.1\r\nUpgrade: websocket\r\n\r\n",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        ];
        for bytes in others {
            assert!(
                matches!(parse(bytes), Parsed::Other),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
