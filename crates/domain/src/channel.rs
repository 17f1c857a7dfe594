//! Channels as people see them: public and private channels, and direct
//! messages between a few people.

use serde::{Deserialize, Serialize};

use super::{ChannelName, ChannelTopic, MessageId, Nickname};

/// Who can find and read a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Anyone signed in can find, read and join it.
    Public,
    /// Only its members know it exists.
    Private,
    /// A conversation of 2 to [`super::DmMembers::MAX_PEOPLE`] people, fixed
    /// when it is opened.
    Direct,
}

impl ChannelKind {
    /// Private channels and DMs: invisible to non-members on every path.
    pub fn is_secret(self) -> bool {
        !matches!(self, ChannelKind::Public)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Public => "public",
            ChannelKind::Private => "private",
            ChannelKind::Direct => "direct",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "public" => Some(ChannelKind::Public),
            "private" => Some(ChannelKind::Private),
            "direct" => Some(ChannelKind::Direct),
            _ => None,
        }
    }
}

/// A channel's identity. `name` is its stable id: it appears in URLs and in
/// every event's data, and channels are never renamed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelInfo {
    pub name: ChannelName,
    pub kind: ChannelKind,
    pub topic: Option<ChannelTopic>,
    /// Who created it (`None` for `#general`).
    pub created_by: Option<Nickname>,
    /// The people in a direct conversation, by name; empty for channels.
    pub participants: Vec<Nickname>,
}

impl ChannelInfo {
    /// What the sidebar and the header call it: `#name` for a channel, the
    /// other people's names for a DM.
    pub fn title_for(&self, me: &Nickname) -> String {
        match self.kind {
            ChannelKind::Direct => {
                let others: Vec<&str> = self
                    .participants
                    .iter()
                    .filter(|p| p.key() != me.key())
                    .map(Nickname::as_str)
                    .collect();
                if others.is_empty() {
                    me.to_string()
                } else {
                    others.join(", ")
                }
            }
            _ => format!("#{}", self.name),
        }
    }
}

/// A channel the person is in, with where they stopped reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "super::flat_channel::FlatChannelSummary")]
pub struct ChannelSummary {
    #[serde(flatten)]
    pub info: ChannelInfo,
    /// The newest message they have read (0 when none).
    pub last_read_id: MessageId,
    /// Messages by others after `last_read_id`.
    pub unread: u32,
    /// How many of those mention them.
    pub mentions: u32,
    /// The newest message when these were counted: a live message at or
    /// below it is already in `unread` (a page counts each message once,
    /// however its reads and its live feed interleave).
    pub newest_id: MessageId,
}

/// A public channel in the "browse channels" list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "super::flat_channel::FlatChannelListing")]
pub struct ChannelListing {
    #[serde(flatten)]
    pub info: ChannelInfo,
    pub members: u32,
    /// Whether the person asking is one of them.
    pub joined: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nick(n: &str) -> Nickname {
        Nickname::parse(n).unwrap()
    }

    #[test]
    fn a_dm_is_titled_by_the_other_people() {
        let dm = ChannelInfo {
            name: ChannelName::parse("dm-3").unwrap(),
            kind: ChannelKind::Direct,
            topic: None,
            created_by: Some(nick("ana")),
            participants: vec![nick("ana"), nick("bob"), nick("cy")],
        };
        assert_eq!(dm.title_for(&nick("Ana")), "bob, cy");
        let general = ChannelInfo {
            name: ChannelName::general(),
            kind: ChannelKind::Public,
            topic: None,
            created_by: None,
            participants: vec![],
        };
        assert_eq!(general.title_for(&nick("ana")), "#general");
    }

    #[test]
    fn kinds_round_trip_and_secrecy() {
        for kind in [
            ChannelKind::Public,
            ChannelKind::Private,
            ChannelKind::Direct,
        ] {
            assert_eq!(ChannelKind::parse(kind.as_str()), Some(kind));
        }
        assert!(!ChannelKind::Public.is_secret());
        assert!(ChannelKind::Private.is_secret());
        assert!(ChannelKind::Direct.is_secret());
    }
}
