//! Creating, browsing, joining and leaving channels, their members, and
//! direct messages.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    domain::{ChannelInfo, ChannelListing, Nickname, User},
    error::ChatError,
};

#[cfg(feature = "ssr")]
use super::context;

/// What "browse channels" shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowseSnapshot {
    pub me: User,
    pub registered: bool,
    /// Every public channel, by name.
    pub channels: Vec<ChannelListing>,
}

/// The public channels, or `None` for a visitor.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn load_browse() -> Result<Option<BrowseSnapshot>, ChatError> {
    context::with_status(
        async {
            let Some(viewer) = context::viewer() else {
                return Ok(None);
            };
            let channels = context::backend()?.public_channels(&viewer).await?;
            Ok(Some(BrowseSnapshot {
                me: viewer.user(),
                registered: viewer.registered,
                channels,
            }))
        }
        .await,
    )
}

/// Creates a channel and opens it. `private` is a checkbox: present (any
/// value) means private.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn create_channel(
    name: String,
    topic: Option<String>,
    private: Option<String>,
) -> Result<ChannelInfo, ChatError> {
    use crate::domain::{ChannelName, ChannelTopic};
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let name = ChannelName::parse_new(name.trim())?;
            let topic = ChannelTopic::parse(topic.as_deref().unwrap_or(""))?;
            let info = context::backend()?
                .create_channel(&viewer, name, topic, private.is_some())
                .await?;
            leptos_axum::redirect(&format!("/c/{}", info.name));
            Ok(info)
        }
        .await,
    )
}

/// Joins a public channel and opens it.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn join_channel(channel: String) -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            context::backend()?.join_channel(&viewer, &channel).await?;
            leptos_axum::redirect(&format!("/c/{channel}"));
            Ok(())
        }
        .await,
    )
}

/// Leaves a channel and goes back to #general.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn leave_channel(channel: String) -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            context::backend()?.leave_channel(&viewer, &channel).await?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// The members of a channel, by name.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn load_members(channel: String) -> Result<Vec<Nickname>, ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            context::backend()?.members(&viewer, &channel).await
        }
        .await,
    )
}

/// Adds the person called `name` to `channel`.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn invite_member(channel: String, name: String) -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            let name = Nickname::parse(name.trim_start_matches('@'))?;
            context::backend()?
                .add_member(&viewer, &channel, &name)
                .await
        }
        .await,
    )
}

/// Removes the person called `name` from `channel` (its creator only).
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn remove_member(channel: String, name: String) -> Result<(), ChatError> {
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let channel = context::channel_name(&channel)?;
            let name = Nickname::parse(&name)?;
            context::backend()?
                .remove_member(&viewer, &channel, &name)
                .await
        }
        .await,
    )
}

/// Opens the direct conversation with `members` (names separated by commas
/// or spaces) and goes to it.
#[server(prefix = "/rpc", input = super::JsonOrForm, output = super::JsonText)]
pub async fn open_dm(members: String) -> Result<ChannelInfo, ChatError> {
    use crate::domain::DmMembers;
    context::with_status(
        async {
            let viewer = context::signed_in()?;
            let members = DmMembers::parse_list(&members, &viewer.name)?;
            let info = context::backend()?.open_dm(&viewer, members).await?;
            leptos_axum::redirect(&format!("/c/{}", info.name));
            Ok(info)
        }
        .await,
    )
}
