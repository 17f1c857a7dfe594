//! Server functions: what the UI asks of the server. Each is a thin adapter
//! over [`crate::backend::ChatBackend`]; the author of a message always comes
//! from the session, never from the form.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{ApiTokenInfo, ChannelName, Message, MessageId, NewApiToken, User},
    error::ChatError,
};

/// How many messages the page shows on first render.
pub const PAGE_SIZE: u32 = 50;

/// What the chat page needs to render for a signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSnapshot {
    pub me: User,
    /// A registered account rather than a guest.
    pub registered: bool,
    pub channel: ChannelName,
    /// The latest messages, oldest first.
    pub messages: Vec<Message>,
    /// The newest event id the page knows; its live stream starts after it,
    /// so nothing posted between render and connect is missed.
    pub last_event_id: Option<MessageId>,
}

#[cfg(feature = "ssr")]
mod context {
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
            let form_post = use_context::<http::request::Parts>().is_some_and(|parts| {
                parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|accept| accept.contains("text/html"))
            });
            if !form_post {
                if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                    response.set_status(error.status());
                    if let ChatError::RateLimited { retry_after_secs } = error {
                        response
                            .insert_header(http::header::RETRY_AFTER, (*retry_after_secs).into());
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

    /// Adds a `Set-Cookie` header to the response.
    pub fn set_cookie(cookie: &str) -> Result<(), ChatError> {
        let value = http::HeaderValue::from_str(cookie).map_err(|e| {
            leptos::logging::error!("cookie is not a valid header: {e}");
            ChatError::Internal
        })?;
        expect_context::<leptos_axum::ResponseOptions>()
            .append_header(http::header::SET_COOKIE, value);
        Ok(())
    }

    /// The signed-in person, as the server's session layer resolved it.
    pub fn viewer() -> Option<Viewer> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
    }
}

/// The chat as the signed-in person sees it, or `None` for a visitor who has
/// not joined yet.
#[server(prefix = "/rpc")]
pub async fn load_chat() -> Result<Option<ChatSnapshot>, ChatError> {
    context::with_status(
        async {
            let Some(viewer) = context::viewer() else {
                return Ok(None);
            };
            let channel = ChannelName::general();
            let messages = context::backend()?
                .history(&viewer, &channel, None, PAGE_SIZE)
                .await?;
            Ok(Some(ChatSnapshot {
                me: viewer.user(),
                registered: viewer.registered,
                channel,
                last_event_id: messages.last().map(|m| m.id),
                messages,
            }))
        }
        .await,
    )
}

/// Joins as a guest under `name` and sets the session cookie.
#[server(prefix = "/rpc")]
pub async fn join_as_guest(name: String) -> Result<User, ChatError> {
    use crate::domain::Nickname;
    context::with_status(
        async {
            let name = Nickname::parse(&name)?;
            let session = context::backend()?
                .join_as_guest(name, context::client_ip())
                .await?;
            context::set_cookie(&session.cookie)?;
            Ok(session.user)
        }
        .await,
    )
}

/// Posts `body` to #general as the signed-in person.
#[server(prefix = "/rpc")]
pub async fn send_message(body: String) -> Result<Message, ChatError> {
    use crate::domain::MessageBody;
    context::with_status(
        async {
            let viewer = context::viewer().ok_or(ChatError::NotSignedIn)?;
            let body = MessageBody::parse(&body)?;
            context::backend()?
                .post_message(&viewer, &ChannelName::general(), body)
                .await
        }
        .await,
    )
}

/// Creates an account (or turns this guest's name into one), signs it in,
/// and goes back to the chat.
#[server(prefix = "/rpc")]
pub async fn register(name: String, password: String) -> Result<User, ChatError> {
    use crate::domain::{Nickname, Password};
    context::with_status(
        async {
            let name = Nickname::parse(&name)?;
            let password = Password::parse(&password)?;
            let current = context::viewer();
            let session = context::backend()?
                .register(name, password, current.as_ref(), context::client_ip())
                .await?;
            context::set_cookie(&session.cookie)?;
            leptos_axum::redirect("/");
            Ok(session.user)
        }
        .await,
    )
}

/// Signs a registered account in and goes back to the chat.
#[server(prefix = "/rpc")]
pub async fn sign_in(name: String, password: String) -> Result<User, ChatError> {
    context::with_status(
        async {
            let session = context::backend()?
                .sign_in(&name, &password, context::client_ip())
                .await?;
            context::set_cookie(&session.cookie)?;
            leptos_axum::redirect("/");
            Ok(session.user)
        }
        .await,
    )
}

/// Ends this session and goes back to the front page.
#[server(prefix = "/rpc")]
pub async fn sign_out() -> Result<(), ChatError> {
    context::with_status(
        async {
            let backend = context::backend()?;
            if let Some(session) = context::current_session() {
                backend.sign_out(&session).await?;
            }
            context::set_cookie(&backend.expired_session_cookie())?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// Ends every session of the signed-in person, this one included.
#[server(prefix = "/rpc")]
pub async fn sign_out_everywhere() -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::viewer().ok_or(ChatError::NotSignedIn)?;
            let backend = context::backend()?;
            backend.sign_out_everywhere(&viewer).await?;
            context::set_cookie(&backend.expired_session_cookie())?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// What the settings page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsSnapshot {
    pub me: User,
    pub registered: bool,
    /// The person's API tokens (empty for guests), without their secrets.
    pub tokens: Vec<ApiTokenInfo>,
}

/// The settings of the signed-in person; `None` for a visitor.
#[server(prefix = "/rpc")]
pub async fn load_settings() -> Result<Option<SettingsSnapshot>, ChatError> {
    context::with_status(
        async {
            let Some(viewer) = context::viewer() else {
                return Ok(None);
            };
            let tokens = if viewer.registered {
                context::backend()?.api_tokens(&viewer).await?
            } else {
                Vec::new()
            };
            Ok(Some(SettingsSnapshot {
                me: viewer.user(),
                registered: viewer.registered,
                tokens,
            }))
        }
        .await,
    )
}

/// Creates a personal API token; its secret is in the answer and nowhere else.
#[server(prefix = "/rpc")]
pub async fn create_token(label: String) -> Result<NewApiToken, ChatError> {
    use crate::domain::TokenLabel;
    context::with_status(
        async {
            let viewer = context::viewer().ok_or(ChatError::NotSignedIn)?;
            let label = TokenLabel::parse(&label)?;
            context::backend()?.create_api_token(&viewer, label).await
        }
        .await,
    )
}

/// Revokes one of the signed-in person's API tokens.
#[server(prefix = "/rpc")]
pub async fn revoke_token(id: i64) -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::viewer().ok_or(ChatError::NotSignedIn)?;
            context::backend()?.revoke_api_token(&viewer, id).await
        }
        .await,
    )
}
