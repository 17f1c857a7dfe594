//! Where a live feed starts and what it may carry.

use std::sync::Arc;

use app::{
    domain::{ChannelKind, ChannelName, Nickname, Viewer},
    events::{EphemeralEvent, InChannel},
    ChatError,
};

use super::{internal, ChatService};
use crate::{access::Scope, event_log::Ephemeral, presence, store::Reader};

/// What a feed shows, resolved and authorized when it opens.
#[derive(Clone, Debug)]
pub struct FeedScope {
    pub user_id: i64,
    /// Whose feed: their presence is announced while it is open.
    pub name: Nickname,
    pub scope: Scope,
}

/// Counts one open feed towards its person's presence, and uncounts it
/// when dropped (with the feed's stream).
pub struct PresenceGuard {
    chat: Arc<ChatService>,
    user_id: i64,
    name: Nickname,
}

impl Drop for PresenceGuard {
    fn drop(&mut self) {
        let Some(ticket) = self.chat.presence.feed_closed(self.user_id) else {
            return;
        };
        let chat = self.chat.clone();
        let (user_id, name) = (self.user_id, self.name.clone());
        tokio::spawn(async move {
            tokio::time::sleep(chat.presence.grace).await;
            if chat.presence.expire(ticket) {
                chat.announce_presence(user_id, name, false).await;
            }
        });
    }
}

impl FeedScope {
    /// What the database narrows a replay down to.
    pub fn reader(&self) -> Reader {
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
    /// on one channel they may read.
    pub async fn feed_scope(
        &self,
        viewer: &Viewer,
        channel: Option<&ChannelName>,
    ) -> Result<FeedScope, ChatError> {
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
        })
    }

    /// Counts a feed that opens towards its person's presence; the guard
    /// uncounts it. Coming online is announced to every channel they are in.
    pub fn presence_guard(self: &Arc<Self>, scope: &FeedScope) -> PresenceGuard {
        if self.presence.feed_opened(scope.user_id, &scope.name) {
            let chat = self.clone();
            let (user_id, name) = (scope.user_id, scope.name.clone());
            tokio::spawn(async move { chat.announce_presence(user_id, name, true).await });
        }
        PresenceGuard {
            chat: self.clone(),
            user_id: scope.user_id,
            name: scope.name.clone(),
        }
    }

    /// Tells the members of every channel `name` is in that they came
    /// online (or went offline), up to [`presence::LIVE_MAX_MEMBERS`].
    async fn announce_presence(&self, user_id: i64, name: Nickname, online: bool) {
        let channels = match self
            .store
            .channels_for_presence(user_id, presence::LIVE_MAX_MEMBERS)
            .await
        {
            Ok(channels) => channels,
            Err(error) => {
                tracing::warn!(%error, "listing channels to announce presence");
                return;
            }
        };
        for (channel_id, channel) in channels {
            let about = InChannel {
                channel,
                user: name.clone(),
            };
            let event = if online {
                EphemeralEvent::MemberOnline(about)
            } else {
                EphemeralEvent::MemberOffline(about)
            };
            self.hub.publish_ephemeral(Ephemeral { channel_id, event });
        }
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
}
