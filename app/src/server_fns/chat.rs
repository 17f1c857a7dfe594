//! Reading and writing #general.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{ChannelName, Message, MessageId, User},
    error::ChatError,
};

#[cfg(feature = "ssr")]
use super::context;

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
            let viewer = context::signed_in()?;
            let body = MessageBody::parse(&body)?;
            context::backend()?
                .post_message(&viewer, &ChannelName::general(), body)
                .await
        }
        .await,
    )
}
