//! Channels, DMs, their members and read positions.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use domain::{
    ChannelInfo, ChannelKind, ChannelListing, ChannelName, ChannelSummary, ChannelTopic, MessageId,
    Nickname, Viewer,
};

use super::StoreResult;
use crate::live::event_log::StoredEvent;

/// A channel as the store knows it: what people see, plus the ids
/// authorization needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelRecord {
    pub id: i64,
    pub info: ChannelInfo,
    pub creator_id: Option<i64>,
}

#[async_trait]
pub trait Channels: Send + Sync {
    /// The channel called `name`, whoever may read it.
    async fn channel(&self, name: &ChannelName) -> StoreResult<Option<ChannelRecord>>;

    /// The channel called `name`, and whether `user_id` is in it: what
    /// every use case on a channel asks first, in one round trip (a post
    /// makes three with its session; the fewer, the more posts a second).
    async fn channel_seen_by(
        &self,
        name: &ChannelName,
        user_id: i64,
    ) -> StoreResult<Option<(ChannelRecord, bool)>>;

    async fn channel_by_id(&self, id: i64) -> StoreResult<Option<ChannelRecord>>;

    async fn is_member(&self, channel_id: i64, user_id: i64) -> StoreResult<bool>;

    /// The channels and DMs a user is in that have at most `max_members`
    /// members, by id and name: where their presence is announced.
    async fn channels_for_presence(
        &self,
        user_id: i64,
        max_members: u32,
    ) -> StoreResult<Vec<(i64, ChannelName)>>;

    /// The ids of the channels and DMs a user is in.
    async fn channel_ids_of(&self, user_id: i64) -> StoreResult<HashSet<i64>>;

    /// A channel's members by name, in name order.
    async fn member_names(&self, channel_id: i64) -> StoreResult<Vec<Nickname>>;

    /// How many members a channel has.
    async fn member_count(&self, channel_id: i64) -> StoreResult<u32>;

    /// The members of a channel whose names are among `names` (any case).
    async fn members_named(
        &self,
        channel_id: i64,
        names: &[String],
    ) -> StoreResult<Vec<(i64, Nickname)>>;

    /// The user called `name` (any case).
    async fn user_named(&self, name: &Nickname) -> StoreResult<Option<(i64, Nickname)>>;

    /// The channels and DMs a user is in, with unread and mention counts:
    /// channels first, by name, then DMs.
    async fn summaries(&self, user_id: i64) -> StoreResult<Vec<ChannelSummary>>;

    /// Every public channel by name, with its member count and whether
    /// `user_id` is in it.
    async fn public_channels(&self, user_id: i64) -> StoreResult<Vec<ChannelListing>>;

    /// Creates a channel with `creator` in it; [`super::StoreError::ChannelTaken`]
    /// if the name is in use. Returns its `member_joined` and
    /// `channel_created` events.
    async fn create_channel(
        &self,
        name: &ChannelName,
        kind: ChannelKind,
        topic: Option<&ChannelTopic>,
        creator: &Viewer,
        now: DateTime<Utc>,
    ) -> StoreResult<(ChannelRecord, Vec<StoredEvent>)>;

    /// The DM of `opener` and `others`: the existing one (and no events), or
    /// a new one with its `member_joined` and `channel_created` events.
    async fn open_direct(
        &self,
        opener: &Viewer,
        others: &[(i64, Nickname)],
        now: DateTime<Utc>,
    ) -> StoreResult<(ChannelRecord, Vec<StoredEvent>)>;

    /// Adds a member; `None` if they already were one.
    async fn add_member(
        &self,
        channel: &ChannelRecord,
        user: &(i64, Nickname),
        by: Option<&Nickname>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<StoredEvent>>;

    /// Removes a member; `None` if they were not one.
    async fn remove_member(
        &self,
        channel: &ChannelRecord,
        user: &(i64, Nickname),
        by: Option<&Nickname>,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<StoredEvent>>;

    /// Moves a member's read position forward to `last_read_id` (never
    /// back, never past the newest message); `None` when it did not move.
    async fn mark_read(
        &self,
        channel: &ChannelRecord,
        user_id: i64,
        last_read_id: MessageId,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<StoredEvent>>;
}
