//! What each live event means for the chat page, as plain data: an event
//! and what the page knows in, the changes to make out. The store
//! (`store.rs`) keeps the signals and applies the changes; the rules live
//! here, where each can be tested event by event without a reactive
//! runtime.

use crate::{
    domain::{ChannelListing, ChannelName, EventId, Message, MessageId, Nickname},
    events::{ChatEvent, EphemeralEvent, Membership},
    text,
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Baselines {
    pub room: EventId,
    pub sidebar: EventId,
}

/// One change to the open room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomChange {
    /// The message goes in its place by id (once, however often it comes).
    Insert(Message),
    /// An edited message replaces the one with its id.
    Replace(Message),
    /// The message with this id shows as deleted.
    Delete(MessageId),
    /// They stopped typing (their message arrived).
    StoppedTyping(Nickname),
    /// They are typing now.
    Typing(Nickname),
    CameOnline(Nickname),
    WentOffline(Nickname),
    /// The room's member count and whether I am in it.
    Listing(ChannelListing),
    /// A line in the timeline, after the last message shown.
    Notice(String),
    /// The member list must be read again.
    MembersChanged,
}

/// What I am told the page needs after event `id`, given the baselines of
/// what it shows and the open channel.
pub fn follow_up(
    id: EventId,
    event: &ChatEvent,
    me: &Nickname,
    open: Option<&ChannelName>,
    baselines: Baselines,
) -> Option<FollowUp> {
    let (ChatEvent::MemberJoined(change) | ChatEvent::MemberLeft(change)) = event else {
        return None;
    };
    if change.user.key() != me.key() {
        return None;
    }
    let left_open = matches!(event, ChatEvent::MemberLeft(_)) && open == Some(&change.channel);
    if left_open && id > baselines.room {
        Some(FollowUp::LeaveRoom)
    } else if id > baselines.sidebar {
        Some(FollowUp::RefreshSidebar)
    } else {
        None
    }
}

/// What `event` changes in the open room `listing`, seen by `me`: nothing
/// when it is about another channel.
pub fn room_changes(event: &ChatEvent, listing: &ChannelListing, me: &Nickname) -> Vec<RoomChange> {
    if event.channel() != Some(&listing.info.name) {
        return Vec::new();
    }
    match event {
        ChatEvent::Message(message) => vec![
            RoomChange::StoppedTyping(message.author.clone()),
            RoomChange::Insert(message.clone()),
        ],
        ChatEvent::MessageUpdated(message) => vec![RoomChange::Replace(message.clone())],
        ChatEvent::MessageDeleted(deleted) => vec![RoomChange::Delete(deleted.id)],
        ChatEvent::MemberJoined(change) => member_changed(listing, change, me, true),
        ChatEvent::MemberLeft(change) => member_changed(listing, change, me, false),
        ChatEvent::ChannelCreated(_) | ChatEvent::Read(_) | ChatEvent::Notification(_) => {
            Vec::new()
        }
    }
}

/// What presence or typing `event` changes in the open room `channel`:
/// nothing about another channel, nor about me.
pub fn ephemeral_change(
    event: &EphemeralEvent,
    channel: &ChannelName,
    me: &Nickname,
) -> Option<RoomChange> {
    let about = event.about();
    if &about.channel != channel || about.user.key() == me.key() {
        return None;
    }
    let who = about.user.clone();
    Some(match event {
        EphemeralEvent::MemberOnline(_) => RoomChange::CameOnline(who),
        EphemeralEvent::MemberOffline(_) => RoomChange::WentOffline(who),
        EphemeralEvent::Typing(_) => RoomChange::Typing(who),
    })
}

fn member_changed(
    listing: &ChannelListing,
    change: &Membership,
    me: &Nickname,
    joined: bool,
) -> Vec<RoomChange> {
    let is_me = change.user.key() == me.key();
    let mut changes = Vec::new();
    // My own join or leave may arrive after the page already shows it.
    if !(is_me && listing.joined == joined) {
        let mut listing = listing.clone();
        if is_me {
            listing.joined = joined;
        }
        listing.members = if joined {
            listing.members + 1
        } else {
            listing.members.saturating_sub(1)
        };
        changes.push(RoomChange::Listing(listing));
    }
    if !joined {
        changes.push(RoomChange::WentOffline(change.user.clone()));
    }
    changes.push(RoomChange::Notice(notice(change, joined)));
    // Once I am out, the list is no longer mine to read.
    if joined || !is_me {
        changes.push(RoomChange::MembersChanged);
    }
    changes
}

/// The timeline's line for a join or leave: by whom, when someone else
/// added or removed them.
fn notice(change: &Membership, joined: bool) -> String {
    let user = change.user.to_string();
    let by = change
        .by
        .as_ref()
        .filter(|by| by.key() != change.user.key())
        .map(ToString::to_string);
    match (joined, by) {
        (true, Some(by)) => text::added_notice(&by, &user),
        (true, None) => text::joined_notice(&user, &format!("#{}", change.channel)),
        (false, Some(by)) => text::removed_notice(&by, &user),
        (false, None) => text::left_notice(&user),
    }
}

/// `online` without `me`.
pub fn others(online: &[Nickname], me: &Nickname) -> Vec<Nickname> {
    online
        .iter()
        .filter(|n| n.key() != me.key())
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        domain::MessageRef,
        events::InChannel,
        pages::chat::test_data::{channel, nick, public},
    };

    fn listing(name: &str, members: u32, joined: bool) -> ChannelListing {
        ChannelListing {
            info: public(name),
            members,
            joined,
        }
    }

    fn message(id: i64, in_channel: &str, author: &str) -> Message {
        crate::pages::chat::test_data::message(id, in_channel, author, &[])
    }

    fn membership(in_channel: &str, user: &str, by: Option<&str>) -> Membership {
        Membership {
            channel: channel(in_channel),
            user: nick(user),
            by: by.map(nick),
        }
    }

    fn notices(changes: &[RoomChange]) -> Vec<&str> {
        changes
            .iter()
            .filter_map(|c| match c {
                RoomChange::Notice(text) => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_message_in_the_room_is_placed_and_ends_its_authors_typing() {
        let room = listing("general", 3, true);
        let event = ChatEvent::Message(message(7, "general", "bob"));
        assert_eq!(
            room_changes(&event, &room, &nick("ana")),
            [
                RoomChange::StoppedTyping(nick("bob")),
                RoomChange::Insert(message(7, "general", "bob")),
            ]
        );
    }

    #[test]
    fn events_of_another_channel_change_nothing_in_the_room() {
        let room = listing("general", 3, true);
        for event in [
            ChatEvent::Message(message(7, "dev", "bob")),
            ChatEvent::MemberJoined(membership("dev", "ana", None)),
        ] {
            assert!(room_changes(&event, &room, &nick("ana")).is_empty());
        }
    }

    #[test]
    fn edits_replace_and_deletions_mark_the_message() {
        let room = listing("general", 3, true);
        let edited = ChatEvent::MessageUpdated(message(7, "general", "bob"));
        assert_eq!(
            room_changes(&edited, &room, &nick("ana")),
            [RoomChange::Replace(message(7, "general", "bob"))]
        );
        let deleted = ChatEvent::MessageDeleted(MessageRef {
            id: MessageId(7),
            channel: channel("general"),
        });
        assert_eq!(
            room_changes(&deleted, &room, &nick("ana")),
            [RoomChange::Delete(MessageId(7))]
        );
    }

    #[test]
    fn someone_joining_counts_says_so_and_rereads_the_members() {
        let room = listing("dev", 3, true);
        let event = ChatEvent::MemberJoined(membership("dev", "bob", None));
        let changes = room_changes(&event, &room, &nick("ana"));
        assert_eq!(changes[0], RoomChange::Listing(listing("dev", 4, true)));
        assert_eq!(notices(&changes), [text::joined_notice("bob", "#dev")]);
        assert_eq!(changes.last(), Some(&RoomChange::MembersChanged));
    }

    #[test]
    fn someone_removed_by_another_goes_offline_and_the_notice_says_by_whom() {
        let room = listing("dev", 3, true);
        let event = ChatEvent::MemberLeft(membership("dev", "bob", Some("cy")));
        let changes = room_changes(&event, &room, &nick("ana"));
        assert_eq!(changes[0], RoomChange::Listing(listing("dev", 2, true)));
        assert!(changes.contains(&RoomChange::WentOffline(nick("bob"))));
        assert_eq!(notices(&changes), [text::removed_notice("cy", "bob")]);
        assert!(changes.contains(&RoomChange::MembersChanged));
    }

    #[test]
    fn my_own_join_the_page_already_shows_is_not_counted_twice() {
        let room = listing("dev", 3, true);
        let event = ChatEvent::MemberJoined(membership("dev", "Ana", None));
        let changes = room_changes(&event, &room, &nick("ana"));
        assert!(!changes.iter().any(|c| matches!(c, RoomChange::Listing(_))));
        assert_eq!(notices(&changes).len(), 1);
    }

    #[test]
    fn once_i_leave_the_member_list_is_not_read_again() {
        let room = listing("dev", 3, true);
        let event = ChatEvent::MemberLeft(membership("dev", "ana", None));
        let changes = room_changes(&event, &room, &nick("ana"));
        assert_eq!(changes[0], RoomChange::Listing(listing("dev", 2, false)));
        assert!(!changes.contains(&RoomChange::MembersChanged));
    }

    #[test]
    fn presence_and_typing_of_others_in_the_room_only() {
        let general = channel("general");
        let about = |user: &str, in_channel: &str| InChannel {
            channel: channel(in_channel),
            user: nick(user),
        };
        let me = nick("ana");
        assert_eq!(
            ephemeral_change(
                &EphemeralEvent::MemberOnline(about("bob", "general")),
                &general,
                &me
            ),
            Some(RoomChange::CameOnline(nick("bob")))
        );
        assert_eq!(
            ephemeral_change(
                &EphemeralEvent::Typing(about("bob", "general")),
                &general,
                &me
            ),
            Some(RoomChange::Typing(nick("bob")))
        );
        assert_eq!(
            ephemeral_change(
                &EphemeralEvent::MemberOffline(about("Ana", "general")),
                &general,
                &me
            ),
            None
        );
        assert_eq!(
            ephemeral_change(&EphemeralEvent::Typing(about("bob", "dev")), &general, &me),
            None
        );
    }

    /// A page whose room and sidebar both include every event up to 10.
    const SHOWN_UP_TO_10: Baselines = Baselines {
        room: EventId(10),
        sidebar: EventId(10),
    };

    #[test]
    fn my_leaving_the_open_channel_leaves_the_room_and_elsewhere_refreshes_the_sidebar() {
        let (me, open, baselines) = (nick("ana"), channel("dev"), SHOWN_UP_TO_10);
        let left = ChatEvent::MemberLeft(membership("dev", "ana", None));
        assert_eq!(
            follow_up(EventId(11), &left, &me, Some(&open), baselines),
            Some(FollowUp::LeaveRoom)
        );
        let joined = ChatEvent::MemberJoined(membership("ops", "ana", Some("bob")));
        assert_eq!(
            follow_up(EventId(11), &joined, &me, Some(&open), baselines),
            Some(FollowUp::RefreshSidebar)
        );
    }

    #[test]
    fn what_the_page_already_includes_or_others_do_needs_nothing_more() {
        let (me, open, baselines) = (nick("ana"), channel("dev"), SHOWN_UP_TO_10);
        let left = ChatEvent::MemberLeft(membership("dev", "ana", None));
        assert_eq!(
            follow_up(EventId(9), &left, &me, Some(&open), baselines),
            None
        );
        let others = ChatEvent::MemberLeft(membership("dev", "bob", None));
        assert_eq!(
            follow_up(EventId(11), &others, &me, Some(&open), baselines),
            None
        );
        let message = ChatEvent::Message(message(11, "dev", "bob"));
        assert_eq!(
            follow_up(EventId(11), &message, &me, Some(&open), baselines),
            None
        );
    }

    #[test]
    fn the_online_list_never_holds_me() {
        let online = [nick("Ana"), nick("bob")];
        assert_eq!(others(&online, &nick("ana")), [nick("bob")]);
    }
}
