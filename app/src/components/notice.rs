//! Small system rows in the timeline ("bob joined #dev"), shown when the
//! change arrives live, between the messages around it.

use crate::domain::{Message, MessageId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Unique within the page, in order of arrival.
    pub key: u64,
    /// The newest message shown when it happened.
    pub after: Option<MessageId>,
    pub text: String,
}

/// One row of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Message(Message),
    Notice(Notice),
}

/// What identifies a row for rendering: a message is drawn again when it
/// is edited or deleted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RowKey {
    Message(MessageId, Option<chrono::DateTime<chrono::Utc>>, bool),
    Notice(u64),
}

impl Row {
    pub fn key(&self) -> RowKey {
        match self {
            Row::Message(m) => RowKey::Message(m.id, m.edited_at, m.deleted),
            Row::Notice(n) => RowKey::Notice(n.key),
        }
    }
}

/// The messages (oldest first) with each notice after the message that was
/// newest when it happened.
pub fn rows(messages: &[Message], notices: &[Notice]) -> Vec<Row> {
    let mut rows = Vec::with_capacity(messages.len() + notices.len());
    let mut pending = notices.iter().peekable();
    for message in messages {
        while let Some(notice) = pending.next_if(|n| n.after < Some(message.id)) {
            rows.push(Row::Notice(notice.clone()));
        }
        rows.push(Row::Message(message.clone()));
    }
    rows.extend(pending.cloned().map(Row::Notice));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample_message as message;

    fn notice(key: u64, after: Option<i64>) -> Notice {
        Notice {
            key,
            after: after.map(MessageId),
            text: String::new(),
        }
    }

    fn keys(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                Row::Message(m) => format!("m{}", m.id.0),
                Row::Notice(n) => format!("n{}", n.key),
            })
            .collect()
    }

    #[test]
    fn notices_sit_after_the_message_newest_when_they_happened() {
        let messages = [message(1), message(2), message(5)];
        let notices = [
            notice(1, None),
            notice(2, Some(2)),
            notice(3, Some(2)),
            notice(4, Some(5)),
        ];
        assert_eq!(
            keys(&rows(&messages, &notices)),
            ["n1", "m1", "m2", "n2", "n3", "m5", "n4"]
        );
    }

    #[test]
    fn without_messages_only_notices() {
        assert_eq!(keys(&rows(&[], &[notice(1, None)])), ["n1"]);
    }
}
