//! Changes to a timeline that the domain's `insert_in_order` and
//! `replace_in_order` do not cover.

use crate::domain::{Message, MessageId};

/// Shows message `id` as deleted, when the timeline holds it: its text is
/// gone, only the marker stays.
pub fn mark_deleted(timeline: &mut [Message], id: MessageId) {
    if let Ok(at) = timeline.binary_search_by_key(&id, |m| m.id) {
        let message = &mut timeline[at];
        message.deleted = true;
        message.body.clear();
        message.html.clear();
        message.mentions.clear();
    }
}

/// The newest message's id.
pub fn newest_id(timeline: &[Message]) -> Option<MessageId> {
    timeline.last().map(|m| m.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample_message as message;

    #[test]
    fn a_deleted_message_keeps_its_place_and_loses_its_text() {
        let mut timeline = vec![message(1), message(2)];
        mark_deleted(&mut timeline, MessageId(2));
        mark_deleted(&mut timeline, MessageId(7));
        assert!(!timeline[0].deleted);
        assert!(timeline[1].deleted);
        assert_eq!(timeline[1].body, "");
        assert_eq!(timeline[1].html, "");
        assert!(timeline[1].mentions.is_empty());
        assert_eq!(newest_id(&timeline), Some(MessageId(2)));
    }
}
