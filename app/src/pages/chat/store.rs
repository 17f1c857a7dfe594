//! What the chat pages show that live events change, kept for as long as
//! the chat layout is mounted: switching channels replaces the open room
//! and the sidebar, the live feed stays.

use leptos::prelude::*;

use super::{recent::RecentEvents, unread};
use crate::{
    components::message_list::mark_deleted,
    domain::{
        insert_in_order, replace_in_order, ChannelListing, ChannelName, ChannelSummary, EventId,
        Message, MessageId, Nickname,
    },
    events::{ChatEvent, Membership},
    live::LiveStatus,
    server_fns::ChatSnapshot,
};

/// What the page must do beyond updating what it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowUp {
    /// I joined or left a channel elsewhere: the sidebar is out of date.
    RefreshSidebar,
    /// I am no longer in the open channel.
    LeaveRoom,
}

/// The newest events the shown state already includes: the room's snapshot
/// and the sidebar's (which a refresh can move on alone).
#[derive(Clone, Copy, Debug, Default)]
struct Baselines {
    room: EventId,
    sidebar: EventId,
}

#[derive(Clone, Copy)]
pub struct ChatStore {
    pub me: RwSignal<Option<Nickname>>,
    /// The open channel, its member count and whether I am in it.
    pub room: RwSignal<Option<ChannelListing>>,
    pub sidebar: RwSignal<Vec<ChannelSummary>>,
    /// The open channel's messages, oldest first.
    pub messages: RwSignal<Vec<Message>>,
    pub has_older: RwSignal<bool>,
    /// Bumped when someone joins or leaves the open channel.
    pub members_changed: RwSignal<u32>,
    pub status: RwSignal<LiveStatus>,
    baselines: StoredValue<Baselines>,
    recent: StoredValue<RecentEvents, LocalStorage>,
}

impl ChatStore {
    pub fn new() -> Self {
        Self {
            me: RwSignal::new(None),
            room: RwSignal::new(None),
            sidebar: RwSignal::new(Vec::new()),
            messages: RwSignal::new(Vec::new()),
            has_older: RwSignal::new(false),
            members_changed: RwSignal::new(0),
            status: RwSignal::new(LiveStatus::Connecting),
            baselines: StoredValue::new(Baselines::default()),
            recent: StoredValue::new_local(RecentEvents::default()),
        }
    }

    /// Shows `snapshot`, then what arrived live since it was read.
    pub fn open(&self, snapshot: &ChatSnapshot) {
        let mut sidebar = snapshot.channels.clone();
        unread::clear(&mut sidebar, &snapshot.channel.info.name);
        self.me.set(Some(snapshot.me.name.clone()));
        self.room.set(Some(snapshot.channel.clone()));
        self.sidebar.set(sidebar);
        self.messages.set(snapshot.messages.clone());
        self.has_older.set(snapshot.has_older);
        let at = snapshot.last_event_id;
        self.baselines.set_value(Baselines {
            room: at,
            sidebar: at,
        });
        for (id, event) in self.recent.with_value(|r| r.after(at)) {
            self.apply(id, &event);
        }
    }

    /// Replaces the sidebar with one read at event `at`.
    pub fn refresh_sidebar(&self, mut channels: Vec<ChannelSummary>, at: EventId) {
        if at < self.baselines.with_value(|b| b.sidebar) {
            return;
        }
        if let Some(open) = self.open_channel() {
            unread::clear(&mut channels, &open);
        }
        self.sidebar.set(channels);
        self.baselines.update_value(|b| b.sidebar = at);
        for (_, event) in self.recent.with_value(|r| r.after(at)) {
            self.count(&event);
        }
    }

    /// A live event: shown, counted, and what else to do about it.
    pub fn receive(&self, id: EventId, event: ChatEvent) -> Option<FollowUp> {
        let fresh = self.recent.try_update_value(|r| r.push(id, event.clone()));
        if fresh != Some(true) {
            return None;
        }
        let follow_up = self.follow_up(id, &event);
        self.apply(id, &event);
        follow_up
    }

    /// A message of mine the server confirmed (the feed may bring it too).
    pub fn add_mine(&self, message: Message) {
        if self.open_channel().as_ref() == Some(&message.channel) {
            self.messages.update(|all| insert_in_order(all, message));
        }
    }

    /// I have read the open channel up to `id`.
    pub fn read_up_to(&self, channel: &ChannelName, id: MessageId) {
        self.sidebar
            .update(|sidebar| unread::mark_read(sidebar, channel, id));
    }

    pub fn open_channel(&self) -> Option<ChannelName> {
        self.room
            .with_untracked(|room| room.as_ref().map(|r| r.info.name.clone()))
    }

    /// Whether I am in the open channel (rather than previewing it).
    pub fn joined(&self) -> bool {
        self.room
            .with(|room| room.as_ref().is_some_and(|r| r.joined))
    }

    fn is_me(&self, name: &Nickname) -> bool {
        self.me
            .with_untracked(|me| me.as_ref().is_some_and(|me| me.key() == name.key()))
    }

    fn follow_up(&self, id: EventId, event: &ChatEvent) -> Option<FollowUp> {
        let baselines = self.baselines.get_value();
        let (ChatEvent::MemberJoined(change) | ChatEvent::MemberLeft(change)) = event else {
            return None;
        };
        if !self.is_me(&change.user) {
            return None;
        }
        let left_open = matches!(event, ChatEvent::MemberLeft(_))
            && self.open_channel().as_ref() == Some(&change.channel);
        if left_open && id > baselines.room {
            Some(FollowUp::LeaveRoom)
        } else if id > baselines.sidebar {
            Some(FollowUp::RefreshSidebar)
        } else {
            None
        }
    }

    fn apply(&self, id: EventId, event: &ChatEvent) {
        let baselines = self.baselines.get_value();
        if id > baselines.room {
            self.show(event);
        }
        if id > baselines.sidebar {
            self.count(event);
        }
    }

    /// Changes the open room for `event`, when it is about it.
    fn show(&self, event: &ChatEvent) {
        if self.open_channel().as_ref() != Some(event.channel()) {
            return;
        }
        match event {
            ChatEvent::Message(message) => {
                let message = message.clone();
                self.messages.update(|all| insert_in_order(all, message));
            }
            ChatEvent::MessageUpdated(message) => {
                let message = message.clone();
                self.messages.update(|all| replace_in_order(all, message));
            }
            ChatEvent::MessageDeleted(deleted) => {
                self.messages.update(|all| mark_deleted(all, deleted.id));
            }
            ChatEvent::MemberJoined(change) => self.member_changed(change, true),
            ChatEvent::MemberLeft(change) => self.member_changed(change, false),
            ChatEvent::ChannelCreated(_) | ChatEvent::Read(_) => {}
        }
    }

    fn member_changed(&self, change: &Membership, joined: bool) {
        let is_me = self.is_me(&change.user);
        self.room.update(|room| {
            let Some(room) = room else { return };
            if is_me && room.joined == joined {
                return;
            }
            if is_me {
                room.joined = joined;
            }
            room.members = if joined {
                room.members + 1
            } else {
                room.members.saturating_sub(1)
            };
        });
        self.members_changed.update(|n| *n += 1);
    }

    fn count(&self, event: &ChatEvent) {
        let Some(me) = self.me.get_untracked() else {
            return;
        };
        let open = self.open_channel();
        self.sidebar
            .update(|sidebar| unread::count(sidebar, event, &me, open.as_ref()));
    }
}

impl Default for ChatStore {
    fn default() -> Self {
        Self::new()
    }
}
