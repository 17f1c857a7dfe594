//! How [`ChannelSummary`] and [`ChannelListing`] are read: as the flat JSON
//! objects that their `#[serde(flatten)]` writes, into one plain struct each.
//!
//! Why not `#[serde(flatten)]` for reading too: it buffers every field in
//! serde's generic `Content` before handing them out, and that machinery
//! made the release wasm 2 KiB bigger after brotli. Writing keeps it.

use serde::Deserialize;

use super::{
    ChannelInfo, ChannelKind, ChannelListing, ChannelName, ChannelSummary, ChannelTopic, MessageId,
    Nickname,
};

/// The fields of [`ChannelInfo`], as they appear in both objects.
#[derive(Deserialize)]
pub struct FlatChannelSummary {
    name: ChannelName,
    kind: ChannelKind,
    topic: Option<ChannelTopic>,
    created_by: Option<Nickname>,
    participants: Vec<Nickname>,
    last_read_id: MessageId,
    unread: u32,
    mentions: u32,
    newest_id: MessageId,
}

#[derive(Deserialize)]
pub struct FlatChannelListing {
    name: ChannelName,
    kind: ChannelKind,
    topic: Option<ChannelTopic>,
    created_by: Option<Nickname>,
    participants: Vec<Nickname>,
    members: u32,
    joined: bool,
}

impl From<FlatChannelSummary> for ChannelSummary {
    fn from(flat: FlatChannelSummary) -> Self {
        ChannelSummary {
            info: ChannelInfo {
                name: flat.name,
                kind: flat.kind,
                topic: flat.topic,
                created_by: flat.created_by,
                participants: flat.participants,
            },
            last_read_id: flat.last_read_id,
            unread: flat.unread,
            mentions: flat.mentions,
            newest_id: flat.newest_id,
        }
    }
}

impl From<FlatChannelListing> for ChannelListing {
    fn from(flat: FlatChannelListing) -> Self {
        ChannelListing {
            info: ChannelInfo {
                name: flat.name,
                kind: flat.kind,
                topic: flat.topic,
                created_by: flat.created_by,
                participants: flat.participants,
            },
            members: flat.members,
            joined: flat.joined,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> ChannelInfo {
        ChannelInfo {
            name: ChannelName::parse("dm-3").unwrap(),
            kind: ChannelKind::Direct,
            topic: ChannelTopic::parse("plans").unwrap(),
            created_by: Some(Nickname::parse("ana").unwrap()),
            participants: vec![
                Nickname::parse("ana").unwrap(),
                Nickname::parse("bob").unwrap(),
            ],
        }
    }

    #[test]
    fn reads_what_flatten_writes() {
        let summary = ChannelSummary {
            info: info(),
            last_read_id: MessageId(4),
            unread: 2,
            mentions: 1,
            newest_id: MessageId(6),
        };
        let json = serde_json::to_string(&summary).unwrap();
        assert!(json.starts_with(r#"{"name":"dm-3","kind":"direct","#));
        assert_eq!(
            serde_json::from_str::<ChannelSummary>(&json).unwrap(),
            summary
        );

        let listing = ChannelListing {
            info: info(),
            members: 2,
            joined: true,
        };
        let json = serde_json::to_string(&listing).unwrap();
        assert_eq!(
            serde_json::from_str::<ChannelListing>(&json).unwrap(),
            listing
        );
    }
}
