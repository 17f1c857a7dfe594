//! Rows as the databases return them, and their mapping to domain types.
//! The shared types derive no database traits; every row parses here, and
//! a value that does not parse is reported as corrupt rather than shown.
//! Every backend reads the same columns into the same rows.

use domain::{
    events::ChatEvent, ChannelInfo, ChannelKind, ChannelName, ChannelTopic, EventId, Message,
    MessageId, MessageRef, Nickname,
};

use chrono::{DateTime, Utc};
use futures::TryStreamExt;

use crate::{
    live::event_log::{MemberChange, Route, StoredEvent},
    store::{ChannelRecord, Page, StoreError, StoreResult},
};

/// Times are stored as milliseconds since the Unix epoch (UTC), in both
/// backends: they compare correctly as numbers.
pub fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub fn from_millis(ms: i64) -> StoreResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("timestamp {ms}")))
}

pub fn nickname(raw: &str) -> StoreResult<Nickname> {
    Nickname::parse(raw).map_err(|e| StoreError::Corrupt(format!("user name {raw:?}: {e}")))
}

pub const MESSAGE_COLUMNS: &str = "m.id, c.name AS channel, u.name AS author, m.body, m.html, \
     m.created_at, m.edited_at, m.deleted_at, m.mention_names \
     FROM messages m JOIN channels c ON c.id = m.channel_id JOIN users u ON u.id = m.author_id";

/// A channel's columns ([`ChannelRow`]), with a DM's people in one string.
pub const CHANNEL_COLUMNS: &str = "c.id, c.name, c.kind, c.topic, c.created_by AS creator_id, \
     cu.name AS creator, \
     CASE WHEN c.kind = 'direct' THEN (SELECT string_agg(pu.name, ' ') \
         FROM channel_members p JOIN users pu ON pu.id = p.user_id WHERE p.channel_id = c.id) END \
       AS participants";

/// What [`CHANNEL_COLUMNS`] select from.
pub const CHANNEL_FROM: &str = "FROM channels c LEFT JOIN users cu ON cu.id = c.created_by";

/// A count as the traits report it. Counts come back as BIGINT on every
/// backend; they are bounded far below `u32::MAX`.
pub fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn channel_name(raw: &str) -> StoreResult<ChannelName> {
    ChannelName::parse(raw).map_err(|e| StoreError::Corrupt(format!("channel {raw:?}: {e}")))
}

/// Space-separated names, as `mention_names` and `participants` hold them.
fn names(raw: &str) -> StoreResult<Vec<Nickname>> {
    let mut names = raw
        .split_whitespace()
        .map(nickname)
        .collect::<StoreResult<Vec<_>>>()?;
    names.sort_by_key(Nickname::key);
    Ok(names)
}

#[derive(sqlx::FromRow)]
pub struct MessageRow {
    id: i64,
    channel: String,
    author: String,
    body: String,
    html: Option<String>,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    mention_names: String,
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;
    fn try_from(row: MessageRow) -> StoreResult<Self> {
        // Messages from before Markdown have no rendering: they were
        // plain text, and are shown as such.
        let html = row
            .html
            .unwrap_or_else(|| format!("<p>{}</p>", ammonia::clean_text(&row.body)));
        Ok(Message {
            id: MessageId(row.id),
            channel: channel_name(&row.channel)?,
            author: nickname(&row.author)?,
            body: row.body,
            html,
            created_at: from_millis(row.created_at)?,
            edited_at: row.edited_at.map(from_millis).transpose()?,
            deleted: row.deleted_at.is_some(),
            mentions: names(&row.mention_names)?,
        })
    }
}

pub fn to_messages(rows: Vec<MessageRow>) -> StoreResult<Vec<Message>> {
    rows.into_iter().map(Message::try_from).collect()
}

#[derive(sqlx::FromRow)]
pub struct ChannelRow {
    pub id: i64,
    name: String,
    kind: String,
    topic: Option<String>,
    creator_id: Option<i64>,
    creator: Option<String>,
    participants: Option<String>,
}

/// A channel's columns, and whether the person asking is in it.
#[derive(sqlx::FromRow)]
pub struct SeenChannelRow {
    #[sqlx(flatten)]
    pub channel: ChannelRow,
    pub member: bool,
}

impl TryFrom<ChannelRow> for ChannelRecord {
    type Error = StoreError;
    fn try_from(row: ChannelRow) -> StoreResult<Self> {
        let kind = ChannelKind::parse(&row.kind)
            .ok_or_else(|| StoreError::Corrupt(format!("channel kind {:?}", row.kind)))?;
        let topic = match row.topic.as_deref() {
            Some(raw) => ChannelTopic::parse(raw)
                .map_err(|e| StoreError::Corrupt(format!("topic {raw:?}: {e}")))?,
            None => None,
        };
        Ok(ChannelRecord {
            id: row.id,
            info: ChannelInfo {
                name: channel_name(&row.name)?,
                kind,
                topic,
                created_by: row.creator.as_deref().map(nickname).transpose()?,
                participants: names(row.participants.as_deref().unwrap_or(""))?,
            },
            creator_id: row.creator_id,
        })
    }
}

/// The event log's columns, with the message a message event is about.
pub const EVENT_COLUMNS: &str = "e.id, e.kind, e.channel_id, e.everyone, e.only_user_id, \
     e.member_id, e.data, c.name AS channel, m.id AS message_id, u.name AS author, m.body, \
     m.html, m.created_at, m.edited_at, m.deleted_at, m.mention_names \
     FROM events e JOIN channels c ON c.id = e.channel_id \
     LEFT JOIN messages m ON m.id = e.message_id LEFT JOIN users u ON u.id = m.author_id";

#[derive(sqlx::FromRow)]
pub struct EventRow {
    id: i64,
    kind: String,
    channel_id: i64,
    everyone: bool,
    only_user_id: Option<i64>,
    member_id: Option<i64>,
    data: Option<String>,
    channel: String,
    message_id: Option<i64>,
    author: Option<String>,
    body: Option<String>,
    html: Option<String>,
    created_at: Option<i64>,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
    mention_names: Option<String>,
}

impl EventRow {
    fn message(&self) -> StoreResult<Message> {
        let missing = || StoreError::Corrupt(format!("event {} has no message", self.id));
        Message::try_from(MessageRow {
            id: self.message_id.ok_or_else(missing)?,
            channel: self.channel.clone(),
            author: self.author.clone().ok_or_else(missing)?,
            body: self.body.clone().ok_or_else(missing)?,
            html: self.html.clone(),
            created_at: self.created_at.ok_or_else(missing)?,
            edited_at: self.edited_at,
            deleted_at: self.deleted_at,
            mention_names: self.mention_names.clone().unwrap_or_default(),
        })
    }

    fn data<T: serde::de::DeserializeOwned>(&self) -> StoreResult<T> {
        serde_json::from_str(self.data.as_deref().unwrap_or("null"))
            .map_err(|e| StoreError::Corrupt(format!("event {} data: {e}", self.id)))
    }
}

/// The events of `rows`, as many as `page` allows. Rows are read one at
/// a time and the rest are never fetched, so a page of long messages
/// stops at its byte budget instead of being read whole first.
pub async fn collect_page(
    mut rows: futures::stream::BoxStream<'_, Result<EventRow, sqlx::Error>>,
    page: Page,
) -> StoreResult<Vec<StoredEvent>> {
    let mut events = Vec::new();
    let mut bytes = 0;
    while let Some(row) = rows.try_next().await? {
        let event = StoredEvent::try_from(row)?;
        bytes += event.frame().len();
        events.push(event);
        if bytes >= page.bytes {
            break;
        }
    }
    Ok(events)
}

impl TryFrom<EventRow> for StoredEvent {
    type Error = StoreError;
    fn try_from(row: EventRow) -> StoreResult<Self> {
        let event = match row.kind.as_str() {
            "message" => ChatEvent::Message(row.message()?),
            "message_updated" => ChatEvent::MessageUpdated(row.message()?),
            "message_deleted" => ChatEvent::MessageDeleted(MessageRef {
                channel: channel_name(&row.channel)?,
                id: MessageId(row.message_id.unwrap_or_default()),
            }),
            "channel_created" => ChatEvent::ChannelCreated(row.data()?),
            "member_joined" => ChatEvent::MemberJoined(row.data()?),
            "member_left" => ChatEvent::MemberLeft(row.data()?),
            "read" => ChatEvent::Read(row.data()?),
            "notification" => ChatEvent::Notification(row.data()?),
            other => return Err(StoreError::Corrupt(format!("event kind {other:?}"))),
        };
        let member = match (&event, row.member_id) {
            (ChatEvent::MemberJoined(_), Some(id)) => Some(MemberChange::Joined(id)),
            (ChatEvent::MemberLeft(_), Some(id)) => Some(MemberChange::Left(id)),
            _ => None,
        };
        let route = Route {
            channel_id: row.channel_id,
            everyone: row.everyone,
            only_user: row.only_user_id,
            member,
        };
        Ok(StoredEvent::new(EventId(row.id), route, event))
    }
}

/// The `mention_names` column: the mentioned members' names,
/// space-separated.
pub fn mention_names(mentions: &[(i64, Nickname)]) -> String {
    let names: Vec<&str> = mentions.iter().map(|(_, n)| n.as_str()).collect();
    names.join(" ")
}

/// The `data` and `member_id` columns of an event as it is appended.
/// Message events keep no data: they are rebuilt from the message row when
/// replayed, so a deleted message's text is not.
pub fn event_columns(route: &Route, event: &ChatEvent) -> (Option<String>, Option<i64>) {
    let data = match event {
        ChatEvent::Message(_) | ChatEvent::MessageUpdated(_) | ChatEvent::MessageDeleted(_) => None,
        other => Some(other.data_json()),
    };
    let member_id = match route.member {
        Some(MemberChange::Joined(id) | MemberChange::Left(id)) => Some(id),
        None => None,
    };
    (data, member_id)
}
