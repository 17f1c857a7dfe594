//! CSRF defence: a state-changing request that relies on the session cookie
//! must come from papo's own pages.
//!
//! Browsers say where a request comes from: `Sec-Fetch-Site` (modern
//! browsers) and `Origin` (on every cross-origin POST). A request that
//! says it is cross-site, or whose `Origin` is not this host, is refused
//! with 403 — unless a Bearer token signed it in, which a browser never
//! adds on its own. Whether one did is what [`crate::http::identify`] found: this
//! check runs after it. A Bearer header that signs nobody in is no reason
//! to skip it (and the cookie is then not read either). Clients that send
//! neither `Sec-Fetch-Site` nor `Origin` (curl, bots) are not browsers and
//! cannot be forged by one.

use axum::{
    extract::Request,
    http::{header, HeaderMap, Method},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{chat::session::Carrier, http::api::error::ApiError};

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let by_bearer = request.extensions().get::<Carrier>() == Some(&Carrier::Bearer);
    if changes_state(request.method()) && !by_bearer && is_cross_site(request.headers()) {
        tracing::warn!(uri = %request.uri(), "refused a cross-site request");
        return ApiError::CrossSite.into_response();
    }
    next.run(request).await
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        if site != "same-origin" && site != "none" {
            return true;
        }
    }
    match (text(header::ORIGIN.as_str()), text(header::HOST.as_str())) {
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            origin_host != Some(host)
        }
        // An opaque origin ("null") or one without a Host to compare with.
        (Some(_), None) => true,
        (None, _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
            .collect()
    }

    #[test]
    fn our_own_pages_pass() {
        let ours = headers(&[
            ("host", "chat.example:3000"),
            ("origin", "http://chat.example:3000"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(!is_cross_site(&ours));
    }

    #[test]
    fn clients_that_are_not_browsers_pass() {
        assert!(!is_cross_site(&headers(&[("host", "chat.example")])));
    }

    #[test]
    fn another_site_is_refused() {
        assert!(is_cross_site(&headers(&[
            ("host", "chat.example"),
            ("origin", "https://evil.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "chat.example"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "chat.example"),
            ("sec-fetch-site", "same-site")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "chat.example"),
            ("origin", "null")
        ])));
    }

    #[test]
    fn reading_is_never_refused() {
        assert!(!changes_state(&Method::GET));
        assert!(changes_state(&Method::POST));
        assert!(changes_state(&Method::DELETE));
    }
}
