//! Where a live feed starts and what it may carry.

use std::net::IpAddr;

use domain::{ChannelKind, ChannelName, ChatError, EventId, Nickname, Viewer};

use super::{internal, rate_limited, ChatService};
use crate::{
    chat::client_key::ClientKey,
    chat::feed_caps::{self, CapReached, FeedPermit},
    live::access::Scope,
    live::event_log::StoredEvent,
    store::{Page, Reader},
};

/// What a feed shows, resolved and authorized when it opens.
pub struct FeedScope {
    pub user_id: i64,
    /// Whose feed: their presence is announced while it is open.
    pub name: Nickname,
    pub scope: Scope,
    /// The feed's place under the caps on open feeds, given back when the
    /// feed (which holds its scope) ends.
    _permit: FeedPermit,
}

impl FeedScope {
    /// What the database narrows a replay down to.
    fn reader(&self) -> Reader {
        Reader {
            user_id: self.user_id,
            channel_id: match self.scope {
                Scope::Member => None,
                Scope::Channel { id, .. } => Some(id),
            },
        }
    }
}

impl ChatService {
    /// The scope of a feed on every channel the viewer is in (`None`), or
    /// on one channel they may read, opened from `client`; refused when
    /// the viewer or the address already holds as many feeds as allowed.
    pub async fn feed_scope(
        &self,
        viewer: &Viewer,
        channel: Option<&ChannelName>,
        client: Option<IpAddr>,
    ) -> Result<FeedScope, ChatError> {
        let permit = self
            .open_feeds
            .open(viewer.user_id, client.map(ClientKey::from))
            .map_err(|cap| {
                let limit = match cap {
                    CapReached::Account => "feeds_per_account",
                    CapReached::Address => "feeds_per_address",
                };
                rate_limited(limit)(feed_caps::RETRY_AFTER)
            })?;
        let scope = match channel {
            None => Scope::Member,
            Some(name) => {
                let (channel, _) = self.readable(viewer, name).await?;
                Scope::Channel {
                    id: channel.id,
                    public: channel.info.kind == ChannelKind::Public,
                }
            }
        };
        Ok(FeedScope {
            user_id: viewer.user_id,
            name: viewer.name.clone(),
            scope,
            _permit: permit,
        })
    }

    /// The ids of the channels a user is in now: where a feed's
    /// authorization starts.
    pub async fn channel_ids_of(
        &self,
        user_id: i64,
    ) -> Result<std::collections::HashSet<i64>, ChatError> {
        self.store
            .channel_ids_of(user_id)
            .await
            .map_err(|e| internal("listing a user's channels", e))
    }

    /// The durable events after `after` that the feed of `scope` may be
    /// sent, oldest first, one `page` at most: what a feed replays before
    /// it goes live, and again after it lagged behind the hub.
    pub async fn events_after(
        &self,
        scope: &FeedScope,
        after: EventId,
        page: Page,
    ) -> Result<Vec<StoredEvent>, ChatError> {
        self.store
            .events_after(scope.reader(), after, page)
            .await
            .map_err(|e| internal("replaying a feed", e))
    }
}
