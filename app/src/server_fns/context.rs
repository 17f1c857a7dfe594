//! What server functions reach on the server: the backend, the person
//! asking, and the response being built.

use crate::{backend::SharedBackend, domain::Viewer, error::ChatError};
use leptos::prelude::*;

pub fn backend() -> Result<SharedBackend, ChatError> {
    use_context::<SharedBackend>().ok_or_else(|| {
        leptos::logging::error!("ChatBackend missing from the Leptos context");
        ChatError::Internal
    })
}

/// Gives a refused call its own HTTP status (422, 409, ...) rather than
/// the 500 server functions answer with by default. A plain form post
/// (no JavaScript) is left alone: it is answered with a redirect back to
/// the page, which shows the error.
pub fn with_status<T>(result: Result<T, ChatError>) -> Result<T, ChatError> {
    if let Err(error) = &result {
        if !is_form_post() {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(error.status());
                if let ChatError::RateLimited { retry_after_secs } = error {
                    response.insert_header(http::header::RETRY_AFTER, (*retry_after_secs).into());
                }
            }
        }
    }
    result
}

/// The address the request came from (the TCP peer).
pub fn client_ip() -> Option<std::net::IpAddr> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip())
    })
}

/// The session this request was made with, if it was one.
pub fn current_session() -> Option<crate::backend::CurrentSession> {
    use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<crate::backend::CurrentSession>()
            .cloned()
    })
}

/// Whether this response's cookies are `Secure`, as the server's layer
/// found. Without its word (which would be a bug), `Secure`: a cookie the
/// browser refuses over plain HTTP is noticed at once, one it sends in
/// the clear is not.
pub fn secure_cookies() -> crate::backend::SecureCookies {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::backend::SecureCookies>()
                .copied()
        })
        .unwrap_or(crate::backend::SecureCookies(true))
}

/// The session this request was made with; [`ChatError::SessionRequired`]
/// when it was made with a personal API token.
pub fn in_session() -> Result<crate::backend::CurrentSession, ChatError> {
    current_session().ok_or(ChatError::SessionRequired)
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(cookie: &str) -> Result<(), ChatError> {
    let value = http::HeaderValue::from_str(cookie).map_err(|e| {
        leptos::logging::error!("cookie is not a valid header: {e}");
        ChatError::Internal
    })?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, value);
    Ok(())
}

/// Whether this call is a plain HTML form post (no JavaScript), which is
/// answered with a redirect back to the page rather than with data.
pub fn is_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// The value of the request's cookie `name`.
pub fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Hands a new session to the browser and sends it to the chat.
pub fn enter_chat(session: crate::backend::NewSession) -> Result<crate::domain::User, ChatError> {
    hand_over(&session)?;
    leptos_axum::redirect("/");
    Ok(session.user)
}

/// Sets the cookie that carries a new session to the browser.
pub fn hand_over(session: &crate::backend::NewSession) -> Result<(), ChatError> {
    set_cookie(&backend()?.session_cookie(&session.token, secure_cookies()))
}

/// A channel named by the client; a name that cannot exist is simply not
/// found.
pub fn channel_name(raw: &str) -> Result<crate::domain::ChannelName, ChatError> {
    crate::domain::ChannelName::parse(raw.trim().trim_start_matches('#'))
        .map_err(|_| ChatError::ChannelNotFound)
}

/// The signed-in person, or [`ChatError::NotSignedIn`].
pub fn signed_in() -> Result<Viewer, ChatError> {
    viewer().ok_or(ChatError::NotSignedIn)
}

/// The signed-in person, as the server's session layer resolved it.
pub fn viewer() -> Option<Viewer> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
}
