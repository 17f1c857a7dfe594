//! Channels, members, direct messages and read positions.

use app::backend::ChannelsBackend;
use async_trait::async_trait;
use chrono::Utc;
use domain::{
    events::{EphemeralEvent, InChannel},
    ChannelInfo, ChannelKind, ChannelListing, ChannelName, ChannelSummary, ChannelTopic, ChatError,
    DmMembers, MessageId, Nickname, Viewer,
};

use super::{internal, ChatService};
use crate::{
    live::event_log::Ephemeral,
    store::{ChannelRecord, StoreError},
};

impl ChatService {
    /// Someone who is online and just came into a channel is online there
    /// too: its members learn it now, not at their next reconnect.
    async fn announce_if_online(&self, channel: &ChannelRecord, user: &Nickname) {
        if self.online.is_online(user) {
            self.publish_everywhere(Ephemeral {
                channel_id: channel.id,
                event: EphemeralEvent::MemberOnline(InChannel {
                    channel: channel.info.name.clone(),
                    user: user.clone(),
                }),
            })
            .await;
        }
    }

    async fn user_named(&self, name: &Nickname) -> Result<(i64, Nickname), ChatError> {
        self.store
            .user_named(name)
            .await
            .map_err(|e| internal("looking up a user", e))?
            .ok_or(ChatError::UserNotFound)
    }
}

#[async_trait]
impl ChannelsBackend for ChatService {
    async fn channels(&self, viewer: &Viewer) -> Result<Vec<ChannelSummary>, ChatError> {
        self.store
            .summaries(viewer.user_id)
            .await
            .map_err(|e| internal("listing a user's channels", e))
    }

    async fn channel(
        &self,
        viewer: &Viewer,
        name: &ChannelName,
    ) -> Result<ChannelListing, ChatError> {
        let (channel, joined) = self.readable(viewer, name).await?;
        let members = self
            .store
            .member_count(channel.id)
            .await
            .map_err(|e| internal("counting members", e))?;
        Ok(ChannelListing {
            info: channel.info,
            members,
            joined,
        })
    }

    async fn public_channels(&self, viewer: &Viewer) -> Result<Vec<ChannelListing>, ChatError> {
        self.store
            .public_channels(viewer.user_id)
            .await
            .map_err(|e| internal("listing public channels", e))
    }

    async fn create_channel(
        &self,
        viewer: &Viewer,
        name: ChannelName,
        topic: Option<ChannelTopic>,
        private: bool,
    ) -> Result<ChannelInfo, ChatError> {
        self.spend_write(viewer)?;
        if !viewer.registered {
            return Err(ChatError::RegistrationRequired);
        }
        let kind = if private {
            ChannelKind::Private
        } else {
            ChannelKind::Public
        };
        let _turn = self.write_turn().await;
        let (channel, events) = self
            .store
            .create_channel(&name, kind, topic.as_ref(), viewer, Utc::now())
            .await
            .map_err(|e| match e {
                StoreError::ChannelTaken => ChatError::ChannelTaken,
                e => internal("creating a channel", e),
            })?;
        self.publish(events);
        tracing::info!(user = %viewer.name, channel = %name, kind = kind.as_str(), "channel created");
        Ok(channel.info)
    }

    async fn join_channel(&self, viewer: &Viewer, name: &ChannelName) -> Result<(), ChatError> {
        self.spend_write(viewer)?;
        let (channel, member) = self.readable(viewer, name).await?;
        if member {
            return Ok(());
        }
        let me = (viewer.user_id, viewer.name.clone());
        let _turn = self.write_turn().await;
        let event = self
            .store
            .add_member(&channel, &me, None, Utc::now())
            .await
            .map_err(|e| internal("joining a channel", e))?;
        if event.is_some() {
            self.announce_if_online(&channel, &viewer.name).await;
        }
        self.publish(event);
        Ok(())
    }

    async fn leave_channel(&self, viewer: &Viewer, name: &ChannelName) -> Result<(), ChatError> {
        self.spend_write(viewer)?;
        let (channel, member) = self.readable(viewer, name).await?;
        if channel.info.name == ChannelName::general() {
            return Err(ChatError::CannotLeaveGeneral);
        }
        if channel.info.kind == ChannelKind::Direct {
            return Err(ChatError::DirectIsFixed);
        }
        if !member {
            return Ok(());
        }
        let me = (viewer.user_id, viewer.name.clone());
        let _turn = self.write_turn().await;
        let event = self
            .store
            .remove_member(&channel, &me, None, Utc::now())
            .await
            .map_err(|e| internal("leaving a channel", e))?;
        self.publish(event);
        Ok(())
    }

    async fn add_member(
        &self,
        viewer: &Viewer,
        name: &ChannelName,
        user: &Nickname,
    ) -> Result<(), ChatError> {
        self.spend_write(viewer)?;
        let (channel, member) = self.readable(viewer, name).await?;
        if channel.info.kind == ChannelKind::Direct {
            return Err(ChatError::DirectIsFixed);
        }
        if !member {
            return Err(ChatError::NotAMember);
        }
        let user = self.user_named(user).await?;
        let _turn = self.write_turn().await;
        let event = self
            .store
            .add_member(&channel, &user, Some(&viewer.name), Utc::now())
            .await
            .map_err(|e| internal("adding a member", e))?;
        if event.is_some() {
            self.announce_if_online(&channel, &user.1).await;
        }
        self.publish(event);
        Ok(())
    }

    async fn remove_member(
        &self,
        viewer: &Viewer,
        name: &ChannelName,
        user: &Nickname,
    ) -> Result<(), ChatError> {
        if user.key() == viewer.name.key() {
            return self.leave_channel(viewer, name).await;
        }
        self.spend_write(viewer)?;
        let (channel, _) = self.readable(viewer, name).await?;
        if channel.info.kind == ChannelKind::Direct {
            return Err(ChatError::DirectIsFixed);
        }
        if channel.creator_id != Some(viewer.user_id) {
            return Err(ChatError::NotChannelCreator);
        }
        let user = self.user_named(user).await?;
        let _turn = self.write_turn().await;
        let event = self
            .store
            .remove_member(&channel, &user, Some(&viewer.name), Utc::now())
            .await
            .map_err(|e| internal("removing a member", e))?;
        self.publish(event);
        Ok(())
    }

    async fn members(
        &self,
        viewer: &Viewer,
        name: &ChannelName,
    ) -> Result<Vec<Nickname>, ChatError> {
        let (channel, _) = self.readable(viewer, name).await?;
        self.store
            .member_names(channel.id)
            .await
            .map_err(|e| internal("listing members", e))
    }

    async fn open_dm(&self, viewer: &Viewer, members: DmMembers) -> Result<ChannelInfo, ChatError> {
        self.spend_write(viewer)?;
        let mut others = Vec::with_capacity(members.names().len());
        for name in members.names() {
            others.push(self.user_named(name).await?);
        }
        let _turn = self.write_turn().await;
        let (channel, events) = self
            .store
            .open_direct(viewer, &others, Utc::now())
            .await
            .map_err(|e| internal("opening a direct conversation", e))?;
        self.publish(events);
        Ok(channel.info)
    }

    async fn online_members(
        &self,
        viewer: &Viewer,
        name: &ChannelName,
    ) -> Result<Vec<Nickname>, ChatError> {
        let members = self.members(viewer, name).await?;
        Ok(members
            .into_iter()
            .filter(|m| self.online.is_online(m))
            .collect())
    }

    async fn typing(&self, viewer: &Viewer, name: &ChannelName) -> Result<(), ChatError> {
        let (channel, member) = self.readable(viewer, name).await?;
        if !member {
            return Err(ChatError::NotAMember);
        }
        if self
            .typing_limit
            .check(&(viewer.user_id, channel.id))
            .is_err()
        {
            crate::ops::metrics::rate_limited("typing");
            return Ok(());
        }
        self.publish_everywhere(Ephemeral {
            channel_id: channel.id,
            event: EphemeralEvent::Typing(InChannel {
                channel: channel.info.name,
                user: viewer.name.clone(),
            }),
        })
        .await;
        Ok(())
    }

    async fn mark_read(
        &self,
        viewer: &Viewer,
        name: &ChannelName,
        last_read_id: MessageId,
    ) -> Result<(), ChatError> {
        let (channel, member) = self.readable(viewer, name).await?;
        if !member {
            // Someone previewing a public channel has no read position.
            return Ok(());
        }
        let _turn = self.write_turn().await;
        let event = self
            .store
            .mark_read(&channel, viewer.user_id, last_read_id, Utc::now())
            .await
            .map_err(|e| internal("recording a read position", e))?;
        self.publish(event);
        Ok(())
    }
}
