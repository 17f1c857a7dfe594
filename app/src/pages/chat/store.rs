//! What the chat pages show that live events change.
//!
//! The store lives as long as the chat layout: the sidebar, the live
//! status and which channel is open. The open channel's own state
//! ([`RoomState`]) belongs to the room that shows it: when the person
//! switches channels, the next room makes its own while the previous one
//! is still on screen, so the two never share signals.

use leptos::prelude::*;

pub use super::room_rules::FollowUp;
use super::{
    outbox::Outbox,
    recent::RecentEvents,
    room_rules::{self, others, Baselines, RoomChange},
    typing::Typing,
    unread,
};
use crate::{
    components::{
        composer::Refusal, message_list::mark_deleted, notice::Notice, notification_toasts::Toasts,
    },
    domain::{
        insert_in_order, replace_in_order, ChannelListing, ChannelName, ChannelSummary, EventId,
        Message, MessageId, Nickname,
    },
    events::{ChatEvent, EphemeralEvent},
    live::LiveStatus,
    server_fns::ChatSnapshot,
};

/// The open channel, owned by the room component that shows it.
#[derive(Clone, Copy)]
pub struct RoomState {
    /// The channel, its member count and whether I am in it.
    pub listing: RwSignal<ChannelListing>,
    /// Its messages, oldest first.
    pub messages: RwSignal<Vec<Message>>,
    pub has_older: RwSignal<bool>,
    /// Bumped when someone joins or leaves it.
    pub members_changed: RwSignal<u32>,
    /// Its members online now (besides me).
    pub online: RwSignal<Vec<Nickname>>,
    /// Who is typing in it.
    pub typing: RwSignal<Typing>,
    /// Joins and leaves seen live.
    pub notices: RwSignal<Vec<Notice>>,
}

impl RoomState {
    pub fn joined(&self) -> bool {
        self.listing.with(|l| l.joined)
    }
}

/// Read-only views of the store for the components, made once with the
/// store so that they last as long as it does.
#[derive(Clone, Copy)]
pub struct StoreViews {
    pub status: Signal<LiveStatus>,
    pub sidebar: Signal<Vec<ChannelSummary>>,
    pub current: Signal<Option<ChannelName>>,
    /// Another channel (or the same one again) is loading.
    pub loading: Signal<bool>,
}

#[derive(Clone, Copy)]
pub struct ChatStore {
    pub sidebar: RwSignal<Vec<ChannelSummary>>,
    pub status: RwSignal<LiveStatus>,
    pub loading: RwSignal<bool>,
    /// Messages waiting for the connection, in every channel.
    pub outbox: RwSignal<Outbox>,
    /// The last message the server refused, until the next is sent.
    pub refusal: RwSignal<Option<Refusal>>,
    /// Notifications sent to me while the chat is open.
    pub toasts: RwSignal<Toasts>,
    current: RwSignal<Option<ChannelName>>,
    pub views: StoreViews,
    me: StoredValue<Option<Nickname>>,
    room: StoredValue<Option<(ChannelName, RoomState)>>,
    baselines: StoredValue<Baselines>,
    recent: StoredValue<RecentEvents>,
    notice_keys: StoredValue<u64>,
}

impl ChatStore {
    pub fn new() -> Self {
        let sidebar = RwSignal::new(Vec::new());
        let status = RwSignal::new(LiveStatus::Connecting);
        let current = RwSignal::new(None);
        let loading = RwSignal::new(false);
        Self {
            sidebar,
            status,
            loading,
            outbox: RwSignal::new(Outbox::default()),
            refusal: RwSignal::new(None),
            toasts: RwSignal::new(Toasts::default()),
            current,
            views: StoreViews {
                status: status.into(),
                sidebar: sidebar.into(),
                current: current.into(),
                loading: loading.into(),
            },
            me: StoredValue::new(None),
            room: StoredValue::new(None),
            baselines: StoredValue::new(Baselines::default()),
            recent: StoredValue::new(RecentEvents::default()),
            notice_keys: StoredValue::new(0),
        }
    }

    /// Opens `snapshot`'s channel: its room state (owned by the caller),
    /// then what arrived live since the snapshot was read.
    pub fn open(&self, snapshot: &ChatSnapshot) -> RoomState {
        let name = snapshot.channel.info.name.clone();
        let room = RoomState {
            listing: RwSignal::new(snapshot.channel.clone()),
            messages: RwSignal::new(snapshot.messages.clone()),
            has_older: RwSignal::new(snapshot.has_older),
            members_changed: RwSignal::new(0),
            online: RwSignal::new(others(&snapshot.online, &snapshot.me.name)),
            typing: RwSignal::new(Typing::default()),
            notices: RwSignal::new(Vec::new()),
        };
        let mut sidebar = snapshot.channels.clone();
        unread::clear(&mut sidebar, &name);
        self.me.set_value(Some(snapshot.me.name.clone()));
        self.room.set_value(Some((name.clone(), room)));
        self.sidebar.set(sidebar);
        self.current.set(Some(name));
        let at = snapshot.last_event_id;
        self.baselines.set_value(Baselines {
            room: at,
            sidebar: at,
        });
        for (id, event) in self.recent.with_value(|r| r.after(at)) {
            self.apply(id, &event);
        }
        room
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
        match &event {
            ChatEvent::Message(message) if self.is_me(&message.author) => {
                self.outbox.update(|o| o.arrived(message));
            }
            // Here rather than in `show`, which opening another channel
            // runs again for the recent events: one toast per notification.
            ChatEvent::Notification(note) => self.toasts.update(|t| t.push(note.clone())),
            _ => {}
        }
        self.apply(id, &event);
        follow_up
    }

    /// Presence or typing, for the open channel only.
    pub fn ephemeral(&self, event: EphemeralEvent) {
        let Some(me) = self.me.get_value() else {
            return;
        };
        let Some((name, room)) = self.room.get_value() else {
            return;
        };
        if let Some(change) = room_rules::ephemeral_change(&event, &name, &me) {
            self.change(room, change);
        }
    }

    /// Who of `channel`'s members is online, read anew (after the feed
    /// was down and presence events may have been missed).
    pub fn set_online(&self, channel: &ChannelName, online: &[Nickname]) {
        if let (Some(room), Some(me)) = (self.room_of(channel), self.me.get_value()) {
            room.online.try_set(others(online, &me));
        }
    }

    /// The server stored my `message` (sent from the outbox).
    pub fn confirmed(&self, message: Message) {
        if let Some(room) = self.room_of(&message.channel) {
            room.messages
                .try_update(|all| insert_in_order(all, message));
        }
    }

    fn room_of(&self, channel: &ChannelName) -> Option<RoomState> {
        self.room.with_value(|room| {
            room.as_ref()
                .filter(|(name, _)| name == channel)
                .map(|(_, r)| *r)
        })
    }

    /// I have read `channel` up to `id`.
    pub fn read_up_to(&self, channel: &ChannelName, id: MessageId) {
        self.sidebar
            .update(|sidebar| unread::mark_read(sidebar, channel, id));
    }

    fn open_channel(&self) -> Option<ChannelName> {
        self.room
            .with_value(|room| room.as_ref().map(|(name, _)| name.clone()))
    }

    fn is_me(&self, name: &Nickname) -> bool {
        self.me
            .with_value(|me| me.as_ref().is_some_and(|me| me.key() == name.key()))
    }

    fn follow_up(&self, id: EventId, event: &ChatEvent) -> Option<FollowUp> {
        let me = self.me.get_value()?;
        let open = self.open_channel();
        room_rules::follow_up(id, event, &me, open.as_ref(), self.baselines.get_value())
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

    /// Changes the open room for `event`, when it is about it. A room that
    /// is going away ignores it (its signals are gone).
    fn show(&self, event: &ChatEvent) {
        let (Some(me), Some((_, room))) = (self.me.get_value(), self.room.get_value()) else {
            return;
        };
        let Some(listing) = room.listing.try_get_untracked() else {
            return;
        };
        for change in room_rules::room_changes(event, &listing, &me) {
            self.change(room, change);
        }
    }

    /// Makes one change to the room's signals.
    fn change(&self, room: RoomState, change: RoomChange) {
        match change {
            RoomChange::Insert(message) => {
                room.messages
                    .try_update(|all| insert_in_order(all, message));
            }
            RoomChange::Replace(message) => {
                room.messages
                    .try_update(|all| replace_in_order(all, message));
            }
            RoomChange::Delete(id) => {
                room.messages.try_update(|all| mark_deleted(all, id));
            }
            RoomChange::StoppedTyping(who) => {
                room.typing.try_update(|typing| typing.stop(&who));
            }
            RoomChange::Typing(who) => {
                let now = chrono::Utc::now().timestamp_millis() as u64;
                room.typing.try_update(|typing| typing.signal(who, now));
            }
            RoomChange::CameOnline(who) => {
                room.online.try_update(|online| {
                    if !online.iter().any(|n| n.key() == who.key()) {
                        online.push(who);
                    }
                });
            }
            RoomChange::WentOffline(who) => {
                room.online
                    .try_update(|online| online.retain(|n| n.key() != who.key()));
            }
            RoomChange::Listing(listing) => {
                room.listing.try_set(listing);
            }
            RoomChange::Notice(text) => {
                let key = self.notice_keys.with_value(|k| k + 1);
                self.notice_keys.set_value(key);
                let after = room
                    .messages
                    .try_with_untracked(|all| all.last().map(|m| m.id))
                    .flatten();
                room.notices
                    .try_update(|notices| notices.push(Notice { key, after, text }));
            }
            RoomChange::MembersChanged => {
                room.members_changed.try_update(|n| *n += 1);
            }
        }
    }

    fn count(&self, event: &ChatEvent) {
        let Some(me) = self.me.get_value() else {
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
