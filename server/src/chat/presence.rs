//! Who is online, and telling channels when that changes.
//!
//! On one instance (SQLite) a person's first feed here brings them online
//! and the end of their last one's grace takes them offline. With several
//! instances (PostgreSQL) those are only this instance's share: the
//! [`Cluster`] decides across instances and every instance hears the
//! outcome as a [`PresenceNotice`] (through [`crate::live::log_follower`]).

use std::sync::Arc;

use domain::{
    events::{EphemeralEvent, InChannel},
    Nickname,
};

use super::{feed::FeedScope, ChatService};
#[cfg(doc)]
use crate::store::cluster::Cluster;
use crate::{live::cluster::PresenceNotice, live::event_log::Ephemeral, live::presence};

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
                chat.here_no_more(user_id, name).await;
            }
        });
    }
}

impl ChatService {
    /// Counts a feed that opens towards its person's presence; the guard
    /// uncounts it. Coming online is announced to every channel they are in.
    pub fn presence_guard(self: &Arc<Self>, scope: &FeedScope) -> PresenceGuard {
        if self.presence.feed_opened(scope.user_id) {
            let chat = self.clone();
            let (user_id, name) = (scope.user_id, scope.name.clone());
            match self.cluster.clone() {
                None => {
                    // At once, so that a page loaded right after shows it.
                    self.online.set(user_id, &name, true);
                    tokio::spawn(async move { chat.announce_presence(user_id, name, true).await });
                }
                Some(cluster) => {
                    tokio::spawn(async move {
                        if let Err(error) = cluster.here(user_id).await {
                            tracing::warn!(%error, user_id, "recording a person's presence");
                        }
                    });
                }
            }
        }
        PresenceGuard {
            chat: self.clone(),
            user_id: scope.user_id,
            name: scope.name.clone(),
        }
    }

    /// The last feed of `user_id` here closed, a grace period ago.
    async fn here_no_more(&self, user_id: i64, name: Nickname) {
        match &self.cluster {
            None => {
                self.online.set(user_id, &name, false);
                self.announce_presence(user_id, name, false).await;
            }
            Some(cluster) => {
                if let Err(error) = cluster.gone(user_id).await {
                    tracing::warn!(%error, user_id, "recording that a person left");
                }
            }
        }
    }

    /// Someone came online or went offline, on any instance.
    pub async fn presence_changed(&self, notice: PresenceNotice) {
        if self.online.set(notice.user_id, &notice.name, notice.online) {
            self.announce_presence(notice.user_id, notice.name, notice.online)
                .await;
        }
    }

    /// Reads who is online anywhere again, after changes may have been
    /// missed (the connection that hears them dropped and is back), and
    /// announces the differences.
    pub async fn refresh_online(&self) {
        let Some(cluster) = &self.cluster else {
            return;
        };
        match cluster.online_anywhere().await {
            Ok(now) => {
                for (user_id, name, online) in self.online.replace(now) {
                    self.announce_presence(user_id, name, online).await;
                }
            }
            Err(error) => tracing::warn!(%error, "reading who is online"),
        }
    }

    /// Records again everyone with a feed here, after the other instances
    /// took this one for dead.
    pub async fn record_people_here(&self) {
        let Some(cluster) = &self.cluster else {
            return;
        };
        for user_id in self.presence.people_here() {
            if let Err(error) = cluster.here(user_id).await {
                tracing::warn!(%error, user_id, "recording a person's presence again");
            }
        }
    }

    /// This instance stops: whoever had feeds only here goes offline now,
    /// rather than when the others notice its silence.
    pub async fn leave_cluster(&self) {
        if let Some(cluster) = &self.cluster {
            if let Err(error) = cluster.leave().await {
                tracing::warn!(%error, "leaving the cluster");
            }
        }
    }

    /// Hands an ephemeral event to the channel's members' feeds, on every
    /// instance.
    pub(super) async fn publish_everywhere(&self, event: Ephemeral) {
        match &self.cluster {
            None => self.hub.publish_ephemeral(event),
            Some(cluster) => {
                if let Err(error) = cluster.send_ephemeral(&event).await {
                    tracing::warn!(%error, "sending an ephemeral event to every instance");
                }
            }
        }
    }

    /// Tells the members of every channel `name` is in, on this instance,
    /// that they came online (or went offline), up to
    /// [`presence::LIVE_MAX_MEMBERS`].
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
}
