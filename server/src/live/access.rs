//! Who may see what on a live feed: authorization where events fan out.
//!
//! A feed keeps the set of channels its user is in and updates it from the
//! membership events it passes, in id order. Because replayed and live
//! events go through the same [`FeedAccess::admit`], a user removed from a
//! private channel stops receiving its events from the removal on, on every
//! open feed, without reconnecting; one who joins starts receiving at once.

use std::collections::HashSet;

use domain::events::ChatEvent;

use crate::live::event_log::{MemberChange, StoredEvent};

/// The part of papo a feed shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every channel and DM the user is in (`/api/v1/events`).
    Member,
    /// One channel (`/api/v1/channels/{channel}/events`). `public`: a
    /// public channel, which non-members may read too.
    Channel { id: i64, public: bool },
}

pub struct FeedAccess {
    user_id: i64,
    scope: Scope,
    /// The channels the user is in, as of the last event admitted. A
    /// `HashSet` because it is checked once per event per feed.
    member_of: HashSet<i64>,
}

impl FeedAccess {
    pub fn new(user_id: i64, scope: Scope, member_of: HashSet<i64>) -> Self {
        Self {
            user_id,
            scope,
            member_of,
        }
    }

    /// Whether this feed carries an ephemeral event (presence, typing) of
    /// `channel_id`: only to the channel's members.
    pub fn admit_ephemeral(&self, channel_id: i64) -> bool {
        let in_scope = match self.scope {
            Scope::Member => true,
            Scope::Channel { id, .. } => id == channel_id,
        };
        in_scope && self.member_of.contains(&channel_id)
    }

    /// Whether this feed carries `event`, updating its member list first
    /// for a join and after for a leave (the person removed still learns
    /// that they were).
    pub fn admit(&mut self, event: &StoredEvent) -> bool {
        let route = &event.route;
        if let ChatEvent::Notification(_) = event.event {
            // For one person, on their feeds of every channel only: a
            // channel's feed carries that channel's events.
            return self.scope == Scope::Member && route.only_user == Some(self.user_id);
        }
        let channel = route.channel_id;
        if let Scope::Channel { id, .. } = self.scope {
            if channel != id {
                return false;
            }
        }
        if let Some(only) = route.only_user {
            return only == self.user_id;
        }
        if route.member == Some(MemberChange::Joined(self.user_id)) {
            self.member_of.insert(channel);
        }
        let readable = route.everyone
            || self.member_of.contains(&channel)
            || matches!(self.scope, Scope::Channel { public: true, .. });
        if route.member == Some(MemberChange::Left(self.user_id)) {
            self.member_of.remove(&channel);
        }
        readable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::event_log::Route;
    use app::{
        domain::{ChannelName, EventId, MessageId, MessageRef, Nickname},
        events::{ChatEvent, Membership},
    };

    const ME: i64 = 1;
    const OTHER: i64 = 2;

    fn event(route: Route) -> StoredEvent {
        StoredEvent::new(
            EventId(1),
            route,
            ChatEvent::MessageDeleted(MessageRef {
                channel: ChannelName::general(),
                id: MessageId(1),
            }),
        )
    }

    fn in_channel(channel: i64) -> StoredEvent {
        event(Route::members_of(channel))
    }

    fn membership(channel: i64, change: MemberChange) -> StoredEvent {
        let mut e = in_channel(channel);
        e.route.member = Some(change);
        e.event = ChatEvent::MemberLeft(Membership {
            channel: ChannelName::general(),
            user: Nickname::parse("x").unwrap(),
            by: None,
        });
        e
    }

    #[test]
    fn members_see_their_channels_only() {
        let mut feed = FeedAccess::new(ME, Scope::Member, HashSet::from([10]));
        assert!(feed.admit(&in_channel(10)));
        assert!(!feed.admit(&in_channel(11)));
    }

    #[test]
    fn removal_is_seen_then_nothing_more() {
        let mut feed = FeedAccess::new(ME, Scope::Member, HashSet::from([10]));
        assert!(feed.admit(&membership(10, MemberChange::Left(ME))));
        assert!(!feed.admit(&in_channel(10)));
    }

    #[test]
    fn joining_opens_the_channel_at_once() {
        let mut feed = FeedAccess::new(ME, Scope::Member, HashSet::new());
        assert!(feed.admit(&membership(10, MemberChange::Joined(ME))));
        assert!(feed.admit(&in_channel(10)));
    }

    #[test]
    fn others_joining_does_not_open_it_for_me() {
        let mut feed = FeedAccess::new(ME, Scope::Member, HashSet::new());
        assert!(!feed.admit(&membership(10, MemberChange::Joined(OTHER))));
        assert!(!feed.admit(&in_channel(10)));
    }

    #[test]
    fn personal_events_reach_their_person_only() {
        let mut mine = in_channel(10);
        mine.route.only_user = Some(ME);
        let mut theirs = in_channel(10);
        theirs.route.only_user = Some(OTHER);
        let mut feed = FeedAccess::new(ME, Scope::Member, HashSet::from([10]));
        assert!(feed.admit(&mine));
        assert!(!feed.admit(&theirs));
    }

    #[test]
    fn public_announcements_reach_everyone() {
        let mut created = in_channel(12);
        created.route.everyone = true;
        let mut feed = FeedAccess::new(ME, Scope::Member, HashSet::new());
        assert!(feed.admit(&created));
    }

    #[test]
    fn presence_and_typing_reach_members_only() {
        let feed = FeedAccess::new(ME, Scope::Member, HashSet::from([10]));
        assert!(feed.admit_ephemeral(10));
        assert!(!feed.admit_ephemeral(11));
        let public = Scope::Channel {
            id: 11,
            public: true,
        };
        let reader = FeedAccess::new(ME, public, HashSet::from([10]));
        assert!(
            !reader.admit_ephemeral(11),
            "reading a public channel is not being in it"
        );
        assert!(!reader.admit_ephemeral(10), "another channel");
    }

    #[test]
    fn a_channel_feed_carries_only_its_channel() {
        let public = Scope::Channel {
            id: 10,
            public: true,
        };
        let mut feed = FeedAccess::new(ME, public, HashSet::new());
        assert!(
            feed.admit(&in_channel(10)),
            "public: readable without joining"
        );
        assert!(!feed.admit(&in_channel(11)));

        let private = Scope::Channel {
            id: 20,
            public: false,
        };
        let mut feed = FeedAccess::new(ME, private, HashSet::from([20]));
        assert!(feed.admit(&in_channel(20)));
        assert!(feed.admit(&membership(20, MemberChange::Left(ME))));
        assert!(!feed.admit(&in_channel(20)));
    }
}
