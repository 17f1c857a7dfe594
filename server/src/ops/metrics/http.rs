//! `papo_http_requests_total{method,route,status}` and
//! `papo_http_request_duration_seconds{method,route}`, recorded by a
//! middleware around every route. The route is its template
//! (`/api/v1/channels/{channel}/messages`), never the path itself, so
//! that the number of series stays bounded whatever clients ask for; a
//! live feed's duration is until its response starts.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request},
    http::Method,
    middleware::Next,
    response::Response,
};

const HTTP_REQUESTS: &str = "papo_http_requests_total";
const HTTP_DURATION: &str = "papo_http_request_duration_seconds";

pub(super) fn describe() {
    ::metrics::describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests answered, by route and status."
    );
    ::metrics::describe_histogram!(
        HTTP_DURATION,
        ::metrics::Unit::Seconds,
        "Time until an HTTP response starts, by route."
    );
}

pub async fn track(request: Request, next: Next) -> Response {
    // Set by the router before this layer runs (it wraps each route).
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    ::metrics::counter!(HTTP_REQUESTS, "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    ::metrics::histogram!(HTTP_DURATION, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// The standard methods by name; anything else as `other`, to bound the
/// number of series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}
