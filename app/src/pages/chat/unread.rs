//! The sidebar's unread and mention counts, kept up to date by live events.

use crate::{
    domain::{ChannelName, ChannelSummary, MessageId, Nickname},
    events::ChatEvent,
};

/// Counts `event` in the sidebar of `me`, who has channel `open` in front
/// of them: a message by someone else in another channel is unread (and a
/// mention when it names `me`); a read marker clears its channel.
pub fn count(
    sidebar: &mut [ChannelSummary],
    event: &ChatEvent,
    me: &Nickname,
    open: Option<&ChannelName>,
) {
    match event {
        ChatEvent::Message(message) => {
            let by_me = message.author.key() == me.key();
            if by_me || open == Some(&message.channel) {
                return;
            }
            if let Some(summary) = find(sidebar, &message.channel) {
                if message.id <= summary.newest_id {
                    return;
                }
                summary.newest_id = message.id;
                summary.unread += 1;
                if message.mentions(me) {
                    summary.mentions += 1;
                }
            }
        }
        ChatEvent::Read(marker) => mark_read(sidebar, &marker.channel, marker.last_read_id),
        _ => {}
    }
}

/// `channel` has been read up to `last_read_id`: nothing in it is unread.
pub fn mark_read(sidebar: &mut [ChannelSummary], channel: &ChannelName, last_read_id: MessageId) {
    if let Some(summary) = find(sidebar, channel) {
        summary.unread = 0;
        summary.mentions = 0;
        summary.last_read_id = summary.last_read_id.max(last_read_id);
    }
}

/// The open channel shows every message, so its badges stay empty.
pub fn clear(sidebar: &mut [ChannelSummary], channel: &ChannelName) {
    if let Some(summary) = find(sidebar, channel) {
        summary.unread = 0;
        summary.mentions = 0;
    }
}

/// Where `me` stopped reading `channel`, when they are in it.
pub fn last_read(sidebar: &[ChannelSummary], channel: &ChannelName) -> Option<MessageId> {
    sidebar
        .iter()
        .find(|s| &s.info.name == channel)
        .map(|s| s.last_read_id)
}

fn find<'a>(
    sidebar: &'a mut [ChannelSummary],
    channel: &ChannelName,
) -> Option<&'a mut ChannelSummary> {
    sidebar.iter_mut().find(|s| &s.info.name == channel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        events::ReadMarker,
        pages::chat::test_data::{channel, nick, public},
    };

    fn summary(name: &str) -> ChannelSummary {
        ChannelSummary {
            info: public(name),
            last_read_id: MessageId(0),
            unread: 0,
            mentions: 0,
            newest_id: MessageId(0),
        }
    }

    fn message(id: i64, channel_name: &str, author: &str, mentions: &[&str]) -> ChatEvent {
        ChatEvent::Message(crate::pages::chat::test_data::message(
            id,
            channel_name,
            author,
            mentions,
        ))
    }

    fn counts(sidebar: &[ChannelSummary]) -> Vec<(u32, u32)> {
        sidebar.iter().map(|s| (s.unread, s.mentions)).collect()
    }

    #[test]
    fn messages_by_others_elsewhere_are_unread_and_mentions_count_apart() {
        let mut sidebar = vec![summary("general"), summary("dev")];
        let me = nick("Ana");
        let open = channel("general");
        count(
            &mut sidebar,
            &message(1, "dev", "bob", &[]),
            &me,
            Some(&open),
        );
        count(
            &mut sidebar,
            &message(2, "dev", "bob", &["ana"]),
            &me,
            Some(&open),
        );
        assert_eq!(counts(&sidebar), [(0, 0), (2, 1)]);
    }

    #[test]
    fn my_own_messages_the_open_channel_and_unknown_channels_do_not_count() {
        let mut sidebar = vec![summary("general"), summary("dev")];
        let me = nick("ana");
        let open = channel("general");
        count(
            &mut sidebar,
            &message(1, "dev", "ANA", &[]),
            &me,
            Some(&open),
        );
        count(
            &mut sidebar,
            &message(2, "general", "bob", &["ana"]),
            &me,
            Some(&open),
        );
        count(
            &mut sidebar,
            &message(3, "ops", "bob", &[]),
            &me,
            Some(&open),
        );
        assert_eq!(counts(&sidebar), [(0, 0), (0, 0)]);
    }

    #[test]
    fn a_message_already_counted_by_the_server_is_not_counted_again() {
        let mut sidebar = vec![summary("dev")];
        sidebar[0].unread = 1;
        sidebar[0].newest_id = MessageId(7);
        let me = nick("ana");
        count(&mut sidebar, &message(7, "dev", "bob", &[]), &me, None);
        assert_eq!(counts(&sidebar), [(1, 0)]);
        count(&mut sidebar, &message(8, "dev", "bob", &[]), &me, None);
        count(&mut sidebar, &message(8, "dev", "bob", &[]), &me, None);
        assert_eq!(counts(&sidebar), [(2, 0)]);
    }

    #[test]
    fn a_read_marker_clears_its_channel() {
        let mut sidebar = vec![summary("dev")];
        let me = nick("ana");
        count(&mut sidebar, &message(4, "dev", "bob", &["ana"]), &me, None);
        let read = ChatEvent::Read(ReadMarker {
            channel: channel("dev"),
            last_read_id: MessageId(4),
        });
        count(&mut sidebar, &read, &me, None);
        assert_eq!(counts(&sidebar), [(0, 0)]);
        assert_eq!(last_read(&sidebar, &channel("dev")), Some(MessageId(4)));
        assert_eq!(last_read(&sidebar, &channel("ops")), None);
    }
}
