//! Request ids: every request gets an `x-request-id` (a proxy's or a
//! client's is kept when it is a short safe id, see [`is_safe`]). It is on
//! every log line of the request (the trace span), in the response
//! headers, and in the body of a 5xx JSON error, so that a person who hits
//! an internal error can quote it and an operator can find the logged
//! cause, while the response itself reveals nothing internal.

use axum::{
    body::{to_bytes, Body},
    extract::{MatchedPath, Request},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use serde_json::Value;
use tracing::Span;

pub const HEADER: &str = "x-request-id";

/// The longest request id papo keeps: a UUID is 36 characters, and the
/// ids of common proxies and tracers are shorter than this.
const MAX_LEN: usize = 64;

/// Whether a client's request id may be kept: 1 to [`MAX_LEN`] of
/// `A-Z a-z 0-9 . _ -`. Anything else could write into the logs what the
/// client likes (`abc user=admin`, a line that pretends to be another
/// request's) or fill them, so it is replaced by one papo makes.
fn is_safe(id: &[u8]) -> bool {
    (1..=MAX_LEN).contains(&id.len())
        && id
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Removes the request's `x-request-id` unless it is exactly one safe id,
/// so that the layer after this one (`SetRequestIdLayer`) makes a new one.
pub async fn drop_unsafe(mut request: Request, next: Next) -> Response {
    let mut given = request.headers().get_all(HEADER).iter();
    let keep = match (given.next(), given.next()) {
        (Some(id), None) => is_safe(id.as_bytes()),
        _ => false,
    };
    if !keep {
        request.headers_mut().remove(HEADER);
    }
    next.run(request).await
}

/// The span each request's log lines belong to.
pub fn span_for(request: &Request) -> Span {
    let id = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // Set by the router before this layer runs (it wraps each route).
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("-", MatchedPath::as_str);
    tracing::info_span!(
        "request",
        method = %request.method(),
        route,
        uri = %request.uri().path(),
        request_id = %id,
        // Recorded once the request's credential is known (`identify`).
        user = tracing::field::Empty,
    )
}

/// Adds `"request_id"` to the `error` object of 5xx JSON responses.
pub async fn name_in_server_errors(request: Request, next: Next) -> Response {
    let id = request.headers().get(HEADER).cloned();
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    match id {
        Some(id) if response.status().is_server_error() && is_json => {
            with_request_id(response, id).await
        }
        _ => response,
    }
}

async fn with_request_id(response: Response, id: HeaderValue) -> Response {
    let (mut parts, body) = response.into_parts();
    // Error bodies are a few hundred bytes; anything else is passed through.
    let Ok(bytes) = to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut json: Value = match serde_json::from_slice(&bytes) {
        Ok(json) => json,
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    if let (Some(error), Ok(id)) = (
        json.get_mut("error").and_then(Value::as_object_mut),
        id.to_str(),
    ) {
        error.insert("request_id".to_owned(), Value::String(id.to_owned()));
    }
    let body = serde_json::to_vec(&json).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::is_safe;

    #[test]
    fn short_plain_ids_are_kept() {
        for id in ["a", "0b1f2c3d-4e5f-6789-abcd-ef0123456789", "req_1.2-x"] {
            assert!(is_safe(id.as_bytes()), "{id}");
        }
        assert!(is_safe("x".repeat(64).as_bytes()));
    }

    #[test]
    fn anything_else_is_replaced() {
        for id in [
            "",
            "a b",
            "abc user=admin",
            "a\nb",
            "\u{1b}[31m",
            "é",
            "a/b",
        ] {
            assert!(!is_safe(id.as_bytes()), "{id:?}");
        }
        assert!(!is_safe("x".repeat(65).as_bytes()));
    }
}
