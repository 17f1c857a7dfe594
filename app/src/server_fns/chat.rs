//! Opening a channel, reading its history, and joining as a guest.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{ChannelListing, ChannelSummary, EventId, Message, User},
    error::ChatError,
};

#[cfg(feature = "ssr")]
use super::context;

/// How many messages a page of history holds.
pub const PAGE_SIZE: u32 = 50;

/// What the chat page needs to render for a signed-in person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSnapshot {
    pub me: User,
    /// A registered account rather than a guest.
    pub registered: bool,
    /// The open channel; `joined` is false for a public channel the person
    /// is previewing.
    pub channel: ChannelListing,
    /// The sidebar: the channels and DMs the person is in.
    pub channels: Vec<ChannelSummary>,
    /// The latest messages of the open channel, oldest first.
    pub messages: Vec<Message>,
    /// Whether older messages exist (scrolling up loads them).
    pub has_older: bool,
    /// The members of the open channel who are online now (presence
    /// events keep it current).
    pub online: Vec<crate::domain::Nickname>,
    /// The newest event id when the page was read; its live stream starts
    /// after it, so nothing posted between render and connect is missed.
    pub last_event_id: EventId,
}

/// The chat as the signed-in person sees it, open on `channel` (#general
/// when `None`), or `None` for a visitor who has not joined yet.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn load_chat(channel: Option<String>) -> Result<Option<ChatSnapshot>, ChatError> {
    use crate::domain::ChannelName;
    context::with_status(
        async {
            let Some(viewer) = context::viewer() else {
                return Ok(None);
            };
            let backend = context::backend()?;
            let name = match channel {
                Some(raw) => context::channel_name(&raw)?,
                None => ChannelName::general(),
            };
            // Read first: anything newer than this arrives on the stream,
            // and the page drops what it already shows.
            let last_event_id = backend.latest_event_id().await?;
            let channel = backend.channel(&viewer, &name).await?;
            let mut messages = backend.history(&viewer, &name, None, PAGE_SIZE + 1).await?;
            let has_older = messages.len() > PAGE_SIZE as usize;
            if has_older {
                messages.remove(0);
            }
            let channels = backend.channels(&viewer).await?;
            let online = backend.online_members(&viewer, &name).await?;
            Ok(Some(ChatSnapshot {
                online,
                me: viewer.user(),
                registered: viewer.registered,
                channel,
                channels,
                messages,
                has_older,
                last_event_id,
            }))
        }
        .await,
    )
}

/// The sidebar alone, and the newest event id when it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SidebarSnapshot {
    pub channels: Vec<ChannelSummary>,
    pub last_event_id: EventId,
}

/// The signed-in person's channels and DMs with their unread counts (what
/// the page reads again after joining or leaving elsewhere).
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn load_sidebar() -> Result<SidebarSnapshot, ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let backend = context::backend()?;
            let last_event_id = backend.latest_event_id().await?;
            let channels = backend.channels(&viewer).await?;
            Ok(SidebarSnapshot {
                channels,
                last_event_id,
            })
        }
        .await,
    )
}

/// The page of [`PAGE_SIZE`] messages before message `before` (oldest
/// first): what scrolling up loads.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn load_older(channel: String, before: i64) -> Result<Vec<Message>, ChatError> {
    use crate::domain::MessageId;
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            context::backend()?
                .history(&viewer, &channel, Some(MessageId(before)), PAGE_SIZE)
                .await
        }
        .await,
    )
}

/// Joins as a guest under `name` and sets the session cookie.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn join_as_guest(name: String) -> Result<User, ChatError> {
    use crate::domain::Nickname;
    context::with_status(
        async {
            let name = Nickname::parse(&name)?;
            let session = context::backend()?
                .join_as_guest(name, context::client_ip())
                .await?;
            context::hand_over(&session)?;
            Ok(session.user)
        }
        .await,
    )
}
